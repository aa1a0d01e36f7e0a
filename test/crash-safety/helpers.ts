// The helpers of the crash-safety test (test/crash-safety.test.ts): the run's settings and temp database,
// load generation (submissions over keep-alive HTTP) and the checks after a restart and on the aggregates.
//
// Reproduce a run with CRASH_SEED=<seed printed by the test> npx vitest run test/crash-safety.test.ts
// With TEST_DATABASE_URL=postgres://… (npm run test:postgres) the server runs on that database instead,
// in a schema of its own (crash_<seed>), and the checks read it there.
import { Agent, request } from "node:http";
import { join } from "node:path";
import pg from "pg";
import { expect } from "vitest";
import type { Answers } from "../../forms/types.ts";
import { postgresPool } from "../../server/store/postgres.ts";
import { queryReadOnly } from "../e2e/harness.ts";
import { tempDir } from "../helpers.ts";

export const ROUNDS = 5;
/** Submissions prepared per round; the kill comes before they are all sent (on a 2-core machine). */
export const PER_ROUND = 600;
/** Requests in flight at once while the kill comes; the server commits one submission at a time. */
export const KILL_IN_FLIGHT = 200;
/** When the SIGKILL comes, after the first request of a round: drawn from the seed. */
export const KILL_AFTER_MS: [number, number] = [50, 1500];
export const DRAIN_IN_FLIGHT = 50;
/** Acknowledged submissions of the previous round sent again after each restart. */
export const REPLAYS_PER_ROUND = 25;
/** Cut-off submissions of the previous round sent again after each restart, as the form page would. */
export const RETRIES_PER_ROUND = 25;
export const DRAIN_REQUESTS = 300;
/** SIGTERM goes out once this many drain-burst responses are in, so dozens are surely in flight. */
export const TERM_AFTER_RESPONSES = 60;
export const REQUEST_TIMEOUT_MS = 15_000;
/** SIGTERM to exit, drain included, at most; on this 2-core machine it is 0.5–3.5 s. */
export const EXIT_WITHIN_MS = 15_000;
/**
 * Last answer to exit, at most. Without `Connection: close` on the answers after the signal, a
 * connection busy at the signal stayed open for Node's keep-alive timeout (5 s + 1 s), and one that
 * the client kept busy held the server open for as long as the client went on.
 */
export const EXIT_AFTER_LAST_ANSWER_MS = 3_000;
export const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
export const dir = tempDir("tieuchi-crash-");
export const dbPath = join(dir.path, "tieuchi.db");

const testUrl = process.env.TEST_DATABASE_URL;
const schema = `crash_${SEED}`;
/** The PostgreSQL database of a test:postgres run: the test's own schema, named in the URL. */
export const postgresUrl = testUrl && `${testUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
export const SERVER_ENV = {
  SUBMIT_RATE_LIMIT: "0",
  LOGIN_RATE_LIMIT: "0",
  ...(postgresUrl && { DATABASE_URL: postgresUrl }),
};

/** PostgreSQL: an empty schema for the run (the demo seeds an empty database), or dropped after it. */
export async function postgresSchema(action: "create" | "drop"): Promise<void> {
  if (!testUrl) return;
  const client = new pg.Client({ connectionString: testUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    if (action === "create") await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
}

/** Rows of a read-only query on the server's database (`?` marks a parameter on both engines). */
export async function query<T>(sql: string, ...params: unknown[]): Promise<T[]> {
  if (!postgresUrl) return queryReadOnly<T>(dbPath, sql, ...params);
  const pool = postgresPool(postgresUrl, { max: 1 });
  try {
    let n = 0;
    return (
      await pool.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows as T[];
  } finally {
    await pool.end();
  }
}

export interface Submission {
  phase: string;
  code: string;
  clientId: string;
  answers: Answers;
  body: string;
  dispatched: boolean;
  /** Set once settled: a complete HTTP response, or the client-side error. */
  status?: number;
  reply?: { responseId?: number; revision?: number; scores?: unknown };
  error?: string;
  /** Acknowledged only when sent again after a restart. */
  retried?: boolean;
}

export const acked = (s: Submission) =>
  (s.status === 201 || s.status === 200) && typeof s.reply?.responseId === "number";

/** Everything sent, over all phases, for the final checks. */

export function post(
  agent: Agent,
  url: string,
  code: string,
  body: string,
): Promise<{ status: number; text: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request(
      `${url}/api/a/${code}/responses`,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        res.on("error", (e: NodeJS.ErrnoException) => resolve({ error: `response: ${e.code ?? e.message}` }));
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error("client timeout")));
    req.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end(body);
  });
}

export async function send(agent: Agent, url: string, s: Submission): Promise<void> {
  s.dispatched = true;
  const outcome = await post(agent, url, s.code, s.body);
  if ("error" in outcome) {
    s.error = outcome.error;
    return;
  }
  s.status = outcome.status;
  try {
    s.reply = JSON.parse(outcome.text);
  } catch {
    s.reply = undefined;
  }
}

/**
 * Sends submissions with at most `inFlight` at a time until all are sent or `stop()` says to stop
 * dispatching; `onFirstDispatch` hears of the first dispatch, `onSettle` of every settled request.
 * Connections are kept alive, as browsers do; on an agent of its own unless given one.
 */
export async function burst(
  url: string,
  subs: Submission[],
  hooks: {
    inFlight: number;
    agent?: Agent;
    stop?: () => boolean;
    onFirstDispatch?: () => void;
    onSettle?: (s: Submission) => void;
  },
): Promise<void> {
  const agent = hooks.agent ?? new Agent({ keepAlive: true, maxSockets: hooks.inFlight });
  let next = 0;
  const deadline = Date.now() + 60_000;
  const worker = async () => {
    while (next < subs.length && !hooks.stop?.() && Date.now() < deadline) {
      const s = subs[next++] as Submission;
      if (next === 1) hooks.onFirstDispatch?.();
      await send(agent, url, s);
      hooks.onSettle?.(s);
    }
  };
  try {
    await Promise.all(Array.from({ length: hooks.inFlight }, worker));
  } finally {
    if (!hooks.agent) agent.destroy();
  }
}

export async function liveCount(sql: string, ...params: unknown[]): Promise<number> {
  return Number((await query<{ n: number }>(sql, ...params))[0]?.n ?? -1);
}

/** What the database holds for a set of submissions, by clientId. */
export async function receiptsOf(
  subs: Submission[],
): Promise<Map<string, { code: string; responseId: number }>> {
  const rows = await query<{ access_code: string; client_id: string; response_id: number }>(
    "SELECT access_code, client_id, response_id FROM receipts WHERE client_id LIKE ?",
    `crash-${SEED}-${subs[0]?.phase}-%`,
  );
  return new Map(rows.map((r) => [r.client_id, { code: r.access_code, responseId: r.response_id }]));
}

/** After a restart: the previous round's acknowledged submissions are there, and replays are answered 200. */
export async function checkAfterRestart(url: string, round: Submission[]) {
  const stored = await receiptsOf(round);
  for (const s of round) {
    const r = stored.get(s.clientId);
    if (acked(s)) {
      expect(r, `acknowledged ${s.clientId} lost`).toBeDefined();
      expect(r).toEqual({ code: s.code, responseId: s.reply?.responseId });
    } else if (!s.dispatched) {
      expect(r, `never sent, yet stored: ${s.clientId}`).toBeUndefined();
    }
  }
  const storedUnacked = round.filter((s) => !acked(s) && stored.has(s.clientId)).length;

  const sample = round.filter(acked).slice(-REPLAYS_PER_ROUND);
  const before = await liveCount("SELECT COUNT(*) AS n FROM responses");
  const replays: Submission[] = sample.map((s) => ({
    ...s,
    status: undefined,
    reply: undefined,
    error: undefined,
  }));
  await burst(url, replays, { inFlight: 10 });
  for (const [i, r] of replays.entries()) {
    expect(r.error, `replay of ${r.clientId}`).toBeUndefined();
    expect(r.status, `replay of ${r.clientId}`).toBe(200);
    expect(r.reply).toEqual(sample[i]?.reply);
  }
  expect(await liveCount("SELECT COUNT(*) AS n FROM responses")).toBe(before);

  // The form page retries a submission whose reply never came, with the same clientId: one that was
  // committed before the kill is answered 200 with the stored response, one that was not is stored now.
  const cutOff = round.filter((s) => s.dispatched && !acked(s));
  const retry = [
    ...cutOff.filter((s) => stored.has(s.clientId)),
    ...cutOff.filter((s) => !stored.has(s.clientId)).slice(0, RETRIES_PER_ROUND),
  ];
  const retries: Submission[] = retry.map((s) => ({
    ...s,
    status: undefined,
    reply: undefined,
    error: undefined,
  }));
  await burst(url, retries, { inFlight: 10 });
  for (const [i, r] of retries.entries()) {
    const original = retry[i] as Submission;
    const was = stored.get(r.clientId);
    expect(r.error, `retry of ${r.clientId}`).toBeUndefined();
    expect(r.status, `retry of ${r.clientId}`).toBe(was ? 200 : 201);
    if (was) expect(r.reply?.responseId).toBe(was.responseId);
    Object.assign(original, { status: r.status, reply: r.reply, error: undefined, retried: true });
  }
  expect(await liveCount("SELECT COUNT(*) AS n FROM responses")).toBe(
    before + retries.filter((r) => r.status === 201).length,
  );
  return { storedUnacked, replays: replays.length, retries: retries.length };
}

export const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Row = Record<string, string | number | null>;
export const AGGREGATES: Record<string, { keys: string[]; values: string[] }> = {
  agg_responses: { keys: ["campaign_id", "unit_id"], values: ["n"] },
  agg_scores: { keys: ["campaign_id", "unit_id", "criterion"], values: ["n", "sum", "sumsq"] },
  agg_levels: { keys: ["campaign_id", "unit_id", "criterion", "level"], values: ["n"] },
  agg_answers: { keys: ["campaign_id", "unit_id", "question", "value"], values: ["n"] },
  response_texts: { keys: ["response_id", "question"], values: ["campaign_id", "unit_id", "text"] },
};

/** The aggregate rows, by key, as `read` (a query on one database) returns them. */
export async function readAggregates(
  read: (sql: string) => Promise<Row[]> | Row[],
): Promise<Record<string, Map<string, Row>>> {
  const out: Record<string, Map<string, Row>> = {};
  for (const [table, { keys, values }] of Object.entries(AGGREGATES)) {
    const rows = await read(`SELECT ${[...keys, ...values].join(", ")} FROM ${table}`);
    // A group whose every response was taken back keeps a row of zeros; a rebuild leaves none.
    const live = rows.filter((r) => !("n" in r) || r.n !== 0);
    out[table] = new Map(live.map((r) => [keys.map((k) => r[k]).join("\u0000"), r]));
  }
  return out;
}
