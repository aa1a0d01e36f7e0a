// End-to-end submissions (POST /api/a/:code/responses: parsed, validated, scored, stored with group
// commit, aggregates updated, answered after the commit) against a no-op JSON POST route of the same
// server process (baseline), with autocannon on loopback, the server in a process of its own.
import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import autocannon, { type Result } from "autocannon";
import { loadCatalogue } from "../forms/catalogue.ts";
import { bundle } from "../server/cli/bundle.ts";
import { seededRandom, simulateAnswers } from "../server/demo/simulate.ts";
import { type Bench, fmt, freePort, ms, ROOT, ratio, type Target, table, tempDir } from "./lib.ts";

const CONNECTIONS = 50;
const DURATION_S = 10;
const WARMUP_S = 2;
const POOL = 500;

interface Stats {
  stats: { transactions: number; items: number; retriedBatches: number };
  responses: number;
  unexpected: number;
  /** The server process's CPU time so far (user + system), µs. */
  cpu: number;
}

export const submissionBench: Bench = {
  name: "submission",
  title: "submission: POST /api/a/:code/responses vs a no-op JSON POST",
  async run(): Promise<Target[]> {
    const dbPath = join(tempDir("tieuchi-bench-submit-"), "bench.db");
    const port = await freePort();
    // The server runs as `npm start` runs it: bundled, on plain node.
    const server = await bundle("bench/submission-server.ts", "dist/bench/submission-server.mjs");
    const child = fork(server, [dbPath, String(port)], {
      cwd: ROOT,
      execArgv: [],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    try {
      const ready = await nextMessage<{ codes: string[] }>(child, (m) => "ready" in m, 60_000);
      const form = loadCatalogue().find((f) => f.id === "happy-school-parent")?.json;
      if (!form) throw new Error("no form");
      const rand = seededRandom(7);
      const pool = Array.from({ length: POOL }, (_, i) =>
        JSON.stringify(simulateAnswers(form, () => 1.5 + (i % 4) + rand(), rand)),
      );
      let counter = 0;
      const paths = { noop: "/bench/noop", app: "/bench/noop-app" };
      const load = (target: "e2e" | "noop" | "app", seconds: number) =>
        autocannon({
          url: `http://127.0.0.1:${port}`,
          connections: CONNECTIONS,
          duration: seconds,
          requests: [
            {
              method: "POST",
              headers: { "content-type": "application/json" },
              setupRequest: (req) => {
                const i = counter++;
                const code = ready.codes[i % ready.codes.length];
                return {
                  ...req,
                  path: target === "e2e" ? `/api/a/${code}/responses` : paths[target],
                  body: `{"answers":${pool[i % POOL]},"clientId":"bench-${String(i).padStart(8, "0")}"}`,
                };
              },
            },
          ],
        });
      const stats = async () => {
        child.send("stats");
        return nextMessage<Stats>(child, (m) => "stats" in m, 30_000);
      };
      await load("noop", WARMUP_S);
      await load("app", WARMUP_S);
      await load("e2e", WARMUP_S);
      // The machine is shared, so requests/s moves from run to run; the server's CPU time per request
      // (measured around each run) is the steadier figure.
      const s0 = await stats();
      const noop = await load("noop", DURATION_S);
      const s1 = await stats();
      const appNoop = await load("app", DURATION_S);
      const before = await stats();
      // BENCH_CPU_PROF=file.cpuprofile: the server's CPU profile of the measured e2e run (Chrome DevTools).
      const profile = process.env.BENCH_CPU_PROF;
      if (profile) {
        child.send({ profile: "start" });
        await nextMessage(child, (m) => "profiling" in m, 10_000);
      }
      const e2e = await load("e2e", DURATION_S);
      if (profile) {
        child.send({ profile: "stop", file: profile });
        await nextMessage(child, (m) => "profiled" in m, 30_000);
        console.log(`server CPU profile of the e2e run: ${profile}`);
      }
      // Requests in flight when autocannon stopped still finish (and are stored) on the server.
      await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, e2e.latency.max + 500)));
      const after = await stats();

      const cpuPer = (a: Stats, b: Stats, n: number) => (b.cpu - a.cpu) / Math.max(1, n);
      const cpu = {
        noop: cpuPer(s0, s1, noop.requests.total),
        app: cpuPer(s1, before, appNoop.requests.total),
        e2e: cpuPer(before, after, after.responses - before.responses),
      };
      const row = (name: string, r: Result, us: number) => [
        name,
        fmt(r.requests.average),
        fmt(r.requests.total),
        ms(r.latency.p50, 0),
        ms(r.latency.p99, 0),
        fmt(r["2xx"]),
        fmt(r.non2xx),
        fmt(r.errors + r.timeouts),
        fmt(us, 0),
      ];
      console.log(
        `autocannon ${CONNECTIONS} connections × ${DURATION_S} s each (after ${WARMUP_S} s warm-up of each) on 127.0.0.1; happy-school-parent answers (17 ratings), a unique clientId per request, 20 parent links; server: createApp on a temp SQLite file (WAL, synchronous FULL), rate limits off, no request log, in its own process`,
      );
      console.log(
        table(
          [
            "route",
            "requests/s",
            "requests",
            "p50",
            "p99",
            "2xx",
            "non-2xx",
            "errors",
            "server CPU µs/request",
          ],
          [
            row("POST /bench/noop (baseline: bare Hono)", noop, cpu.noop),
            row("POST /bench/noop-app (the app's middleware)", appNoop, cpu.app),
            row("POST /api/a/:code/responses", e2e, cpu.e2e),
          ],
        ),
      );
      const share = e2e.requests.average / noop.requests.average;
      const tx = after.stats.transactions - before.stats.transactions;
      const items = after.stats.items - before.stats.items;
      const stored = after.responses - before.responses;
      const appShare = e2e.requests.average / appNoop.requests.average;
      console.log(
        `server CPU per request, no-op / e2e: ${ratio(cpu.noop / cpu.e2e, 3)} (bare), ${ratio(cpu.app / cpu.e2e, 3)} (the app's no-op): the share of the no-op rate one core could reach`,
      );
      console.log(
        `ratio e2e / bare no-op: ${ratio(share, 3)} (${(share * 100).toFixed(1)}%); e2e / the app's no-op: ${ratio(appShare, 3)} (${(appShare * 100).toFixed(1)}%)`,
      );
      console.log(
        `group commit during the measured run: ${fmt(tx)} transactions for ${fmt(items)} submissions (${(items / Math.max(1, tx)).toFixed(1)} per transaction), ${after.stats.retriedBatches - before.stats.retriedBatches} retried batches; stored ${fmt(stored)} responses (2xx ${fmt(e2e["2xx"])} + ${fmt(stored - e2e["2xx"])} in flight when the run stopped)${after.unexpected > 0 ? `; ${after.unexpected} unexpected server errors` : ""}`,
      );
      return [
        {
          name: "e2e submissions ≥ 50% of no-op POST",
          met: share >= 0.5 && e2e.non2xx === 0,
          detail: `${(share * 100).toFixed(1)}% (${fmt(e2e.requests.average)} vs ${fmt(noop.requests.average)} requests/s)`,
        },
      ];
    } finally {
      child.send("stop");
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          child.kill("SIGKILL");
          resolve(undefined);
        }, 10_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve(undefined);
        });
      });
    }
  },
};

function nextMessage<T>(child: ChildProcess, match: (m: object) => boolean, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the benchmark server did not answer")), timeoutMs);
    const onMessage = (m: unknown) => {
      if (typeof m === "object" && m !== null && match(m)) {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(m as T);
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`the benchmark server exited with ${code}`));
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}
