import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clientPage } from "../api/client-paths.ts";
import { retryDelay } from "../client/pages/use-retry.ts";
import { createApp } from "../server/app.ts";
import type { Store } from "../server/store/store.ts";
import { DURING, fixedClock, setUpWorld, tempDir } from "./helpers.ts";

const dir = tempDir();
const clock = fixedClock(DURING);
const clientDir = join(dir.path, "client");
let store: Store;
let app: ReturnType<typeof createApp>;
const SCRIPT = "console.log('form page');".repeat(40);

beforeAll(async () => {
  ({ store } = await setUpWorld(join(dir.path, "static.db"), clock));
  mkdirSync(join(clientDir, "assets"), { recursive: true });
  writeFileSync(join(clientDir, "index.html"), "<html><head><title>t</title></head><body></body></html>");
  writeFileSync(join(clientDir, "sw.js"), "self.TIEUCHI_ASSETS={};");
  writeFileSync(
    join(clientDir, "form-assets.json"),
    JSON.stringify({ build: "b1", preload: ["/assets/form-1.js", "/assets/form-1.css"], offline: [] }),
  );
  writeFileSync(join(clientDir, "assets", "form-1.js"), SCRIPT);
  writeFileSync(join(clientDir, "assets", "form-1.js.br"), "BROTLI");
  writeFileSync(join(clientDir, "assets", "form-1.js.gz"), gzipSync(SCRIPT));
  writeFileSync(join(clientDir, "assets", "plain-1.css"), "body{}");
  app = createApp({ store, clock, clientDir, logError: () => {} });
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

describe("built assets", () => {
  test.each([
    ["br, gzip", "br", "BROTLI"],
    ["gzip, deflate", "gzip", SCRIPT],
    ["identity", null, SCRIPT],
  ])("Accept-Encoding %s gets %s, cached for good", async (accept, encoding, text) => {
    const res = await app.request("/assets/form-1.js", { headers: { "accept-encoding": accept } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe(encoding);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("vary")).toMatch(/Accept-Encoding/);
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    // app.request does not decode: a gzip body is still gzip here.
    if (encoding !== "gzip") expect(await res.text()).toBe(text);
  });

  test.each([
    "/assets/missing.js",
    "/assets/form-1.js.br",
    "/assets/..%2Findex.html",
    "/assets/sub/form-1.js",
  ])("%s is 404", async (path) => {
    expect((await app.request(path)).status).toBe(404);
  });
});

describe("pages", () => {
  test.each([
    ["/", 200],
    ["/manage/campaigns/3", 200],
    ["/a/STAFF00001", 200],
    ["/a/REVOKED001", 200],
    ["/a/NOSUCHCODE", 404],
    ["/a/", 404],
    ["/a/7K", 404],
    ["/a", 404],
    ["/khong-co", 404],
    ["/favicon.ico", 404],
  ])("%s answers %i with the client", async (path, status) => {
    const res = await app.request(path);
    expect(res.status).toBe(status);
    expect(await res.text()).toContain("<title>t</title>");
  });

  test("form links preload the form page's files; the managers' pages do not", async () => {
    const form = await (await app.request("/a/STAFF00001")).text();
    expect(form).toContain('<link rel="modulepreload" crossorigin href="/assets/form-1.js">');
    expect(form).toContain('<link rel="stylesheet" crossorigin href="/assets/form-1.css">');
    expect(await (await app.request("/")).text()).not.toContain("/assets/form-1.js");
  });

  test("the service worker is served at the root, looked up again on each visit", async () => {
    const res = await app.request("/sw.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
  });
});

test.each([
  ["/a/7KQ2M9XH4P", { kind: "form", code: "7KQ2M9XH4P" }],
  ["/a/7KQ2M9XH4P/", { kind: "form", code: "7KQ2M9XH4P" }],
  ["/a/7K", { kind: "unknown" }],
  ["/a/", { kind: "unknown" }],
  ["/a/x/y", { kind: "unknown" }],
  ["/", { kind: "manager" }],
  ["/manage", { kind: "manager" }],
  ["/manage/units", { kind: "manager" }],
  ["/managers", { kind: "unknown" }],
  ["/login", { kind: "unknown" }],
])("clientPage(%s)", (path, page) => {
  expect(clientPage(path)).toEqual(page);
});

test.each([
  [0, 2_000],
  [1, 4_000],
  [4, 32_000],
  [7, 256_000],
  [8, 300_000],
  [30, 300_000],
])("retry %i waits %i ms", (attempt, ms) => {
  expect(retryDelay(attempt)).toBe(ms);
});
