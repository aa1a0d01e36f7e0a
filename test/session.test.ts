import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp } from "../server/app.ts";
import type { Store } from "../server/store/store.ts";
import { DURING, fixedClock, openTestStore, tempDir } from "./helpers.ts";
import { addAccount, PASSWORD, signIn } from "./manager-helpers.ts";

const dir = tempDir();
const clock = fixedClock(DURING);
let store: Store;
let app: ReturnType<typeof createApp>;

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  app.request("/api/session", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ username, password }),
  });

beforeAll(async () => {
  store = await openTestStore(`${dir.path}/session.db`);
  await store.units.create({ code: "S1", name: "Trường", kind: "school" }, clock.now());
  for (const name of ["hieu.truong", "locked.out", "ip.user"])
    await addAccount(store, name, "manager", "S1", clock.now());
  app = createApp({
    store,
    clock,
    logError: () => {},
    loginLimits: { perIpPerMinute: 30, failuresBeforeLock: 5, lockMinutes: 15 },
  });
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

describe("sessions", () => {
  test("signing in sets an HTTP-only SameSite cookie and returns the account and a CSRF token", async () => {
    const res = await login("hieu.truong", PASSWORD);
    expect(res.status).toBe(201);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^tieuchi_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const body = await res.json();
    expect(body.account).toMatchObject({ username: "hieu.truong", role: "manager", unitCode: "S1" });
    expect(body.csrfToken.length).toBeGreaterThan(20);
    expect(JSON.stringify(body)).not.toMatch(/scrypt|password/i);
  });

  test("passwords are stored as scrypt hashes, never as given", async () => {
    const found = await store.accounts.findForLogin("hieu.truong");
    expect(found?.passwordHash).toMatch(/^scrypt\$/);
    expect(found?.passwordHash).not.toContain(PASSWORD);
  });

  test("a wrong password and an unknown user get the same 401", async () => {
    const wrong = await login("hieu.truong", "not the password");
    const unknown = await login("nobody.here", "not the password");
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect((await wrong.json()).error).toEqual((await unknown.json()).error);
  });

  test("five wrong passwords lock the username (429 with Retry-After), even for the right password", async () => {
    for (let i = 0; i < 5; i++) expect((await login("locked.out", "wrong password")).status).toBe(401);
    const res = await login("locked.out", PASSWORD);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(60);
    clock.set(new Date(+new Date(DURING) + 16 * 60_000).toISOString());
    expect((await login("locked.out", PASSWORD)).status).toBe(201);
    clock.set(DURING);
  });

  test("signing out invalidates the cookie on the server", async () => {
    const agent = await signIn(app, "hieu.truong");
    expect((await agent.request("/api/session")).status).toBe(200);
    expect((await agent.request("/api/session", { method: "DELETE" })).status).toBe(204);
    expect((await agent.request("/api/session")).status).toBe(401);
    expect((await agent.request("/api/units")).status).toBe(401);
  });

  test("a session expires after 12 hours", async () => {
    const agent = await signIn(app, "hieu.truong");
    clock.set(new Date(+new Date(DURING) + 12 * 3600_000 + 1000).toISOString());
    expect((await agent.request("/api/session")).status).toBe(401);
    clock.set(DURING);
  });

  test("a state-changing request without the CSRF token is refused and changes nothing", async () => {
    const agent = await signIn(app, "hieu.truong");
    const before = await store.countRows();
    const res = await app.request("/api/codes/ANYCODE/revoke", {
      method: "POST",
      headers: { cookie: agent.cookie },
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("csrf");
    const wrong = await app.request("/api/codes/ANYCODE/revoke", {
      method: "POST",
      headers: { cookie: agent.cookie, "x-csrf-token": "guessed" },
    });
    expect(wrong.status).toBe(403);
    expect(await store.countRows()).toEqual(before);
  });

  test("a request from another origin is refused", async () => {
    const res = await login("hieu.truong", PASSWORD, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("cross_origin");
  });

  test.each(["null", "not a url", "https://"])("an Origin of %j is refused, not an error", async (origin) => {
    const res = await login("hieu.truong", PASSWORD, { origin });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("cross_origin");
  });

  test("sign-in attempts are limited per IP address", async () => {
    const limited = createApp({
      store,
      clock,
      logError: () => {},
      loginLimits: { perIpPerMinute: 3, failuresBeforeLock: 99, lockMinutes: 1 },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await limited.request("/api/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "ip.user", password: "wrong password" }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
