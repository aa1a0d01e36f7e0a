import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCatalogue } from "../forms/catalogue.ts";
import type { Answers, Form } from "../forms/types.ts";
import { createApp } from "../server/app.ts";
import type { Clock } from "../server/clock.ts";
import { openSqliteStore } from "../server/store/sqlite.ts";
import type { Store } from "../server/store/store.ts";
import { openPostgresTestStore } from "./postgres-helpers.ts";

export const catalogue: Form[] = loadCatalogue();
export const catalogueForm = (id: string): Form => {
  const form = catalogue.find((f) => f.id === id);
  if (!form) throw new Error(`no form ${id} in forms/`);
  return form;
};

/** A clock the test moves by hand. */
export function fixedClock(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return { now: () => now, set: (next) => (now = new Date(next)) };
}

export function tempDir(prefix = "tieuchi-test-"): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const OPENS = "2026-09-01T00:00:00.000Z";
export const CLOSES = "2026-12-31T00:00:00.000Z";
export const DURING = "2026-11-23T08:00:00.000Z";

/**
 * A fresh store for a test: SQLite at `path`; or, when TEST_DATABASE_URL=postgres://… is set (npm run
 * test:postgres), the same tests' store on PostgreSQL or Citus: a schema per test worker, emptied when a
 * test opens a new `path` (opening the same path again is a reopen and keeps the data).
 */
export function openTestStore(path: string): Promise<Store> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return openPostgresTestStore(url, path);
  return Promise.resolve(openSqliteStore(path));
}

/** A database on a temp file with one school, open staff and parent campaigns and a few codes. */
export async function setUpWorld(dbPath: string, clock: Clock) {
  const store = await openTestStore(dbPath);
  const now = clock.now();
  await store.forms.addVersions(catalogue, now);
  await store.units.create({ code: "P", name: "Sở GDĐT", kind: "province" }, now);
  await store.units.create(
    { code: "S1", name: "Trường Tiểu học Minh Cầm", kind: "school", parentCode: "P" },
    now,
  );
  const window = {
    unitCode: "P",
    period: "2026–2027 HK1",
    opensAt: new Date(OPENS),
    closesAt: new Date(CLOSES),
  };
  const staff = await store.campaigns.create({ ...window, formId: "happy-school-staff", kind: "staff" }, now);
  const parent = await store.campaigns.create(
    { ...window, formId: "happy-school-parent", kind: "parent" },
    now,
  );
  await store.campaigns.addCodes(staff.id, "S1", "staff", ["STAFF00001", "STAFF00002", "REVOKED001"], now);
  await store.campaigns.addCodes(parent.id, "S1", "parent", ["PARENT000001"], now);
  await store.campaigns.revokeCode("REVOKED001", now);
  return { store, staff, parent };
}

export function makeApp(store: Store, clock: Clock) {
  return createApp({ store, clock, logError: () => {} });
}

/** Every scored question of a form answered with the same rating. */
export function allRatings(form: Form, value: number): Answers {
  const answers: Answers = {};
  for (const page of form.json.pages ?? [])
    for (const el of page.elements ?? []) if (el.criterion && el.name) answers[el.name] = value;
  return answers;
}

export function postJson(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  path: string,
  body: unknown,
) {
  return app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
