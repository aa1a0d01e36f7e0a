// The body limit over real HTTP (app.request sends no Content-Length, so route tests only reach the
// streamed path): a declared length over 64 KB is refused from the header alone, a chunked body as it
// streams in, and nothing is stored either way.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Store } from "../server/store/store.ts";
import { allRatings, catalogueForm, DURING, fixedClock, makeApp, setUpWorld, tempDir } from "./helpers.ts";

const dir = tempDir();
let store: Store;
let base: string;
let close: () => void;

beforeAll(async () => {
  const clock = fixedClock(DURING);
  ({ store } = await setUpWorld(`${dir.path}/db.sqlite`, clock));
  const server = serve({ fetch: makeApp(store, clock).fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(async () => {
  close();
  await store.close();
  dir.remove();
});

const answers = (suggestions: string) => ({
  answers: { ...allRatings(catalogueForm("happy-school-staff"), 4), suggestions },
  clientId: `client-${suggestions.length}`,
});

describe("POST /api/a/:code/responses over HTTP", () => {
  test("accepts a body with its Content-Length under the limit", async () => {
    const res = await fetch(`${base}/api/a/STAFF00001/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(answers("ổn")),
    });
    expect(res.status).toBe(201);
  });

  test.each([
    ["with its Content-Length", false],
    ["chunked, with no length", true],
  ])("refuses a body over 64 KB sent %s, with a Vietnamese error, storing nothing", async (_how, chunked) => {
    const before = await store.countRows();
    const body = JSON.stringify(answers("x".repeat(70 * 1024)));
    const res = await fetch(`${base}/api/a/STAFF00002/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: chunked ? new Blob([body]).stream() : body,
      ...(chunked && { duplex: "half" }),
    } as RequestInit);
    expect(res.status).toBe(413);
    const json = await res.json();
    expect(json.error.code).toBe("body_too_large");
    expect(json.error.message).toMatch(/[ạảáàđêôơư]/);
    expect(await store.countRows()).toEqual(before);
  });
});
