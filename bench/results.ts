// Results of a campaign over a 1,000-school tree at 10k, 100k and 1M stored responses: the aggregates
// are kept at write time, so the cost of `GET /api/campaigns/:id/results` should not grow with responses.
// Baseline: the same requests at 10k responses.
import { join } from "node:path";
import { loadCatalogue } from "../forms/catalogue.ts";
import { TOTAL } from "../forms/contributions.ts";
import { scoreResponse } from "../forms/score.ts";
import { createApp } from "../server/app.ts";
import { bulkLoadResponses } from "../server/store/bulk-load.ts";
import { openSqliteStore } from "../server/store/sqlite.ts";
import type { Store } from "../server/store/store.ts";
import type { Access, Campaign } from "../server/store/types.ts";
import { signIn } from "../test/manager-helpers.ts";
import { ADMIN, CLOSES, createTree, growTo, OPENS, simulatedResponses, treeFixture } from "./fixtures.ts";
import { type Bench, fmt, ms, percentile, ratio, type Target, table, tempDir } from "./lib.ts";

export const SIZES = [10_000, 100_000, 1_000_000];
const REQUESTS = 50;
const WARMUP = 20;

export const resultsBench: Bench = {
  name: "results",
  title: "results: GET /api/campaigns/:id/results on a 1,000-school tree",
  async run(): Promise<Target[]> {
    const equal = await loaderMatchesSaves();
    console.log(
      `bulk loader check: ${equal.responses} responses stored through store.responses.save (group commit) and bulk loaded (in two loads) give ${
        equal.problems.length === 0 ? "identical" : "DIFFERENT"
      } rows and aggregates${equal.problems.length ? `: ${equal.problems.slice(0, 5).join("; ")}` : ""}`,
    );

    const f = await treeFixture();
    const app = createApp({ store: f.store, logError: (m) => console.error(m) });
    const admin = await signIn(app, ADMIN.username, ADMIN.password);
    const school = f.schools[0];
    if (!school) throw new Error("no school");
    const rootPath = `/api/campaigns/${f.campaign.id}/results`;
    const schoolPath = `${rootPath}?unit=${encodeURIComponent(school.code)}`;

    const rows: (string | number)[][] = [];
    const p50 = new Map<number, { root: number; school: number }>();
    const problems: string[] = [...equal.problems];
    for (const size of SIZES) {
      const grown = await growTo(f, size);
      const load = f.loads.find((l) => l.to === size);
      // The first read releases what the load added (the release rule, issue 13): results and the released
      // aggregates below lag the live ones until a read releases them.
      const first = (await (await admin.request(rootPath)).json()) as { totals: { responses: number } };
      // Consistency without a rebuild: every response counted once at the root, scores stored per criterion.
      const check = await consistency(f.store, f.campaign, f.root.id, size);
      if (first.totals.responses !== size) check.push(`root totals.responses ${first.totals.responses}`);
      problems.push(...check.map((c) => `${size}: ${c}`));
      const time = async (path: string) => {
        for (let i = 0; i < WARMUP; i++) await (await admin.request(path)).text();
        const times: number[] = [];
        for (let i = 0; i < REQUESTS; i++) {
          const t = performance.now();
          const res = await admin.request(path);
          await res.text();
          times.push(performance.now() - t);
          if (res.status !== 200) throw new Error(`${path} gave ${res.status}`);
        }
        return times;
      };
      const root = await time(rootPath);
      const one = await time(schoolPath);
      p50.set(size, { root: percentile(root, 50), school: percentile(one, 50) });
      rows.push([
        fmt(size),
        load ? `${(load.ms / 1000).toFixed(1)} s (+${fmt(grown.added)})` : "-",
        load ? fmt((load.added / load.ms) * 1000) : "-",
        ms(percentile(root, 50)),
        ms(percentile(root, 95)),
        ms(percentile(one, 50)),
        ms(percentile(one, 95)),
        check.length === 0 ? "ok" : "FAILED",
      ]);
    }
    console.log(
      `${f.schools.length} schools in ${f.schools.length / 20} communes under one province; one parent campaign (happy-school-parent, 17 questions, 3 criteria); ${REQUESTS} requests each after ${WARMUP} warm-up, app.request with an admin session; school = ${school.code}`,
    );
    console.log(
      table(
        [
          "responses",
          "bulk load",
          "rows/s",
          "root p50",
          "root p95",
          "school p50",
          "school p95",
          "consistency",
        ],
        rows,
      ),
    );
    const small = p50.get(SIZES[0] as number);
    const big = p50.get(SIZES[SIZES.length - 1] as number);
    const rootRatio = big && small ? big.root / small.root : Number.NaN;
    const schoolRatio = big && small ? big.school / small.school : Number.NaN;
    console.log(
      `ratio 1M / 10k (p50): root ${ratio(rootRatio)}, school ${ratio(schoolRatio)}${
        problems.length > 0 ? `\nconsistency problems: ${problems.join("; ")}` : ""
      }`,
    );
    return [
      {
        name: "results at 1M within 2× of 10k",
        met: Math.max(rootRatio, schoolRatio) <= 2,
        detail: `p50 root ${ratio(rootRatio)}, school ${ratio(schoolRatio)}`,
      },
      {
        name: "results root p50 < 20 ms at 1M",
        met: (big?.root ?? Number.POSITIVE_INFINITY) < 20,
        detail: ms(big?.root ?? Number.NaN),
      },
    ];
  },
};

/** What must hold after any load, read through the store: responses, score rows and root aggregates. */
async function consistency(store: Store, campaign: Campaign, rootId: number, size: number) {
  const problems: string[] = [];
  const rows = await store.countRows();
  if (rows.responses !== size) problems.push(`responses ${rows.responses}`);
  if (rows.response_scores !== 3 * size) problems.push(`response_scores ${rows.response_scores}`);
  const n = (await store.aggregates.counts(campaign.id, [rootId])).get(rootId);
  if (n !== size) problems.push(`agg_responses at root ${n}`);
  const total = (await store.aggregates.scores(campaign.id, [rootId])).find((s) => s.criterion === TOTAL);
  if (total?.n !== size) problems.push(`agg_scores total n at root ${total?.n}`);
  const levels = await store.aggregates.levels(campaign.id, rootId);
  const totalLevels = levels.filter((l) => l.criterion === TOTAL).reduce((a, l) => a + l.n, 0);
  if (totalLevels !== size) problems.push(`agg_levels total at root ${totalLevels}`);
  return problems;
}

/**
 * The bulk loader against the real thing: the same responses stored through `store.responses.save` in one
 * database and through `bulkLoadResponses` in another (in two loads, so it also continues stored sums)
 * give the same responses, scores, texts and aggregates at every unit, compared exactly.
 */
export async function loaderMatchesSaves(count = 400): Promise<{ responses: number; problems: string[] }> {
  const dir = tempDir("tieuchi-bench-check-");
  const now = new Date("2026-09-01T00:00:00.000Z");
  const open = async (name: string) => {
    const store = openSqliteStore(join(dir, name));
    await store.forms.addVersions(loadCatalogue(), now);
    const tree = await createTree(store, now, 3, 4);
    const campaign = await store.campaigns.create(
      {
        formId: "happy-school-parent",
        unitCode: tree.root.code,
        kind: "parent",
        period: "check",
        opensAt: OPENS,
        closesAt: CLOSES,
      },
      now,
    );
    return { store, campaign, ...tree };
  };
  const a = await open("saved.db");
  const b = await open("bulk.db");
  const form = (await a.store.forms.get(a.campaign.formId, a.campaign.formVersion))?.json ?? {};
  const responses = [...simulatedResponses(form, a.schools, 0, count)];
  const codes = new Map<number, string>();
  for (const [i, s] of a.schools.entries()) {
    const code = `BENCHCHECK${String(i).padStart(2, "0")}`;
    await a.store.campaigns.addCodes(a.campaign.id, s.code, "parent", [code], now);
    codes.set(s.id, code);
  }
  const accesses = new Map<number, Access>();
  for (const [unitId, code] of codes) {
    const access = await a.store.campaigns.findAccess(code);
    if (!access) throw new Error("no access");
    accesses.set(unitId, access);
  }
  // All at once, in order: group commit stores them in that order.
  await Promise.all(
    responses.map((r, i) => {
      const access = accesses.get(r.unitId) as Access;
      return a.store.responses.save({
        access,
        clientId: `check-${i}`,
        answers: r.answers,
        scores: scoreResponse(access.form.json, r.answers),
        now: new Date(r.submittedAt),
      });
    }),
  );
  const half = Math.floor(count / 3);
  bulkLoadResponses(join(dir, "bulk.db"), b.campaign.id, responses.slice(0, half));
  bulkLoadResponses(join(dir, "bulk.db"), b.campaign.id, responses.slice(half));

  const problems: string[] = [];
  const same = (what: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y)) problems.push(`${what} differs`);
  };
  const ids = [a.root.id, ...a.schools.map((s) => s.id), ...a.schools.map((s) => s.parentId as number)];
  const unitIds = [...new Set(ids)].sort((x, y) => x - y);
  const rowsA = await a.store.countRows();
  const rowsB = await b.store.countRows();
  same("row counts", { ...rowsA, receipts: 0, access_codes: 0 }, { ...rowsB, receipts: 0, access_codes: 0 });
  same(
    "responses and scores",
    await a.store.responses.listRaw(a.campaign.id),
    await b.store.responses.listRaw(b.campaign.id),
  );
  const sortBy = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
  same(
    "agg_responses",
    [...(await a.store.aggregates.counts(a.campaign.id, unitIds))].sort(),
    [...(await b.store.aggregates.counts(b.campaign.id, unitIds))].sort(),
  );
  same(
    "agg_scores",
    sortBy(await a.store.aggregates.scores(a.campaign.id, unitIds)),
    sortBy(await b.store.aggregates.scores(b.campaign.id, unitIds)),
  );
  for (const id of unitIds) {
    same(
      `agg_levels of unit ${id}`,
      sortBy(await a.store.aggregates.levels(a.campaign.id, id)),
      sortBy(await b.store.aggregates.levels(b.campaign.id, id)),
    );
    same(
      `agg_answers of unit ${id}`,
      sortBy(await a.store.aggregates.answers(a.campaign.id, id)),
      sortBy(await b.store.aggregates.answers(b.campaign.id, id)),
    );
  }
  same(
    "response_texts",
    await a.store.aggregates.texts(a.campaign.id, unitIds, 1_000_000),
    await b.store.aggregates.texts(b.campaign.id, unitIds, 1_000_000),
  );
  await a.store.close();
  await b.store.close();
  return { responses: count, problems };
}
