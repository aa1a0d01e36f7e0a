// The large database shared by the results and export benchmarks: a province with 50 communes of 20
// schools each (1,000 schools), one open parent campaign over the province, and an admin account. It
// grows by bulk loading (server/store/bulk-load.ts) and is kept for the rest of the run.
import { join } from "node:path";
import { loadCatalogue } from "../forms/catalogue.ts";
import type { Answers, FormJson } from "../forms/types.ts";
import { createAccount } from "../server/accounts/create-account.ts";
import { seededRandom, simulateAnswers } from "../server/demo/simulate.ts";
import { type BulkResponse, bulkLoadResponses } from "../server/store/bulk-load.ts";
import { openSqliteStore } from "../server/store/sqlite.ts";
import type { Store } from "../server/store/store.ts";
import type { Campaign, Unit } from "../server/store/types.ts";
import type { NewUnit } from "../server/store/units.ts";
import { tempDir } from "./lib.ts";

export const COMMUNES = 50;
export const SCHOOLS_PER_COMMUNE = 20;
export const OPENS = new Date("2026-09-01T00:00:00.000Z");
export const CLOSES = new Date("2099-12-31T00:00:00.000Z");
export const ADMIN = { username: "bench-admin", password: "bench password 2026" };

export interface TreeFixture {
  dbPath: string;
  store: Store;
  campaign: Campaign;
  form: FormJson;
  root: Unit;
  schools: Unit[];
  /** Responses loaded so far. */
  responses: number;
  /** Milliseconds each growth step took, by the size it reached. */
  loads: { to: number; added: number; ms: number }[];
}

/** A province → communes → schools tree with `communes × perCommune` schools, in a store. */
export async function createTree(
  store: Store,
  now: Date,
  communes = COMMUNES,
  perCommune = SCHOOLS_PER_COMMUNE,
): Promise<{ root: Unit; schools: Unit[] }> {
  const units: NewUnit[] = [{ code: "SGD", name: "Sở Giáo dục và Đào tạo (bench)", kind: "province" }];
  for (let c = 1; c <= communes; c++) {
    const commune = `XA-${String(c).padStart(3, "0")}`;
    units.push({ code: commune, name: `Xã ${c}`, kind: "commune", parentCode: "SGD" });
    for (let s = 1; s <= perCommune; s++)
      units.push({
        code: `${commune}-TR${String(s).padStart(2, "0")}`,
        name: `Trường ${c}.${s}`,
        kind: "school",
        parentCode: commune,
      });
  }
  await store.units.createAll(units, now);
  const root = await store.units.get("SGD");
  if (!root) throw new Error("no root unit");
  const schools: Unit[] = [];
  for (let c = 1; c <= communes; c++)
    schools.push(...(await store.units.listChildren(`XA-${String(c).padStart(3, "0")}`)));
  return { root, schools };
}

let fixture: Promise<TreeFixture> | undefined;

/** The shared fixture, created on first use. */
export function treeFixture(): Promise<TreeFixture> {
  fixture ??= (async () => {
    const dbPath = join(tempDir("tieuchi-bench-tree-"), "bench.db");
    const store = openSqliteStore(dbPath);
    const now = new Date("2026-09-01T00:00:00.000Z");
    await store.forms.addVersions(loadCatalogue(), now);
    const { root, schools } = await createTree(store, now);
    const campaign = await store.campaigns.create(
      {
        formId: "happy-school-parent",
        unitCode: root.code,
        kind: "parent",
        period: "2026–2027 HK1",
        opensAt: OPENS,
        closesAt: CLOSES,
        expected: 400,
      },
      now,
    );
    await createAccount(store, { ...ADMIN, role: "admin", unitCode: root.code }, now);
    const form = (await store.forms.get(campaign.formId, campaign.formVersion))?.json;
    if (!form) throw new Error("no form");
    return { dbPath, store, campaign, form, root, schools, responses: 0, loads: [] };
  })();
  return fixture;
}

/** Simulated parent responses, spread over the schools, each school with its own quality. */
export function* simulatedResponses(
  form: FormJson,
  schools: Unit[],
  from: number,
  count: number,
): Generator<BulkResponse> {
  const rand = seededRandom(1_000_003 + from);
  const day = 24 * 3600_000;
  for (let i = from; i < from + count; i++) {
    const s = i % schools.length;
    const school = schools[s] as Unit;
    const base = 2.4 + ((s * 0.37) % 2);
    const answers: Answers = simulateAnswers(
      form,
      (criterion) => base + (criterion === "TC2" ? -0.3 : criterion === "TC3" ? 0.25 : 0),
      rand,
    );
    yield {
      unitId: school.id,
      answers,
      submittedAt: new Date(+OPENS + Math.floor((i / (from + count)) * 60 * day)).toISOString(),
    };
  }
}

/** Grows the fixture to `target` responses (no-op if it has as many already). */
export async function growTo(f: TreeFixture, target: number): Promise<{ added: number; ms: number }> {
  const added = target - f.responses;
  if (added <= 0) return { added: 0, ms: 0 };
  const result = bulkLoadResponses(
    f.dbPath,
    f.campaign.id,
    simulatedResponses(f.form, f.schools, f.responses, added),
  );
  f.responses += result.responses;
  f.loads.push({ to: f.responses, added, ms: result.ms });
  return { added, ms: result.ms };
}

/** Closes the shared fixture's store, if it was opened. */
export async function closeTreeFixture(): Promise<void> {
  if (!fixture) return;
  const f = await fixture.catch(() => undefined);
  fixture = undefined;
  await f?.store.close();
}
