// The server of the submission benchmark: createApp on a temp SQLite file, served by @hono/node-server,
// with a no-op JSON POST route in front of it for the baseline. It runs in a process of its own so that
// the load generator (autocannon, in the benchmark's process) does not share its event loop; on this
// 2-core machine each gets a core. Talks to bench/submission.ts over IPC:
//   → { ready, port, codes }   ← "stats" → { stats, responses }   ← "stop" → exits
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { loadCatalogue } from "../forms/catalogue.ts";
import { createApp } from "../server/app.ts";
import { DEFAULT_LOGIN_LIMITS } from "../server/auth/routes.ts";
import { openSqliteStore } from "../server/store/sqlite.ts";
import { createTree } from "./fixtures.ts";

const [dbPath, portArg] = process.argv.slice(2);
if (!dbPath || !portArg || !process.send) throw new Error("run by bench/submission.ts");
const send = (message: unknown) => process.send?.(message);

const store = openSqliteStore(dbPath);
const now = new Date();
await store.forms.addVersions(loadCatalogue(), now);
const { root, schools } = await createTree(store, now, 2, 10);
const campaign = await store.campaigns.create(
  {
    formId: "happy-school-parent",
    unitCode: root.code,
    kind: "parent",
    period: "bench",
    opensAt: new Date(+now - 24 * 3600_000),
    closesAt: new Date(+now + 365 * 24 * 3600_000),
  },
  now,
);
const codes: string[] = [];
for (const [i, school] of schools.entries()) {
  const code = `BENCHPARENT${String(i).padStart(2, "0")}`;
  await store.campaigns.addCodes(campaign.id, school.code, "parent", [code], now);
  codes.push(code);
}

let unexpected = 0;
const app = createApp({
  store,
  submitLimits: { perIpPerMinute: 0, perPersonalCodePerMinute: 0 },
  loginLimits: { ...DEFAULT_LOGIN_LIMITS, perIpPerMinute: 0 },
  logError: (m) => {
    if (unexpected++ < 3) console.error(m);
  },
});
// Two baselines: a bare Hono route in front of the app, and a route of the app itself (after its
// middleware for every request: request id, secure headers, compression; not the /api/* body limit and
// session lookup), so the table shows what the app's own middleware costs.
app.post("/bench/noop-app", async (c) => c.json({ ok: (await c.req.json()) !== null }));
const front = new Hono();
front.post("/bench/noop", async (c) => c.json({ ok: (await c.req.json()) !== null }));
front.route("/", app);

const server = serve({ fetch: front.fetch, port: Number(portArg), hostname: "127.0.0.1" }, (info) =>
  send({ ready: true, port: info.port, codes }),
);

const inspector = new Session();
process.on("message", async (message) => {
  if (typeof message === "object" && message !== null && "profile" in message) {
    const { profile, file } = message as { profile: "start" | "stop"; file?: string };
    if (profile === "start") {
      inspector.connect();
      await inspector.post("Profiler.enable");
      await inspector.post("Profiler.start");
      send({ profiling: true });
    } else {
      const { profile: data } = await inspector.post("Profiler.stop");
      writeFileSync(file ?? "submission.cpuprofile", JSON.stringify(data));
      inspector.disconnect();
      send({ profiled: true });
    }
  } else if (message === "stats") {
    const rows = await store.countRows();
    const { user, system } = process.cpuUsage();
    send({
      stats: { ...store.responses.commitStats },
      responses: rows.responses,
      unexpected,
      cpu: user + system,
    });
  } else if (message === "stop") {
    server.close();
    await store.close();
    process.exit(0);
  }
});
