// The respondent's form page `/a/:code` in Chromium: the JavaScript it downloads (raw, gzip and over
// the wire, and whether any of it is Chart.js) and the time until the first question is visible under 3G
// throttling (Chrome DevTools Protocol), cold and with the browser cache warm. One build, served two
// ways in the same run: as before issue 18 (gzip per request, nothing preloaded) and as now (Brotli
// precompressed at build time, the form page's files preloaded on `/a/` links). Floor: the same loads of
// a tiny JSON page (`/api/forms`) of the same server: the network floor of the throttled connection.
import { spawn } from "node:child_process";
import { cpSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { type BrowserContext, chromium, type Page, type Response } from "playwright-core";
import { build, type Plugin } from "vite";
import { waitForOutput } from "../test/e2e/harness.ts";
import { type Bench, freePort, kb, median, ms, ROOT, ratio, type Target, table, tempDir } from "./lib.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const RUNS = 3;
const THREE_G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
const TARGET_WIRE = 320 * 1024;
const TARGET_COLD_MS = 2000;

interface Load {
  ms: number;
  /** Scripts the page downloaded: URL path, decoded bytes, bytes over the wire. */
  scripts: { path: string; raw: number; wire: number }[];
  /** Every response's bytes over the wire (headers and body as sent, gzip when gzipped). */
  wireTotal: number;
}

export const formpageBench: Bench = {
  name: "formpage",
  title: "form page: JavaScript of /a/:code and time to the first question on 3G",
  async run(): Promise<Target[]> {
    const dir = tempDir("tieuchi-bench-page-");
    const outDir = join(dir, "client");
    const chunkModules = new Map<string, string[]>();
    const started = performance.now();
    await build({
      configFile: join(ROOT, "vite.config.ts"),
      logLevel: "warn",
      build: { outDir, emptyOutDir: true },
      plugins: [recordChunks(chunkModules)],
    });
    const buildMs = performance.now() - started;
    const files = readdirSync(join(outDir, "assets")).filter((f) => f.endsWith(".js"));
    const built = new Map<string, Built>(
      files.map((f) => {
        const text = readFileSync(join(outDir, "assets", f));
        const modules = chunkModules.get(`assets/${f}`) ?? [];
        const chart =
          modules.some((m) => m.includes("/node_modules/chart.js/")) || text.includes("Chart.js v");
        return [`/assets/${f}`, { raw: text.length, gzip: gzipSync(text).length, chart }];
      }),
    );

    // Today's serving (before issue 18): the same build without its precompressed files and file list,
    // so scripts are gzipped per request and nothing is preloaded. Then the build as it is served now.
    const baselineDir = join(dir, "client-baseline");
    cpSync(outDir, baselineDir, { recursive: true });
    rmSync(join(baselineDir, "form-assets.json"));
    for (const f of readdirSync(join(baselineDir, "assets")))
      if (/\.(br|gz)$/.test(f)) rmSync(join(baselineDir, "assets", f));

    console.log(
      `client built with vite in ${(buildMs / 1000).toFixed(1)} s (precompression included); demo server (server/cli/demo.ts) in a child process, started once per way of serving on the same database; Chromium headless; 3G via CDP Network.emulateNetworkConditions: ${THREE_G.latency} ms latency, 1.6 Mbps down, 750 kbps up; cold: new context, cache cleared and disabled (Network.setCacheDisabled); warm: a second load in the same context after a first one; median of ${RUNS} runs each`,
    );
    const before = await measure(dir, baselineDir, "before: gzip per request, no preload", built);
    const after = await measure(dir, outDir, "now: precompressed Brotli, form files preloaded", built);
    const allJs = [...built.values()];
    console.log(
      `the build has ${allJs.length} JavaScript files, ${kb(allJs.reduce((a, x) => a + x.gzip, 0))} gzip in all; Chart.js is in ${
        [...built]
          .filter(([, x]) => x.chart)
          .map(([p]) => p)
          .join(", ") || "none"
      }`,
    );
    console.log(
      table(
        ["/a/:code (parent form), same build", "JS over the wire", "cold p50", "warm p50", "cold / floor"],
        [before, after].map((m) => [
          m.label,
          kb(m.wireJs),
          ms(m.cold, 0),
          ms(m.warm, 0),
          ratio(m.coldFloor, 1),
        ]),
      ),
    );
    console.log(
      `now / before: JavaScript over the wire ${ratio(after.wireJs / before.wireJs)}, first question cold ${ratio(after.cold / before.cold)}, warm ${ratio(after.warm / before.warm)}`,
    );
    return [
      {
        name: "form page ships no Chart.js",
        met: after.chart.length === 0,
        detail: after.chart.length === 0 ? "none of its scripts holds Chart.js" : after.chart.join(", "),
      },
      {
        name: "form page ≤ 320 KB JavaScript on the wire",
        met: after.wireJs <= TARGET_WIRE,
        detail: `${kb(after.wireJs)} (before: ${kb(before.wireJs)})`,
      },
      {
        name: "form page: first question ≤ 2.0 s cold on 3G",
        met: after.cold <= TARGET_COLD_MS,
        detail: `${ms(after.cold, 0)} (before: ${ms(before.cold, 0)})`,
      },
    ];
  },
};

interface Built {
  raw: number;
  gzip: number;
  chart: boolean;
}

/** Serves `clientDir` and loads the form page and the floor page, cold and warm, RUNS times each. */
async function measure(dir: string, clientDir: string, label: string, built: Map<string, Built>) {
  const server = await startDemo(dir, clientDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  try {
    const formUrl = `${server.url}/a/${server.parentCode}`;
    const floorUrl = `${server.url}/api/forms`;
    // Timed from the navigation's start to the first question shown, or to the floor page's load event.
    const firstQuestion = async (page: Page) => {
      await page.goto(formUrl, { waitUntil: "commit", timeout: 120_000 });
      await page.locator(".sd-question").first().waitFor({ state: "visible", timeout: 120_000 });
    };
    const loaded = async (page: Page) => {
      await page.goto(floorUrl, { waitUntil: "load", timeout: 120_000 });
    };
    const form = { cold: [] as Load[], warm: [] as Load[] };
    const floor = { cold: [] as Load[], warm: [] as Load[] };
    for (let i = 0; i < RUNS; i++) {
      form.cold.push(await coldLoad(browser.newContext.bind(browser), firstQuestion));
      form.warm.push(await warmLoad(browser.newContext.bind(browser), firstQuestion));
      floor.cold.push(await coldLoad(browser.newContext.bind(browser), loaded));
      floor.warm.push(await warmLoad(browser.newContext.bind(browser), loaded));
    }

    const js = (form.cold[0]?.scripts ?? []).map((s) => {
      const b = built.get(s.path);
      return { ...s, gzip: b?.gzip ?? Number.NaN, chart: b?.chart ?? false };
    });
    const sum = (f: (x: (typeof js)[number]) => number) => js.reduce((a, x) => a + f(x), 0);
    const med = (loads: Load[]) => median(loads.map((l) => l.ms));
    console.log(`\n${label}`);
    console.log(
      table(
        ["JavaScript of /a/:code (cold load)", "raw", "gzip (built file)", "over the wire", "Chart.js"],
        [
          ...js.map((x) => [x.path, kb(x.raw), kb(x.gzip), kb(x.wire), x.chart ? "YES" : "no"]),
          [
            `total: ${js.length} files`,
            kb(sum((x) => x.raw)),
            kb(sum((x) => x.gzip)),
            kb(sum((x) => x.wire)),
            js.some((x) => x.chart) ? "YES" : "no",
          ],
        ],
      ),
    );
    console.log(
      table(
        [
          "page",
          "until",
          "sent (cold)",
          "cold p50",
          "cold runs",
          "warm p50",
          "warm runs",
          "cold / floor",
          "warm / floor",
        ],
        [
          [
            "/api/forms (baseline: network floor)",
            "load event",
            kb(floor.cold[0]?.wireTotal ?? 0),
            ms(med(floor.cold), 0),
            floor.cold.map((l) => l.ms.toFixed(0)).join(", "),
            ms(med(floor.warm), 0),
            floor.warm.map((l) => l.ms.toFixed(0)).join(", "),
            ratio(1),
            ratio(1),
          ],
          [
            "/a/:code (parent form)",
            "first .sd-question visible",
            kb(form.cold[0]?.wireTotal ?? 0),
            ms(med(form.cold), 0),
            form.cold.map((l) => l.ms.toFixed(0)).join(", "),
            ms(med(form.warm), 0),
            form.warm.map((l) => l.ms.toFixed(0)).join(", "),
            ratio(med(form.cold) / med(floor.cold), 1),
            ratio(med(form.warm) / med(floor.warm), 1),
          ],
        ],
      ),
    );
    return {
      label,
      wireJs: sum((x) => x.wire),
      cold: med(form.cold),
      warm: med(form.warm),
      coldFloor: med(form.cold) / med(floor.cold),
      chart: js.filter((x) => x.chart).map((x) => x.path),
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** A rollup/rolldown plugin that records which modules went into each output chunk. */
function recordChunks(out: Map<string, string[]>): Plugin {
  return {
    name: "bench-record-chunks",
    generateBundle(_options, bundle) {
      for (const [fileName, chunk] of Object.entries(bundle))
        if (chunk.type === "chunk") out.set(fileName, chunk.moduleIds ?? Object.keys(chunk.modules));
    },
  };
}

type NewContext = () => Promise<BrowserContext>;

/** One throttled load in a fresh context with the cache cleared and disabled. */
async function coldLoad(newContext: NewContext, until: (page: Page) => Promise<void>) {
  const context = await newContext();
  try {
    const { page, cdp } = await throttled(context);
    await cdp.send("Network.clearBrowserCache");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    return await timedLoad(page, cdp, until);
  } finally {
    await context.close();
  }
}

/** A first load (not measured) and a second one, measured, in the same context with its cache. */
async function warmLoad(newContext: NewContext, until: (page: Page) => Promise<void>) {
  const context = await newContext();
  try {
    const { page, cdp } = await throttled(context);
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });
    await timedLoad(page, cdp, until);
    return await timedLoad(page, cdp, until);
  } finally {
    await context.close();
  }
}

async function throttled(context: BrowserContext) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", THREE_G);
  return { page, cdp };
}

async function timedLoad(
  page: Page,
  cdp: Awaited<ReturnType<typeof throttled>>["cdp"],
  until: (page: Page) => Promise<void>,
): Promise<Load> {
  const pending: Promise<{ path: string; raw: number }>[] = [];
  const onResponse = (response: Response) => {
    if (response.request().resourceType() === "script")
      pending.push(
        response
          .body()
          .then((body) => ({ path: new URL(response.url()).pathname, raw: body.length }))
          .catch(() => ({ path: new URL(response.url()).pathname, raw: 0 })),
      );
  };
  const urls = new Map<string, string>();
  const wire = new Map<string, number>();
  let wireTotal = 0;
  const onReceived = (e: { requestId: string; response: { url: string } }) =>
    urls.set(e.requestId, new URL(e.response.url).pathname);
  const onFinished = (e: { requestId: string; encodedDataLength: number }) => {
    const path = urls.get(e.requestId);
    if (path) wire.set(path, (wire.get(path) ?? 0) + e.encodedDataLength);
    wireTotal += e.encodedDataLength;
  };
  page.on("response", onResponse);
  cdp.on("Network.responseReceived", onReceived);
  cdp.on("Network.loadingFinished", onFinished);
  const started = performance.now();
  await until(page);
  const elapsed = performance.now() - started;
  // Scripts the page loads after its first question (none expected) count too.
  await page.waitForLoadState("networkidle", { timeout: 60_000 }).catch(() => {});
  page.off("response", onResponse);
  cdp.off("Network.responseReceived", onReceived);
  cdp.off("Network.loadingFinished", onFinished);
  const scripts = (await Promise.all(pending)).map((s) => ({ ...s, wire: wire.get(s.path) ?? 0 }));
  return { ms: elapsed, scripts, wireTotal };
}

/** server/cli/demo.ts on a temp database and a free port, serving the client just built. */
async function startDemo(dir: string, clientDir: string) {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "server/cli/demo.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_PATH: join(dir, "demo.db"),
      PORT: String(port),
      CLIENT_DIR: clientDir,
      LOG_REQUESTS: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await waitForOutput(child, /listening on/, 120_000);
  const codes = JSON.parse(readFileSync(join(dir, "demo-codes.json"), "utf8")) as {
    code: string;
    kind: string;
  }[];
  const parentCode = codes.find((c) => c.kind === "parent")?.code;
  if (!parentCode) throw new Error("the demo made no parent link");
  return {
    url: `http://localhost:${port}`,
    parentCode,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
