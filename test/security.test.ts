import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp } from "../server/app.ts";
import type { Store } from "../server/store/store.ts";
import { allRatings, catalogueForm, DURING, fixedClock, postJson, setUpWorld, tempDir } from "./helpers.ts";
import { addAccount, PASSWORD } from "./manager-helpers.ts";

const dir = tempDir();
const clock = fixedClock(DURING);
const parentForm = catalogueForm("happy-school-parent");
const staffForm = catalogueForm("happy-school-staff");
let store: Store;
let seq = 0;
const submit = (
  app: ReturnType<typeof createApp>,
  code: string,
  form = parentForm,
  headers: Record<string, string> = {},
) =>
  app.request(`/api/a/${code}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    // A personal code's answers after the first carry its revision key (the client keeps it).
    body: JSON.stringify({
      answers: allRatings(form, 3),
      clientId: `security-${++seq}`,
      revisionKey: "security-revision-key",
    }),
  });

beforeAll(async () => {
  ({ store } = await setUpWorld(`${dir.path}/security.db`, clock));
  await addAccount(store, "hieu.truong", "manager", "S1", clock.now());
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

describe("submission rate limits", () => {
  test("per IP: over the limit gets 429 with Retry-After and a Vietnamese message, and stores nothing", async () => {
    const app = createApp({
      store,
      clock,
      logError: () => {},
      submitLimits: { perIpPerMinute: 3, perPersonalCodePerMinute: 3 },
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await submit(app, "PARENT000001")).status);
    expect(statuses).toEqual([201, 201, 201]);
    const before = await store.countRows();
    const res = await submit(app, "PARENT000001");
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await res.json();
    expect(body.error.code).toBe("too_many_requests");
    expect(body.error.message).toMatch(/quá nhiều/);
    expect(await store.countRows()).toEqual(before);
    // Another address is not held back by the first one's limit.
    const other = await submit(app, "PARENT000001", parentForm, { "x-forwarded-for": "203.0.113.9" });
    expect(other.status).toBe(429); // X-Forwarded-For is ignored unless TRUST_PROXY is set
    const proxied = createApp({
      store,
      clock,
      logError: () => {},
      trustProxy: true,
      submitLimits: { perIpPerMinute: 3, perPersonalCodePerMinute: 3 },
    });
    expect(
      (await submit(proxied, "PARENT000001", parentForm, { "x-forwarded-for": "203.0.113.9" })).status,
    ).toBe(201);
    expect(
      (await submit(proxied, "PARENT000001", parentForm, { "x-forwarded-for": "203.0.113.10" })).status,
    ).toBe(201);
  });

  test("a personal code has its own, tighter limit; a parent link shares the generous one", async () => {
    const app = createApp({
      store,
      clock,
      logError: () => {},
      trustProxy: true,
      submitLimits: { perIpPerMinute: 100, perPersonalCodePerMinute: 2 },
    });
    const staff = [];
    for (let i = 0; i < 3; i++)
      staff.push(
        (await submit(app, "STAFF00002", staffForm, { "x-forwarded-for": `198.51.100.${i}` })).status,
      );
    expect(staff).toEqual([201, 201, 429]);
    const parents = [];
    for (let i = 0; i < 5; i++)
      parents.push(
        (await submit(app, "PARENT000001", parentForm, { "x-forwarded-for": `198.51.100.${i}` })).status,
      );
    expect(parents).toEqual([201, 201, 201, 201, 201]);
  });

  test("a limit of 0 turns the limits off", async () => {
    const app = createApp({
      store,
      clock,
      logError: () => {},
      submitLimits: { perIpPerMinute: 0, perPersonalCodePerMinute: 1 },
    });
    for (let i = 0; i < 4; i++) expect((await submit(app, "STAFF00001", staffForm)).status).toBe(201);
  });
});

describe("headers, cookies, errors and logs", () => {
  test("every response carries a CSP without inline scripts and the other secure headers", async () => {
    const app = createApp({ store, clock, logError: () => {} });
    for (const path of ["/", "/a/STAFF00001", "/api/forms"]) {
      const res = await app.request(path);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).toMatch(/object-src 'none'/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
      expect(res.headers.get("x-request-id")).toMatch(/^[\w-]{8,}$/);
    }
  });

  test.each([
    ["direct HTTP", false, {}, false],
    ["behind a TLS proxy with TRUST_PROXY", true, { "x-forwarded-proto": "https" }, true],
    ["a forged X-Forwarded-Proto without TRUST_PROXY", false, { "x-forwarded-proto": "https" }, false],
  ])(
    "the session cookie is HttpOnly and SameSite, and Secure only %s",
    async (_label, trustProxy, headers, secure) => {
      const app = createApp({ store, clock, logError: () => {}, trustProxy });
      const res = await app.request("/api/session", {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ username: "hieu.truong", password: PASSWORD }),
      });
      const cookie = res.headers.get("set-cookie") ?? "";
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(/;\s*Secure/.test(cookie)).toBe(secure);
    },
  );

  test("an internal failure answers 500 with the request id and no stack trace; the log has the stack", async () => {
    const logged: string[] = [];
    const broken = Object.create(store) as Store;
    Object.defineProperty(broken, "forms", {
      value: { list: () => Promise.reject(new Error("disk on fire")) },
    });
    const app = createApp({ store: broken, clock, logError: (m) => logged.push(m) });
    const res = await app.request("/api/forms");
    expect(res.status).toBe(500);
    const text = await res.text();
    const id = res.headers.get("x-request-id") ?? "";
    expect(JSON.parse(text).error).toEqual({ code: "internal", message: `Internal error; request id ${id}` });
    expect(text).not.toMatch(/disk on fire|at .*\.ts/);
    expect(logged.join("\n")).toMatch(new RegExp(`\\[${id}\\] GET /api/forms: Error: disk on fire`));
  });

  test("each request is logged with its request id", async () => {
    const lines: string[] = [];
    const app = createApp({ store, clock, logError: () => {}, logRequest: (l) => lines.push(l) });
    const res = await app.request("/api/a/NOSUCHCODE");
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(`^\\[${res.headers.get("x-request-id")}\\] GET /api/a/NOSUCHCODE 404 \\d+ms$`),
      ),
    ]);
  });
});

describe("privacy of parents' responses", () => {
  test("a stored parent response holds no code, IP address or user agent", async () => {
    const app = createApp({ store, clock, logError: () => {} });
    const res = await postJson(app, "/api/a/PARENT000001/responses", {
      answers: allRatings(parentForm, 4),
      clientId: "privacy-check-1",
    });
    const { responseId } = await res.json();
    const db = new BetterSqlite3(`${dir.path}/security.db`, { readonly: true });
    try {
      for (const table of ["responses", "response_scores", "response_texts", "agg_answers"]) {
        const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
        expect(columns.map((c) => c.name).filter((n) => /^ip$|agent|address|access_code/i.test(n))).toEqual(
          [],
        );
      }
      const row = db.prepare("SELECT * FROM responses WHERE id = ?").get(responseId) as Record<
        string,
        unknown
      >;
      expect(row.personal_code).toBeNull();
      expect(JSON.stringify(row)).not.toContain("PARENT000001");
    } finally {
      db.close();
    }
  });
});
