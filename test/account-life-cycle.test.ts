import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp } from "../server/app.ts";
import type { Store } from "../server/store/store.ts";
import { CLOSES, catalogue, DURING, fixedClock, OPENS, openTestStore, tempDir } from "./helpers.ts";
import { type Agent, addAccount, PASSWORD, signIn } from "./manager-helpers.ts";

// P ─┬─ C1 (admin "qt1") ── S1
//    └─ C2 (admin "qt2")
const dir = tempDir();
const clock = fixedClock(DURING);
let store: Store;
let app: ReturnType<typeof createApp>;
let root: Agent;
let admin: Agent;
let seq = 0;

async function person(role: "viewer" | "manager" | "admin" = "manager", unit = "S1") {
  const username = `nguoi${++seq}`;
  await addAccount(store, username, role, unit, clock.now());
  return username;
}
const signInRaw = (username: string, password: string) =>
  app.request("/api/session", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
const auditOf = async (a: Agent) =>
  (
    (await (await a.request("/api/audit")).json()) as {
      entries: { action: string; username: string; details: Record<string, unknown> }[];
    }
  ).entries;

beforeAll(async () => {
  store = await openTestStore(`${dir.path}/life.db`);
  const now = clock.now();
  await store.forms.addVersions(catalogue, now);
  await store.units.create({ code: "P", name: "Sở", kind: "province" }, now);
  await store.units.create({ code: "C1", name: "Xã 1", kind: "commune", parentCode: "P" }, now);
  await store.units.create({ code: "C2", name: "Xã 2", kind: "commune", parentCode: "P" }, now);
  await store.units.create({ code: "S1", name: "Trường 1", kind: "school", parentCode: "C1" }, now);
  await addAccount(store, "root", "admin", null, now);
  await addAccount(store, "qt1", "admin", "C1", now);
  await addAccount(store, "qt2", "admin", "C2", now);
  app = createApp({
    store,
    clock,
    logError: () => {},
    loginLimits: { perIpPerMinute: 0, failuresBeforeLock: 1000, lockMinutes: 1 },
  });
  root = await signIn(app, "root");
  admin = await signIn(app, "qt1");
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

describe("changing one's own password", () => {
  test("needs the current password, and signs out every other session of the account", async () => {
    const name = await person("viewer");
    const here = await signIn(app, name);
    const elsewhere = await signIn(app, name);
    const wrong = await here.request("/api/accounts/me/password", {
      method: "POST",
      json: { current: "not it at all", password: "a new long password" },
    });
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error.code).toBe("wrong_password");
    const ok = await here.request("/api/accounts/me/password", {
      method: "POST",
      json: { current: PASSWORD, password: "a new long password" },
    });
    expect(ok.status).toBe(200);
    expect((await here.request("/api/session")).status).toBe(200);
    expect((await elsewhere.request("/api/session")).status).toBe(401);
    expect((await signInRaw(name, PASSWORD)).status).toBe(401);
    expect((await signInRaw(name, "a new long password")).status).toBe(201);
  });

  test("refuses a short new password", async () => {
    const a = await signIn(app, await person("viewer"));
    const res = await a.request("/api/accounts/me/password", {
      method: "POST",
      json: { current: PASSWORD, password: "short" },
    });
    expect(res.status).toBe(400);
  });
});

describe("an admin resets a password", () => {
  test("the new password is shown once, works, and ends the account's sessions", async () => {
    const name = await person();
    const theirs = await signIn(app, name);
    const res = await admin.request(`/api/accounts/${name}/password`, { method: "POST" });
    expect(res.status).toBe(200);
    const { password } = (await res.json()) as { password: string };
    expect(password).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}-[\w]{4}$/);
    expect((await theirs.request("/api/session")).status).toBe(401);
    expect((await signInRaw(name, PASSWORD)).status).toBe(401);
    expect((await signInRaw(name, password)).status).toBe(201);
    expect(JSON.stringify(await (await admin.request("/api/accounts")).json())).not.toContain(password);
    expect(JSON.stringify(await auditOf(admin))).not.toContain(password);
  });

  test("an admin of another subtree, or a manager, may not; an unknown name is a 404 for admins only", async () => {
    const name = await person();
    const other = await signIn(app, "qt2");
    const manager = await signIn(app, await person("manager", "C1"));
    expect((await other.request(`/api/accounts/${name}/password`, { method: "POST" })).status).toBe(403);
    expect((await manager.request(`/api/accounts/${name}/password`, { method: "POST" })).status).toBe(403);
    expect((await manager.request("/api/accounts/nobody-here/password", { method: "POST" })).status).toBe(
      403,
    );
    expect((await admin.request("/api/accounts/nobody-here/password", { method: "POST" })).status).toBe(404);
    expect((await signInRaw(name, PASSWORD)).status).toBe(201);
  });
});

describe("disabling an account and changing its role", () => {
  test("a disabled account is signed out at once and cannot sign in, with the answer a wrong password gets", async () => {
    const name = await person();
    const theirs = await signIn(app, name);
    const res = await admin.request(`/api/accounts/${name}`, { method: "PATCH", json: { disabled: true } });
    expect(res.status).toBe(200);
    expect((await res.json()).account.disabledAt).toBe(DURING);
    expect((await theirs.request("/api/session")).status).toBe(401);
    const refused = await signInRaw(name, PASSWORD);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe("invalid_credentials");
    await admin.request(`/api/accounts/${name}`, { method: "PATCH", json: { disabled: false } });
    expect((await signInRaw(name, PASSWORD)).status).toBe(201);
  });

  test("an admin cannot disable or demote itself", async () => {
    for (const json of [{ disabled: true }, { role: "viewer" }]) {
      const res = await admin.request("/api/accounts/qt1", { method: "PATCH", json });
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe("own_account");
    }
  });

  test("a lowered role holds from the account's next request", async () => {
    const name = await person("manager");
    const theirs = await signIn(app, name);
    const campaign = {
      formId: "happy-school-staff",
      unit: "S1",
      kind: "staff",
      period: "HK1",
      opensAt: OPENS,
      closesAt: CLOSES,
    };
    expect((await theirs.request("/api/campaigns", { method: "POST", json: campaign })).status).toBe(201);
    const res = await admin.request(`/api/accounts/${name}`, { method: "PATCH", json: { role: "viewer" } });
    expect(res.status).toBe(200);
    expect((await theirs.request("/api/campaigns", { method: "POST", json: campaign })).status).toBe(403);
  });

  test("a role cannot be moved to a unit outside the admin's subtree", async () => {
    const name = await person("viewer");
    const res = await admin.request(`/api/accounts/${name}`, { method: "PATCH", json: { unit: "C2" } });
    expect(res.status).toBe(403);
    const moved = await root.request(`/api/accounts/${name}`, { method: "PATCH", json: { unit: "C2" } });
    expect(moved.status).toBe(200);
    expect((await moved.json()).account.unitCode).toBe("C2");
  });
});

describe("sessions", () => {
  test("an account lists its sessions and ends one or all the others", async () => {
    const name = await person("viewer");
    const a = await signIn(app, name);
    const b = await signIn(app, name);
    const c = await signIn(app, name);
    const { sessions } = await (await a.request(`/api/accounts/${name}/sessions`)).json();
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const current = sessions.find((s: { current: boolean }) => s.current).id;
    const other = sessions.find((s: { current: boolean }) => !s.current).id;
    expect((await a.request(`/api/accounts/${name}/sessions/${other}`, { method: "DELETE" })).status).toBe(
      200,
    );
    expect((await a.request(`/api/accounts/${name}/sessions/${other}`, { method: "DELETE" })).status).toBe(
      404,
    );
    const all = await a.request(`/api/accounts/${name}/sessions`, { method: "DELETE" });
    expect((await all.json()).ended).toBe(1);
    expect((await a.request("/api/session")).status).toBe(200);
    expect([(await b.request("/api/session")).status, (await c.request("/api/session")).status]).toEqual([
      401, 401,
    ]);
    const left = (await (await a.request(`/api/accounts/${name}/sessions`)).json()).sessions;
    expect(left.map((s: { id: string }) => s.id)).toEqual([current]);
  });

  test("an admin ends every session of an account; another account may not list them", async () => {
    const name = await person("viewer");
    const theirs = await signIn(app, name);
    const stranger = await signIn(app, await person("viewer"));
    expect((await stranger.request(`/api/accounts/${name}/sessions`)).status).toBe(403);
    expect((await admin.request(`/api/accounts/${name}/sessions`, { method: "DELETE" })).status).toBe(200);
    expect((await theirs.request("/api/session")).status).toBe(401);
  });

  test("a session expires after 12 hours and is purged at the next sign-in", async () => {
    const name = await person("viewer");
    const theirs = await signIn(app, name);
    const before = (await store.countRows()).sessions;
    clock.set(new Date(Date.parse(DURING) + 13 * 3600_000).toISOString());
    try {
      expect((await theirs.request("/api/session")).status).toBe(401);
      await signIn(app, name);
      // Every session made before (this test's and the others') has expired: one is left, the new one.
      expect(before).toBeGreaterThan(1);
      expect((await store.countRows()).sessions).toBe(1);
    } finally {
      clock.set(DURING);
      root = await signIn(app, "root");
      admin = await signIn(app, "qt1");
    }
  });
});

describe("the audit log", () => {
  test("holds sign-ins and failed sign-ins, under the account's unit", async () => {
    const name = await person("viewer");
    await signInRaw(name, "wrong password!");
    await signIn(app, name);
    await signInRaw("ke-la", "guessing");
    const mine = (await auditOf(admin)).filter((e) => e.username === name).map((e) => e.action);
    expect(mine.slice(0, 2)).toEqual(["session.sign_in", "session.sign_in_failed"]);
    expect((await auditOf(admin)).some((e) => e.username === "ke-la")).toBe(false);
    expect((await auditOf(root)).find((e) => e.username === "ke-la")?.action).toBe("session.sign_in_failed");
  });

  test("holds every account change, without passwords", async () => {
    const actions = new Set((await auditOf(root)).map((e) => e.action));
    for (const action of [
      "account.password_change",
      "account.password_reset",
      "account.disable",
      "account.enable",
      "account.role",
      "account.sessions_end",
    ])
      expect(actions).toContain(action);
  });
});
