// The submission write path (server/store/sqlite-submissions.ts) keeps aggregates in memory per group
// commit batch and writes each touched row once: the rows must be exactly (to the last bit) what saving
// the same submissions one transaction at a time gives, and what a rebuild from the responses gives.
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { scoreResponse } from "../forms/score.ts";
import type { Answers } from "../forms/types.ts";
import { seededRandom, simulateAnswers } from "../server/demo/simulate.ts";
import type { Store } from "../server/store/store.ts";
import { catalogueForm, DURING, fixedClock, setUpWorld, tempDir } from "./helpers.ts";

const dir = tempDir();
afterAll(() => dir.remove());

const staffForm = catalogueForm("happy-school-staff");
const parentForm = catalogueForm("happy-school-parent");
const rand = seededRandom(42);
const code = (i: number) => ["STAFF00001", "STAFF00002", "PARENT000001"][i % 3] as string;
/** 60 submissions: parents, and staff codes answering again (revisions) with differing answers. */
const plan = Array.from({ length: 60 }, (_, i) => ({
  code: code(i),
  clientId: `client-${String(i).padStart(4, "0")}`,
  answers: simulateAnswers(
    code(i).startsWith("STAFF") ? staffForm.json : parentForm.json,
    () => 1 + (i % 5) + rand() * 0.7,
    rand,
  ) as Answers,
}));

async function saveAll(store: Store, together: boolean) {
  const clock = fixedClock(DURING);
  const submissions = await Promise.all(
    plan.map(async (p) => {
      const access = await store.campaigns.findAccess(p.code);
      if (!access) throw new Error(`no access ${p.code}`);
      const scores = scoreResponse(access.form.json, p.answers);
      return { access, clientId: p.clientId, answers: p.answers, scores, now: clock.now() };
    }),
  );
  if (together) return Promise.all(submissions.map((s) => store.responses.save(s)));
  const out = [];
  for (const s of submissions) out.push(await store.responses.save(s));
  return out;
}

const TABLES = {
  agg_responses: "campaign_id, unit_id",
  agg_scores: "campaign_id, unit_id, criterion",
  agg_levels: "campaign_id, unit_id, criterion, level",
  agg_answers: "campaign_id, unit_id, question, value",
  response_texts: "response_id, question",
  responses: "id",
  response_revisions: "response_id, revision",
  response_scores: "response_id, criterion",
};
function readTables(path: string) {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return Object.fromEntries(
      Object.entries(TABLES).map(([table, order]) => [
        table,
        db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all(),
      ]),
    );
  } finally {
    db.close();
  }
}

describe("SqliteSubmissions", () => {
  const paths = { oneByOne: join(dir.path, "one.db"), batched: join(dir.path, "batched.db") };
  const receipts: Record<string, { created: boolean; revision: number }[]> = {};
  let commits = 0;

  beforeAll(async () => {
    for (const [name, path] of Object.entries(paths)) {
      const { store } = await setUpWorld(path, fixedClock(DURING));
      receipts[name] = await saveAll(store, name === "batched");
      if (name === "batched") commits = store.responses.commitStats.transactions;
      await store.close();
    }
  });

  test("a batch of 60 submissions is one transaction", () => {
    expect(commits).toBe(1);
  });

  test("a batch stores exactly what one transaction per submission stores, aggregates to the last bit", () => {
    const one = readTables(paths.oneByOne);
    const batched = readTables(paths.batched);
    expect(batched.agg_scores?.length).toBeGreaterThan(0);
    expect(batched.response_revisions?.length).toBe(38); // 40 staff submissions on 2 codes: 38 replaced
    for (const table of Object.keys(TABLES)) {
      const strip = (rows: unknown[] | undefined) =>
        (rows ?? []).map((r) => ({
          ...(r as object),
          submitted_at: undefined,
          first_submitted_at: undefined,
        }));
      expect(strip(batched[table]), table).toEqual(strip(one[table]));
    }
    expect(receipts.batched?.map((r) => [r.created, r.revision])).toEqual(
      receipts.oneByOne?.map((r) => [r.created, r.revision]),
    );
  });

  test("batched aggregates equal a rebuild from the stored responses", async () => {
    const before = readTables(paths.batched);
    const { openSqliteStore } = await import("../server/store/sqlite.ts");
    const store = openSqliteStore(paths.batched);
    await store.aggregates.rebuild();
    await store.close();
    const after = readTables(paths.batched);
    const round = (rows: unknown[] | undefined) =>
      (rows ?? []).map((r) => {
        const row = r as Record<string, unknown>;
        return {
          ...row,
          sum: Number(Number(row.sum ?? 0).toFixed(6)),
          sumsq: Number(Number(row.sumsq ?? 0).toFixed(4)),
        };
      });
    // Revisions leave rows that count 0 (a level nobody holds any more); a rebuild never writes them.
    const counted = (rows: unknown[] | undefined) =>
      (rows ?? []).filter((r) => (r as { n?: number }).n !== 0);
    expect(before.agg_levels?.length).toBeGreaterThan(counted(before.agg_levels).length);
    for (const table of ["agg_responses", "agg_levels", "agg_answers", "response_texts"])
      expect(counted(after[table]), table).toEqual(counted(before[table]));
    expect(round(counted(after.agg_scores))).toEqual(round(counted(before.agg_scores)));
  });
});
