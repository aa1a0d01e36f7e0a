// Crash safety: the real server (server/cli/demo.ts) in a child process on a temp database, hundreds of
// concurrent parent submissions, SIGKILL at a random moment, restart, and proof that every acknowledged
// submission is stored exactly once, nothing is half-stored, and the aggregates equal a recomputation.
// Then SIGTERM in the middle of a burst must let accepted requests finish and exit 0.
// npm run test:postgres runs it again with the server on PostgreSQL (TEST_DATABASE_URL; helpers.ts).
//
// Reproduce a run with CRASH_SEED=<seed printed below> npx vitest run test/crash-safety.test.ts
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { Agent } from "node:http";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, expect, test } from "vitest";
import type { Answers } from "../forms/types.ts";
import { listElements } from "../forms/walk.ts";
import type { DemoCode } from "../server/demo/seed.ts";
import { seededRandom } from "../server/demo/simulate.ts";
import { openStore } from "../server/store/open-store.ts";
import {
  AGGREGATES,
  acked,
  burst,
  checkAfterRestart,
  DRAIN_IN_FLIGHT,
  DRAIN_REQUESTS,
  dbPath,
  delay,
  dir,
  EXIT_AFTER_LAST_ANSWER_MS,
  EXIT_WITHIN_MS,
  KILL_AFTER_MS,
  KILL_IN_FLIGHT,
  liveCount,
  PER_ROUND,
  postgresSchema,
  postgresUrl,
  query,
  REQUEST_TIMEOUT_MS,
  ROUNDS,
  type Row,
  readAggregates,
  receiptsOf,
  SEED,
  SERVER_ENV,
  type Submission,
  TERM_AFTER_RESPONSES,
} from "./crash-safety/helpers.ts";
import { type DemoProcess, queryReadOnly, spawnDemo } from "./e2e/harness.ts";
import { catalogueForm } from "./helpers.ts";

const rand = seededRandom(SEED);
// Hang detectors: on PostgreSQL or Citus (servers sharing the machine's 2 cores) every step takes longer.
const SLOWER = postgresUrl ? 5 : 1;
const form = catalogueForm("happy-school-parent").json;
const ratings = listElements(form).filter((el) => el.type === "rating" && el.name);
let server: DemoProcess | undefined;

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill("SIGKILL");
    await Promise.race([server.exited, new Promise((r) => setTimeout(r, 5000))]);
  }
  dir.remove();
  await postgresSchema("drop");
});
const all: Submission[] = [];
let parentCodes: DemoCode[] = [];
let seededResponses = 0;
const roundLog: Record<string, unknown>[] = [];

function prepare(phase: string, count: number): Submission[] {
  return Array.from({ length: count }, (_, i) => {
    const answers: Answers = {};
    for (const el of ratings) answers[el.name as string] = 1 + Math.floor(rand() * 5);
    const code = parentCodes[i % parentCodes.length]?.code ?? "";
    const clientId = `crash-${SEED}-${phase}-${i}`;
    return {
      phase,
      code,
      clientId,
      answers,
      body: JSON.stringify({ answers, clientId, locale: "vi" }),
      dispatched: false,
    };
  });
}

test(
  `acknowledged submissions survive ${ROUNDS} SIGKILLs at random moments (seed ${SEED})`,
  async () => {
    console.log(`crash-safety seed ${SEED} (rerun with CRASH_SEED=${SEED})`);
    const started = Date.now();
    await postgresSchema("create");
    server = await spawnDemo(dbPath, SERVER_ENV);
    const codes = JSON.parse(readFileSync(join(dir.path, "demo-codes.json"), "utf8")) as DemoCode[];
    parentCodes = codes.filter((c) => c.kind === "parent");
    expect(parentCodes.length).toBeGreaterThan(0);
    seededResponses = await liveCount("SELECT COUNT(*) AS n FROM responses");

    let previous: Submission[] | undefined;
    for (let round = 1; round <= ROUNDS; round++) {
      const current = server;
      const restartCheck = previous ? await checkAfterRestart(current.url, previous) : undefined;
      if (previous && restartCheck) Object.assign(roundLog[roundLog.length - 1] ?? {}, restartCheck);

      const subs = prepare(`r${round}`, PER_ROUND);
      all.push(...subs);
      const killAfter = KILL_AFTER_MS[0] + Math.floor(rand() * (KILL_AFTER_MS[1] - KILL_AFTER_MS[0] + 1));
      let killed = false;
      let killTimer: NodeJS.Timeout | undefined;
      let settledAtKill = 0;
      let settled = 0;
      let onKilled = () => {};
      const killedNow = new Promise<void>((resolve) => {
        onKilled = resolve;
      });
      const sending = burst(current.url, subs, {
        inFlight: KILL_IN_FLIGHT,
        stop: () => killed,
        // If every request is answered before the moment comes, the kill still happens at that moment.
        onFirstDispatch: () => {
          killTimer = setTimeout(() => {
            settledAtKill = settled;
            killed = true;
            current.child.kill("SIGKILL");
            onKilled();
          }, killAfter);
        },
        onSettle: () => {
          settled++;
        },
      });
      try {
        await killedNow;
      } finally {
        clearTimeout(killTimer);
      }
      // The requests in flight see their connection die; none is sent after the kill.
      await Promise.race([sending, delay(REQUEST_TIMEOUT_MS + 1000)]);
      const exit = await current.exited;
      expect(exit.signal).toBe("SIGKILL");

      const dispatched = subs.filter((s) => s.dispatched);
      const unsettled = dispatched.filter((s) => !s.status && !s.error);
      expect(unsettled, "requests still pending long after the kill").toEqual([]);
      const statuses = new Set(dispatched.filter((s) => s.status).map((s) => s.status));
      // Every complete response during a burst is a 201: no 5xx from contention, no 429.
      expect([...statuses].filter((st) => st !== 201)).toEqual([]);
      const entry = {
        round,
        killAfterMs: killAfter,
        sent: dispatched.length,
        acknowledged: subs.filter(acked).length,
        answeredBeforeKill: settledAtKill,
        failed: dispatched.filter((s) => s.error).length,
        errors: [...new Set(dispatched.filter((s) => s.error).map((s) => s.error))].join(","),
      };
      roundLog.push(entry);
      console.log(`round ${round}: SIGKILL ${killAfter} ms after the first request`, entry);

      server = await spawnDemo(dbPath, SERVER_ENV);
      previous = subs;
    }
    if (previous)
      Object.assign(roundLog[roundLog.length - 1] ?? {}, await checkAfterRestart(server.url, previous));
    console.table(roundLog);
    console.log(`SIGKILL rounds took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // Across the rounds, the kills did land mid-burst: some requests were cut off.
    expect(roundLog.some((r) => (r.failed as number) > 0)).toBe(true);
  },
  SLOWER * 120_000,
);

test(
  "SIGTERM lets in-flight submissions finish, then the server exits 0",
  async () => {
    const current = server;
    expect(current, "needs the server left running by the SIGKILL rounds").toBeDefined();
    if (!current) return;
    const subs = prepare("term", DRAIN_REQUESTS);
    all.push(...subs);
    let settled = 0;
    let termAt = 0;
    let inFlightAtTerm = 0;
    let lastAnswerAt = 0;
    // The client keeps its idle connections open until the server has gone, as a browser would.
    const agent = new Agent({ keepAlive: true, maxSockets: DRAIN_IN_FLIGHT });
    let exitedAt = 0;
    void current.exited.then(() => {
      exitedAt = Date.now();
    });
    let exit: { code: number | string | null; signal: NodeJS.Signals | null };
    try {
      await burst(current.url, subs, {
        inFlight: DRAIN_IN_FLIGHT,
        agent,
        onSettle: (s) => {
          settled++;
          if (settled === TERM_AFTER_RESPONSES) {
            inFlightAtTerm = subs.filter((s) => s.dispatched && !s.status && !s.error).length;
            termAt = Date.now();
            current.child.kill("SIGTERM");
          }
          if (termAt && s.status !== undefined) lastAnswerAt = Date.now();
        },
      });
      exit = await Promise.race([
        current.exited,
        delay(EXIT_WITHIN_MS).then(() => ({ code: "still running after SIGTERM", signal: null })),
      ]);
    } finally {
      agent.destroy();
    }
    const exitMs = exitedAt - termAt;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(exitMs).toBeLessThan(EXIT_WITHIN_MS);
    expect(exitedAt - lastAnswerAt, "ms from the last answer to exit").toBeLessThan(
      EXIT_AFTER_LAST_ANSWER_MS,
    );

    const dispatched = subs.filter((s) => s.dispatched);
    const answered = dispatched.filter((s) => s.status !== undefined);
    const failed = dispatched.filter((s) => s.error);
    // A complete HTTP response is always a 201 with a responseId: nothing was cut off with a 5xx.
    for (const s of answered)
      expect({ clientId: s.clientId, status: s.status, ok: acked(s) }).toEqual({
        clientId: s.clientId,
        status: 201,
        ok: true,
      });
    // A request that failed failed before the server took it: refused or reset, and not stored.
    for (const s of failed) expect(s.error).toMatch(/ECONNREFUSED|ECONNRESET|EPIPE|socket hang up/);
    const stored = await receiptsOf(subs);
    expect(failed.filter((s) => stored.has(s.clientId)).map((s) => s.clientId)).toEqual([]);
    for (const s of answered) expect(stored.get(s.clientId)?.responseId).toBe(s.reply?.responseId);
    const summary = {
      sent: dispatched.length,
      answered201: answered.length,
      inFlightAtSigterm: inFlightAtTerm,
      refusedOrReset: failed.length,
      errors: [...new Set(failed.map((s) => s.error))].join(","),
      lastAnswerMs: lastAnswerAt - termAt,
      exitMs,
    };
    console.log("SIGTERM drain:", summary);
    expect(inFlightAtTerm).toBeGreaterThan(0);
    expect(answered.length).toBeGreaterThan(TERM_AFTER_RESPONSES);
  },
  SLOWER * 60_000,
);

test("afterwards: every acknowledged submission stored exactly once, nothing half-stored, aggregates = rebuild", async () => {
  expect(server?.child.exitCode, "the server has stopped").not.toBeNull();
  expect(all.length).toBeGreaterThan(0);
  const q = query;
  if (!postgresUrl) {
    // SQLite's own checks of the file; PostgreSQL has none to ask (its WAL replay is all or nothing).
    const db = new BetterSqlite3(dbPath, { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(db.pragma("foreign_key_check")).toEqual([]);
    } finally {
      db.close();
    }
  }

  // Exactly once: no clientId twice, no response twice, and the responses are exactly the seeded ones
  // plus one per receipt of this test.
  expect(
    await q(
      "SELECT access_code, client_id FROM receipts GROUP BY access_code, client_id HAVING COUNT(*) > 1",
    ),
  ).toEqual([]);
  const ours = await q<{ access_code: string; client_id: string; response_id: number }>(
    "SELECT access_code, client_id, response_id FROM receipts WHERE client_id LIKE ?",
    `crash-${SEED}-%`,
  );
  expect(new Set(ours.map((r) => r.response_id)).size).toBe(ours.length);
  expect(await liveCount("SELECT COUNT(*) AS n FROM responses")).toBe(seededResponses + ours.length);

  // Nothing half-stored: every receipt has its response, every response a receipt and all its scores.
  // Compared here from one-table reads: Citus refuses joins on response_id alone (not its distribution key).
  const responseRows = await q<{ id: number; form_version_id: number; answers: string; campaign_id: number }>(
    "SELECT id, form_version_id, answers, campaign_id FROM responses",
  );
  const receiptRows = await q<{ client_id: string; response_id: number }>(
    "SELECT client_id, response_id FROM receipts",
  );
  const responseIds = new Set(responseRows.map((r) => r.id));
  const receiptIds = new Set(receiptRows.map((r) => r.response_id));
  expect(receiptRows.filter((r) => !responseIds.has(r.response_id)).map((r) => r.client_id)).toEqual([]);
  expect(responseRows.filter((r) => !receiptIds.has(r.id)).map((r) => r.id)).toEqual([]);
  const criteriaOf = new Map(
    (await q<{ id: number; json: string }>("SELECT id, json FROM form_versions")).map((f) => [
      f.id,
      (JSON.parse(f.json).criteria ?? []).length as number,
    ]),
  );
  const scoreCounts = new Map(
    (
      await q<{ response_id: number; n: number }>(
        "SELECT response_id, COUNT(*) AS n FROM response_scores GROUP BY response_id",
      )
    ).map((r) => [r.response_id, Number(r.n)]),
  );
  expect(
    responseRows
      .filter((r) => (scoreCounts.get(r.id) ?? 0) !== criteriaOf.get(r.form_version_id))
      .map((r) => r.id),
  ).toEqual([]);

  // Every acknowledged submission is there, under its code, with the answers that were sent.
  const byClient = new Map(ours.map((r) => [r.client_id, r]));
  const stored = new Map(responseRows.map((r) => [r.id, r]));
  const campaignOf = new Map(parentCodes.map((c) => [c.code, c.campaignId]));
  const ackedAll = all.filter(acked);
  for (const s of ackedAll) {
    const receipt = byClient.get(s.clientId);
    expect(receipt, `acknowledged ${s.clientId} lost`).toEqual({
      access_code: s.code,
      client_id: s.clientId,
      response_id: s.reply?.responseId,
    });
    const row = stored.get(s.reply?.responseId ?? -1);
    expect(row && JSON.parse(row.answers)).toEqual(s.answers);
    expect(row?.campaign_id).toBe(campaignOf.get(s.code));
  }
  // Whatever is stored without an acknowledgement was sent (cut off after commit), and is whole.
  const sentIds = new Set(all.filter((s) => s.dispatched).map((s) => s.clientId));
  expect(ours.filter((r) => !sentIds.has(r.client_id))).toEqual([]);
  console.log(
    `final: ${all.filter((s) => s.dispatched).length} submissions sent, ${ackedAll.length} acknowledged ` +
      `(${ackedAll.filter((s) => s.retried).length} of them on a retry after a restart), ` +
      `${ours.length} stored, ${ours.length - ackedAll.length} stored but never acknowledged`,
  );
  const before = await readAggregates((sql) => q<Row>(sql));

  // Recompute the aggregates and compare: on a copy of the SQLite file; in place on PostgreSQL (the
  // server has stopped, and the rows were read above).
  const rebuiltPath = postgresUrl ? dbPath : join(dir.path, "rebuilt.db");
  if (!postgresUrl) {
    copyFileSync(dbPath, rebuiltPath);
    for (const suffix of ["-wal", "-shm"])
      if (existsSync(dbPath + suffix)) copyFileSync(dbPath + suffix, rebuiltPath + suffix);
  }
  const store = await openStore({ databaseUrl: postgresUrl, databasePath: rebuiltPath });
  let rebuilt: { campaigns: number; responses: number };
  try {
    rebuilt = await store.aggregates.rebuild();
  } finally {
    await store.close();
  }
  expect(rebuilt.responses).toBeGreaterThan(seededResponses);
  const after = await readAggregates((sql) =>
    postgresUrl ? q<Row>(sql) : queryReadOnly<Row>(rebuiltPath, sql),
  );
  for (const [table, { values }] of Object.entries(AGGREGATES)) {
    const was = before[table] as Map<string, Row>;
    const now = after[table] as Map<string, Row>;
    expect([...was.keys()].sort(), `${table}: the same groups`).toEqual([...now.keys()].sort());
    for (const [key, row] of was) {
      const fresh = now.get(key) as Row;
      for (const v of values) {
        const a = row[v];
        const b = fresh[v];
        if (typeof a === "number" && typeof b === "number" && v !== "n")
          expect(Math.abs(a - b), `${table} ${key} ${v}: ${a} vs ${b}`).toBeLessThan(1e-6);
        else expect(a, `${table} ${key} ${v}`).toBe(b);
      }
    }
  }
  const total = [...(after.agg_responses?.values() ?? [])].reduce((n, r) => n + Number(r.n), 0);
  expect(total).toBeGreaterThan(0);
});
