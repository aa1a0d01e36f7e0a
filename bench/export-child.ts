// One export of the export benchmark, in a process of its own so its resident set size is the export's
// and a server's, not the benchmark run's. Prints one JSON line. Run by bench/export.ts:
//   node --expose-gc dist/bench/export-child.mjs DB_PATH CAMPAIGN_ID MODE USERNAME PASSWORD
// (bundled by bench/export.ts as server/cli/bundle.ts bundles the server for `npm start`)
// MODE: "http" (GET /api/campaigns/:id/export.csv through app.request: exportRows + csvStream), "http-gzip"
// (the same as a browser asks for it, Accept-Encoding gzip), "xlsx" (GET export.xlsx: exceljs's streaming
// writer), "rows" (exportRows alone, the read floor).
import { setImmediate as nextTurn } from "node:timers/promises";
import { createApp } from "../server/app.ts";
import { exportRows } from "../server/exports/rows.ts";
import { openSqliteStore } from "../server/store/sqlite.ts";
import { download, signIn } from "../test/manager-helpers.ts";
import { sampleRss } from "./lib.ts";

const [dbPath, campaignArg, mode, username, password] = process.argv.slice(2);
if (!dbPath || !campaignArg || !mode || !username || !password)
  throw new Error("usage: see the top of the file");
const campaignId = Number(campaignArg);
const store = openSqliteStore(dbPath);
const app = createApp({ store, logError: (m) => console.error(m) });
const admin = await signIn(app, username, password);
const campaign = await store.campaigns.get(campaignId);
if (!campaign) throw new Error(`no campaign ${campaignId}`);

/** Reads a byte stream to its end without keeping it: bytes and lines (rows, header included). */
async function drain(stream: ReadableStream<Uint8Array>): Promise<{ bytes: number; lines: number }> {
  let bytes = 0;
  let lines = 0;
  const reader = stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) lines++;
  }
  return { bytes, lines };
}

(globalThis as { gc?: () => void }).gc?.();
await nextTurn();
const baseline = process.memoryUsage().rss;
const rss = sampleRss(50);
const started = performance.now();
let rows = 0;
let bytes = 0;
let wire = 0;
if (mode === "rows") {
  // exportRows alone: the released rows read page by page and made cells, no CSV, no HTTP.
  const form = (await store.forms.get(campaign.formId, campaign.formVersion))?.json ?? {};
  const units = await store.releases.releasedUnits(campaignId);
  const namedUnits = new Set(units.map((u) => u.id));
  for await (const page of exportRows(store, { campaign, form, units, namedUnits })) rows += page.length;
} else if (mode === "http" || mode === "http-gzip" || mode === "xlsx") {
  const res = await download(admin, campaignId, mode === "xlsx" ? "xlsx" : "csv", undefined, {
    headers: mode === "http-gzip" ? { "accept-encoding": "gzip" } : {},
  });
  if (res.status !== 200 || !res.body) throw new Error(`export gave ${res.status}`);
  // Gzip and XLSX (a zip) are counted as they come over the wire, not inflated (that would be the
  // client's work, not the server's); their rows are the plain CSV's rows.
  const out = await drain(res.body);
  rows = res.headers.get("content-encoding") === "gzip" || mode === "xlsx" ? -1 : out.lines - 1;
  wire = out.bytes;
  bytes = rows === -1 ? 0 : out.bytes;
} else throw new Error(`unknown mode ${mode}`);
const ms = performance.now() - started;
const peak = rss.stop();
// What stays once the garbage is collected: a peak made of garbage is V8's pace, a lasting one a leak.
(globalThis as { gc?: () => void }).gc?.();
const after = process.memoryUsage();
console.log(
  JSON.stringify({
    mode,
    rows,
    bytes,
    wire,
    ms,
    baseline,
    peak,
    afterRss: after.rss,
    afterHeap: after.heapUsed,
  }),
);
await store.close();
