import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { formToSheet } from "../forms/form-to-sheet.ts";
import { createApp, MANAGER_PREFIXES } from "../server/app.ts";
import { templateCsv } from "../server/catalogue/template-file.ts";
import type { Store } from "../server/store/store.ts";
import type { Role } from "../server/store/types.ts";
import { CLOSES, catalogue, DURING, fixedClock, OPENS, openTestStore, tempDir } from "./helpers.ts";
import { type Agent, addAccount, anonymous, download, PASSWORD, signIn } from "./manager-helpers.ts";

// P ─┬─ C1 ── S1   (the subtree the "in" accounts hold)
//    └─ C2 ── S2   (where the "out" accounts hold the same roles)
const dir = tempDir();
const clock = fixedClock(DURING);
let store: Store;
let app: ReturnType<typeof createApp>;
const ROLES: Role[] = ["viewer", "manager", "admin"];
const agents: Record<string, Agent> = {};
const as = (who: string): Agent => {
  const agent = agents[who];
  if (!agent) throw new Error(`no agent ${who}`);
  return agent;
};
let seq = 0;
const fresh = (prefix: string) => `${prefix}${++seq}`;

async function newAccount() {
  const name = fresh("account");
  await addAccount(store, name, "viewer", "S1", clock.now());
  return name;
}

async function newCampaign(unitCode = "C1") {
  const c = await store.campaigns.create(
    {
      formId: "happy-school-staff",
      unitCode,
      kind: "staff",
      period: "HK1",
      opensAt: new Date(OPENS),
      closesAt: new Date(CLOSES),
    },
    clock.now(),
  );
  return c.id;
}

beforeAll(async () => {
  store = await openTestStore(`${dir.path}/authz.db`);
  const now = clock.now();
  await store.forms.addVersions(catalogue, now);
  await store.units.create({ code: "P", name: "Sở", kind: "province" }, now);
  for (const [commune, school] of [
    ["C1", "S1"],
    ["C2", "S2"],
  ] as const) {
    await store.units.create({ code: commune, name: `Xã ${commune}`, kind: "commune", parentCode: "P" }, now);
    await store.units.create(
      { code: school, name: `Trường ${school}`, kind: "school", parentCode: commune },
      now,
    );
  }
  await addAccount(store, "sysadmin", "admin", null, now);
  for (const role of ROLES) {
    await addAccount(store, `${role}-in`, role, "C1", now);
    await addAccount(store, `${role}-out`, role, "C2", now);
  }
  app = createApp({
    store,
    clock,
    logError: () => {},
    loginLimits: { perIpPerMinute: 0, failuresBeforeLock: 100, lockMinutes: 1 },
  });
  agents.none = anonymous(app);
  for (const name of ["sysadmin", ...ROLES.flatMap((r) => [`${r}-in`, `${r}-out`])])
    agents[name] = await signIn(app, name);
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

/**
 * Who may call a route: `target` routes need the role at a unit inside C1 (so "out" accounts are
 * refused); `own` routes need the role but act on the caller's own subtree (so "out" accounts get their
 * own, filtered answer); `public` routes need no session; `system` routes need the administrator of
 * every tree.
 */
type Rule =
  | { scope: "public" }
  | { scope: "system" }
  | { scope: "target"; role: Role }
  | { scope: "own"; role: Role };
interface Row {
  rule: Rule;
  ok: number;
  call: (a: Agent) => Promise<Response>;
}

const ROUTES: Record<string, Row> = {
  "GET /api/forms": { rule: { scope: "public" }, ok: 200, call: (a) => a.request("/api/forms") },
  "GET /api/forms/:formId": {
    rule: { scope: "public" },
    ok: 200,
    call: (a) => a.request("/api/forms/happy-school-staff"),
  },
  // A new form for a unit needs its admin role (the catalogue's rules: form-owners.test.ts).
  "PUT /api/forms/:formId": {
    rule: { scope: "target", role: "admin" },
    ok: 201,
    call: (a) =>
      a.request(`/api/forms/${fresh("uploaded-")}?unit=S1`, {
        method: "PUT",
        json: { pages: [{ elements: [{ type: "text", name: "q" }] }] },
      }),
  },
  "GET /api/forms/template.xlsx": {
    rule: { scope: "public" },
    ok: 200,
    call: (a) => a.request("/api/forms/template.xlsx"),
  },
  "GET /api/forms/template.csv": {
    rule: { scope: "public" },
    ok: 200,
    call: (a) => a.request("/api/forms/template.csv"),
  },
  "GET /api/forms/:formId/template.xlsx": {
    rule: { scope: "public" },
    ok: 200,
    call: (a) => a.request("/api/forms/five-no-staff/template.xlsx"),
  },
  "GET /api/forms/:formId/template.csv": {
    rule: { scope: "public" },
    ok: 200,
    call: (a) => a.request("/api/forms/five-no-staff/template.csv"),
  },
  "POST /api/forms/import": {
    rule: { scope: "own", role: "admin" },
    ok: 200,
    call: (a) => {
      const body = new FormData();
      const form = catalogue.find((f) => f.id === "five-no-staff");
      body.set("file", new File([templateCsv(formToSheet("five-no-staff", form?.json ?? {}))], "x.csv"));
      return a.request("/api/forms/import", { method: "POST", body });
    },
  },
  "POST /api/session": {
    rule: { scope: "public" },
    ok: 401,
    call: (a) =>
      a.request("/api/session", {
        method: "POST",
        json: { username: "sysadmin", password: "wrong password" },
      }),
  },
  "GET /api/session": {
    rule: { scope: "own", role: "viewer" },
    ok: 200,
    call: (a) => a.request("/api/session"),
  },
  "DELETE /api/session": {
    rule: { scope: "public" },
    ok: 204,
    // Signs out a throwaway session of the same account, never the shared one.
    call: async (a) => {
      const me = a.cookie ? await (await a.request("/api/session")).json() : null;
      const b = me ? await signIn(app, me.account.username) : a;
      return b.request("/api/session", { method: "DELETE" });
    },
  },
  "GET /api/units/:code/forms": {
    rule: { scope: "target", role: "viewer" },
    ok: 200,
    call: (a) => a.request("/api/units/S1/forms"),
  },
  "GET /api/units": { rule: { scope: "own", role: "viewer" }, ok: 200, call: (a) => a.request("/api/units") },
  "POST /api/units": {
    rule: { scope: "target", role: "admin" },
    ok: 201,
    call: (a) =>
      a.request("/api/units", {
        method: "POST",
        json: { code: fresh("U"), name: "Lớp", kind: "group", parentCode: "S1" },
      }),
  },
  "PATCH /api/units/:code": {
    rule: { scope: "target", role: "admin" },
    ok: 200,
    call: (a) => a.request("/api/units/S1", { method: "PATCH", json: { name: `Trường S1 (${fresh("v")})` } }),
  },
  "POST /api/units/:code/merge": {
    rule: { scope: "target", role: "admin" },
    ok: 200,
    call: async (a) => {
      const code = fresh("M");
      await store.units.create({ code, name: "Điểm trường", kind: "school", parentCode: "C1" }, clock.now());
      return a.request(`/api/units/${code}/merge`, { method: "POST", json: { into: "S1" } });
    },
  },
  "POST /api/units/import": {
    rule: { scope: "target", role: "admin" },
    ok: 201,
    call: (a) =>
      a.request("/api/units/import", {
        method: "POST",
        csv: `code,name,kind,parent_code\n${fresh("I")},Lớp 1A,group,S1\n`,
      }),
  },
  "GET /api/campaigns": {
    rule: { scope: "own", role: "viewer" },
    ok: 200,
    call: (a) => a.request("/api/campaigns"),
  },
  "POST /api/campaigns": {
    rule: { scope: "target", role: "manager" },
    ok: 201,
    call: (a) =>
      a.request("/api/campaigns", {
        method: "POST",
        json: {
          formId: "happy-school-staff",
          unit: "S1",
          kind: "staff",
          period: "HK1",
          opensAt: OPENS,
          closesAt: CLOSES,
        },
      }),
  },
  "GET /api/campaigns/:id": {
    rule: { scope: "target", role: "viewer" },
    ok: 200,
    call: async (a) => a.request(`/api/campaigns/${await newCampaign()}`),
  },
  "PATCH /api/campaigns/:id": {
    rule: { scope: "target", role: "manager" },
    ok: 200,
    call: async (a) =>
      a.request(`/api/campaigns/${await newCampaign()}`, { method: "PATCH", json: { period: fresh("HK") } }),
  },
  "POST /api/campaigns/:id/duplicate": {
    rule: { scope: "target", role: "manager" },
    ok: 201,
    // Each over a unit of its own, so the campaigns-per-unit-per-hour limit never answers first.
    call: async (a) => {
      const unit = fresh("D");
      await store.units.create({ code: unit, name: "Trường", kind: "school", parentCode: "C1" }, clock.now());
      return a.request(`/api/campaigns/${await newCampaign(unit)}/duplicate`, {
        method: "POST",
        json: { period: "HK2", opensAt: OPENS, closesAt: CLOSES },
      });
    },
  },
  "POST /api/campaigns/:id/codes/reprint": {
    rule: { scope: "target", role: "manager" },
    ok: 201,
    call: async (a) => {
      const id = await newCampaign();
      await store.campaigns.addCodes(id, "S1", "staff", [fresh("LOST")], clock.now());
      return a.request(`/api/campaigns/${id}/codes/reprint`, { method: "POST", json: { unit: "S1" } });
    },
  },
  "GET /api/campaigns/:id/results": {
    rule: { scope: "target", role: "viewer" },
    ok: 200,
    call: async (a) => a.request(`/api/campaigns/${await newCampaign()}/results?unit=S1`),
  },
  "GET /api/campaigns/:id/export.csv": {
    rule: { scope: "target", role: "manager" },
    ok: 200,
    call: async (a) => download(a, await newCampaign(), "csv", "S1"),
  },
  "GET /api/campaigns/:id/export.xlsx": {
    rule: { scope: "target", role: "manager" },
    ok: 200,
    call: async (a) => download(a, await newCampaign(), "xlsx", "S1"),
  },
  "POST /api/campaigns/:id/export-link": {
    rule: { scope: "target", role: "manager" },
    ok: 200,
    call: async (a) =>
      a.request(`/api/campaigns/${await newCampaign()}/export-link`, {
        method: "POST",
        json: { format: "csv", unit: "S1" },
      }),
  },
  "POST /api/campaigns/:id/close": {
    rule: { scope: "target", role: "manager" },
    ok: 200,
    call: async (a) => a.request(`/api/campaigns/${await newCampaign()}/close`, { method: "POST" }),
  },
  "POST /api/campaigns/:id/reopen": {
    rule: { scope: "target", role: "manager" },
    ok: 200,
    call: async (a) => {
      const id = await newCampaign();
      await store.campaigns.setClosedAt(id, clock.now());
      return a.request(`/api/campaigns/${id}/reopen`, { method: "POST" });
    },
  },
  "POST /api/campaigns/:id/codes": {
    rule: { scope: "target", role: "manager" },
    ok: 201,
    call: async (a) =>
      a.request(`/api/campaigns/${await newCampaign()}/codes`, {
        method: "POST",
        json: { unit: "S1", count: 2 },
      }),
  },
  "GET /api/campaigns/:id/codes": {
    rule: { scope: "target", role: "manager" },
    ok: 200,
    call: async (a) => a.request(`/api/campaigns/${await newCampaign()}/codes?unit=S1`),
  },
  "POST /api/codes/:code/revoke": {
    rule: { scope: "target", role: "manager" },
    ok: 200,
    call: async (a) => {
      const code = fresh("CODE");
      await store.campaigns.addCodes(await newCampaign(), "S1", "staff", [code], clock.now());
      return a.request(`/api/codes/${code}/revoke`, { method: "POST" });
    },
  },
  "POST /api/codes/:code/reprint": {
    rule: { scope: "target", role: "manager" },
    ok: 201,
    call: async (a) => {
      const code = fresh("CODE");
      await store.campaigns.addCodes(await newCampaign(), "S1", "staff", [code], clock.now());
      return a.request(`/api/codes/${code}/reprint`, { method: "POST" });
    },
  },
  "GET /api/campaigns/:id/held": {
    rule: { scope: "target", role: "manager" },
    ok: 200,
    call: async (a) => a.request(`/api/campaigns/${await newCampaign()}/held?unit=S1`),
  },
  "POST /api/campaigns/:id/held": {
    rule: { scope: "target", role: "manager" },
    ok: 200,
    call: async (a) =>
      a.request(`/api/campaigns/${await newCampaign()}/held`, {
        method: "POST",
        json: { unit: "S1", action: "accept" },
      }),
  },
  "GET /api/accounts": {
    rule: { scope: "own", role: "admin" },
    ok: 200,
    call: (a) => a.request("/api/accounts"),
  },
  "POST /api/accounts": {
    rule: { scope: "target", role: "admin" },
    ok: 201,
    call: (a) =>
      a.request("/api/accounts", {
        method: "POST",
        json: { username: fresh("user"), role: "viewer", unit: "S1" },
      }),
  },
  "POST /api/accounts/me/password": {
    rule: { scope: "own", role: "viewer" },
    ok: 200,
    // The same password again: the shared agents keep signing in with it.
    call: (a) =>
      a.request("/api/accounts/me/password", {
        method: "POST",
        json: { current: PASSWORD, password: PASSWORD },
      }),
  },
  "POST /api/accounts/:username/password": {
    rule: { scope: "target", role: "admin" },
    ok: 200,
    call: async (a) => a.request(`/api/accounts/${await newAccount()}/password`, { method: "POST" }),
  },
  "PATCH /api/accounts/:username": {
    rule: { scope: "target", role: "admin" },
    ok: 200,
    call: async (a) =>
      a.request(`/api/accounts/${await newAccount()}`, { method: "PATCH", json: { role: "manager" } }),
  },
  "GET /api/accounts/:username/sessions": {
    rule: { scope: "target", role: "admin" },
    ok: 200,
    call: async (a) => a.request(`/api/accounts/${await newAccount()}/sessions`),
  },
  "DELETE /api/accounts/:username/sessions": {
    rule: { scope: "target", role: "admin" },
    ok: 200,
    call: async (a) => a.request(`/api/accounts/${await newAccount()}/sessions`, { method: "DELETE" }),
  },
  "DELETE /api/accounts/:username/sessions/:session": {
    rule: { scope: "target", role: "admin" },
    ok: 200,
    call: async (a) => {
      const name = await newAccount();
      await signIn(app, name);
      const [session] = await store.accounts.listSessions(
        (await store.accounts.find(name))?.account.id ?? 0,
        clock.now(),
      );
      return a.request(`/api/accounts/${name}/sessions/${session?.id}`, { method: "DELETE" });
    },
  },
  "GET /api/audit": { rule: { scope: "own", role: "admin" }, ok: 200, call: (a) => a.request("/api/audit") },
};

const RANK: Record<Role, number> = { viewer: 1, manager: 2, admin: 3 };

function expected(row: Row, who: string): number {
  const rule = row.rule;
  if (rule.scope === "public" || rule.scope === "system") {
    if (rule.scope === "public" || who === "sysadmin") return row.ok;
    return who === "none" ? 401 : 403;
  }
  if (who === "none") return 401;
  if (who === "sysadmin") return row.ok;
  const [role, side] = who.split("-") as [Role, "in" | "out"];
  if (RANK[role] < RANK[rule.role]) return 403;
  return side === "out" && rule.scope === "target" ? 403 : row.ok;
}

const IDENTITIES = ["none", "sysadmin", ...ROLES.flatMap((r) => [`${r}-in`, `${r}-out`])];
const cases = Object.entries(ROUTES).flatMap(([route, row]) =>
  IDENTITIES.map((who) => [route, who, row] as const),
);

describe("authorization of every manager route", () => {
  test("every manager route registered in the app has a row here", () => {
    const registered = app.routes
      .filter(
        (r) => r.method !== "ALL" && MANAGER_PREFIXES.some((p) => r.path === p || r.path.startsWith(`${p}/`)),
      )
      .map((r) => `${r.method} ${r.path}`);
    expect([...new Set(registered)].sort()).toEqual(Object.keys(ROUTES).sort());
  });

  test.each(cases)("%s as %s", async (_route, who, row) => {
    const res = await row.call(as(who));
    expect(res.status, await res.clone().text()).toBe(expected(row, who));
    if (res.status >= 400) expect((await res.json()).error.code).toMatch(/^[a-z_]+$/);
  });
});

describe("a unit's managers see nothing of another subtree", () => {
  const codesIn = (body: unknown) => JSON.stringify(body).match(/"(C1|S1)"/g) ?? [];

  test("the unit tree of a C2 viewer holds only C2's units", async () => {
    const { units } = await (await as("viewer-out").request("/api/units")).json();
    expect(units.map((u: { code: string }) => u.code)).toEqual(["C2", "S2"]);
  });

  test("a C2 viewer's campaign list has no campaign of C1", async () => {
    const inside = await newCampaign("C1");
    const own = await newCampaign("C2");
    const list = async (who: string) =>
      ((await (await as(who).request("/api/campaigns")).json()).campaigns as {
        id: number;
        unit: { code: string };
      }[]) ?? [];
    const campaigns = await list("viewer-out");
    const ids = campaigns.map((c) => c.id);
    expect(ids).toContain(own);
    expect(ids).not.toContain(inside);
    // Only units of the viewer's subtree or above it.
    expect(campaigns.map((c) => c.unit.code).filter((code) => !["P", "C2", "S2"].includes(code))).toEqual([]);
    expect(codesIn(campaigns)).toEqual([]);
    // The same list for the system administrator holds both: the C1 campaign exists.
    expect((await list("sysadmin")).map((c) => c.id)).toEqual(expect.arrayContaining([inside, own]));
  });

  test("a C2 admin's account list and audit log hold nothing of C1", async () => {
    const accounts = await (await as("admin-out").request("/api/accounts")).json();
    expect(accounts.accounts.map((a: { username: string }) => a.username).sort()).toEqual([
      "admin-out",
      "manager-out",
      "viewer-out",
    ]);
    const audit = await (await as("admin-out").request("/api/audit")).json();
    expect(codesIn(audit.entries)).toEqual([]);
    const all = await (await as("sysadmin").request("/api/audit")).json();
    expect(codesIn(all.entries).length).toBeGreaterThan(0);
  });

  test("a school manager sees the campaign of the province above, but only its own school's codes", async () => {
    const id = await newCampaign("P");
    await store.campaigns.addCodes(id, "S1", "staff", [fresh("IN")], clock.now());
    await store.campaigns.addCodes(id, "S2", "staff", [fresh("OUT")], clock.now());
    const manager = as("manager-out");
    expect((await manager.request(`/api/campaigns/${id}`)).status).toBe(200);
    const { codes } = await (await manager.request(`/api/campaigns/${id}/codes`)).json();
    expect(codes.map((c: { unitCode: string }) => c.unitCode)).toEqual(["S2"]);
    expect((await manager.request(`/api/campaigns/${id}/close`, { method: "POST" })).status).toBe(403);
  });
});
