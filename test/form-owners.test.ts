import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PublishedForm, UnitForms } from "../api/forms.ts";
import type { FormJson } from "../forms/types.ts";
import { createApp } from "../server/app.ts";
import type { Store } from "../server/store/store.ts";
import { CLOSES, catalogue, DURING, fixedClock, OPENS, openTestStore, tempDir } from "./helpers.ts";
import { type Agent, addAccount, anonymous, signIn } from "./manager-helpers.ts";

// P ─┬─ C1 ── S1      Q ── S3   (another province)
//    └─ S2
const dir = tempDir();
const clock = fixedClock(DURING);
let store: Store;
let app: ReturnType<typeof createApp>;
const as: Record<string, Agent> = {};
const who = (name: string): Agent => {
  const a = as[name];
  if (!a) throw new Error(`no agent ${name}`);
  return a;
};

const form = (title: string): FormJson => ({
  title,
  audience: "staff",
  criteria: [{ id: "A", title: "Tiêu chí A" }],
  pages: [
    { elements: [{ type: "rating", name: "q1", criterion: "A", rateMin: 1, rateMax: 5, title: "Câu 1" }] },
  ],
});
const put = (agent: string, id: string, body: FormJson, unit?: string) =>
  who(agent).request(`/api/forms/${id}${unit ? `?unit=${unit}` : ""}`, { method: "PUT", json: body });
const listIds = async (agent: Agent, unit?: string) =>
  ((await (await agent.request(`/api/forms${unit ? `?unit=${unit}` : ""}`)).json()) as { id: string }[]).map(
    (f) => f.id,
  );
const campaignAt = (agent: string, unit: string, formId: string) =>
  who(agent).request("/api/campaigns", {
    method: "POST",
    json: { formId, unit, kind: "staff", period: "HK1", opensAt: OPENS, closesAt: CLOSES },
  });

beforeAll(async () => {
  store = await openTestStore(`${dir.path}/owners.db`);
  const now = clock.now();
  await store.forms.addVersions(catalogue, now);
  for (const [code, kind, parentCode] of [
    ["P", "province", null],
    ["C1", "commune", "P"],
    ["S1", "school", "C1"],
    ["S2", "school", "P"],
    ["Q", "province", null],
    ["S3", "school", "Q"],
  ] as const)
    await store.units.create({ code, name: `Đơn vị ${code}`, kind, parentCode }, now);
  await addAccount(store, "root", "admin", null, now);
  await addAccount(store, "p.admin", "admin", "P", now);
  await addAccount(store, "q.admin", "admin", "Q", now);
  await addAccount(store, "s1.admin", "admin", "S1", now);
  await addAccount(store, "s1.manager", "manager", "S1", now);
  await addAccount(store, "s1.viewer", "viewer", "S1", now);
  await addAccount(store, "s2.admin", "admin", "S2", now);
  app = createApp({ store, clock, logError: () => {} });
  for (const name of ["root", "p.admin", "q.admin", "s1.admin", "s1.manager", "s1.viewer", "s2.admin"])
    as[name] = await signIn(app, name);
  // The province's own form, published before the tests below.
  expect((await put("p.admin", "tinh-p", form("Phiếu của Sở P"))).status).toBe(201);
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

describe("publishing forms for a unit", () => {
  test("a province admin's new form belongs to the province, with who published it", async () => {
    const res = await put("p.admin", "tinh-p-2", form("Phiếu thứ hai của Sở P"));
    expect(res.status).toBe(201);
    expect((await res.json()) as PublishedForm).toMatchObject({ id: "tinh-p-2", unit: "P" });
    const { entries } = await (await who("p.admin").request("/api/audit")).json();
    expect(entries[0]).toMatchObject({ username: "p.admin", action: "form.add_version", unitCode: "P" });
  });

  test("a school cannot revise its province's form (403 form_owned_elsewhere) and nothing is stored", async () => {
    const before = await store.countRows();
    const res = await put("s1.admin", "tinh-p", form("Sửa của trường S1"));
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("form_owned_elsewhere");
    expect(await store.countRows()).toEqual(before);
  });

  test("a school cannot revise a catalogue form either; the system administrator can", async () => {
    const revised = { ...(catalogue[0]?.json ?? {}), title: "Bản sửa" };
    expect((await put("s1.admin", catalogue[0]?.id ?? "", revised)).status).toBe(403);
    expect((await put("p.admin", catalogue[0]?.id ?? "", revised)).status).toBe(403);
    const res = await put("root", catalogue[0]?.id ?? "", revised);
    expect(res.status).toBe(201);
    expect((await res.json()).unit).toBeNull();
  });

  test("a school proposes its own form under a new id; its province admin may revise it", async () => {
    const own = await put("s1.admin", "truong-s1", form("Phiếu riêng của S1"));
    expect(own.status).toBe(201);
    expect((await own.json()).unit).toBe("S1");
    expect((await put("p.admin", "truong-s1", form("Phiếu riêng của S1, Sở sửa"))).status).toBe(201);
    expect((await put("s2.admin", "truong-s1", form("S2 sửa"))).status).toBe(403);
  });

  test("a province admin publishes for a school below it with ?unit=; not for another province's school", async () => {
    const res = await put("p.admin", "cho-s2", form("Phiếu Sở soạn cho S2"), "S2");
    expect(res.status).toBe(201);
    expect((await res.json()).unit).toBe("S2");
    expect((await put("q.admin", "cho-s1", form("Q cho S1"), "S1")).status).toBe(403);
  });

  test("?unit= naming another owner than the form's is 409 form_id_taken", async () => {
    const res = await put("p.admin", "tinh-p", form("Phiếu của Sở P"), "S2");
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("form_id_taken");
  });

  test.each([
    ["a manager (not admin) of the school", "s1.manager", 403],
    ["a viewer of the school", "s1.viewer", 403],
  ])("%s cannot publish", async (_label, agent, status) => {
    expect((await put(agent, `thu-${agent.replace(".", "-")}`, form("Thử"))).status).toBe(status);
  });

  test.each<[string, string, number, string]>([
    ["an unknown unit", "?unit=NOPE", 404, "unit_not_found"],
    ["a unit code of 200 characters", `?unit=${"X".repeat(200)}`, 400, "invalid_query"],
  ])("?unit= with %s is a clear 4xx", async (_label, query, status, code) => {
    const res = await who("p.admin").request(`/api/forms/moi-1${query}`, { method: "PUT", json: form("x") });
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
  });
});

describe("forms visible at a unit", () => {
  test("a school sees the catalogue, its province's and its own forms; another province sees none of them", async () => {
    const atS1 = await listIds(who("p.admin"), "S1");
    expect(atS1).toEqual(expect.arrayContaining([...catalogue.map((f) => f.id), "tinh-p", "truong-s1"]));
    expect(atS1).not.toContain("cho-s2");
    const atS3 = await listIds(who("root"), "S3");
    expect(atS3.sort()).toEqual(catalogue.map((f) => f.id).sort());
  });

  test("without ?unit= a signed-in account gets the forms above and below it; anyone else the catalogue", async () => {
    expect(await listIds(who("p.admin"))).toEqual(expect.arrayContaining(["tinh-p", "truong-s1", "cho-s2"]));
    const s1 = await listIds(who("s1.viewer"));
    expect(s1).toEqual(expect.arrayContaining(["tinh-p", "truong-s1"]));
    expect(s1).not.toContain("cho-s2");
    expect((await listIds(anonymous(app))).sort()).toEqual(catalogue.map((f) => f.id).sort());
    expect((await listIds(who("q.admin"))).sort()).toEqual(catalogue.map((f) => f.id).sort());
  });

  test("?unit= outside the caller's subtree is 403", async () => {
    expect((await who("s1.viewer").request("/api/forms?unit=S2")).status).toBe(403);
  });

  test("a campaign may use a form of its unit or above, not a form of a unit below or aside (404)", async () => {
    expect((await campaignAt("p.admin", "S1", "truong-s1")).status).toBe(201);
    expect((await campaignAt("p.admin", "S1", "tinh-p")).status).toBe(201);
    const aside = await campaignAt("p.admin", "S2", "truong-s1");
    expect(aside.status).toBe(404);
    expect((await aside.json()).error.code).toBe("form_not_found");
    expect((await campaignAt("p.admin", "P", "truong-s1")).status).toBe(404);
    expect((await campaignAt("root", "S3", "tinh-p")).status).toBe(404);
  });
});

describe("GET /api/units/:code/forms", () => {
  const unitForms = async (agent: string, unit: string) =>
    (await (await who(agent).request(`/api/units/${unit}/forms`)).json()) as UnitForms;

  test("lists every version newest first, who published it and when, and the campaigns using it", async () => {
    const body = await unitForms("p.admin", "S1");
    expect(body.unit.code).toBe("S1");
    const own = body.forms.find((f) => f.id === "truong-s1");
    expect(own?.owner).toEqual({ code: "S1", name: "Đơn vị S1" });
    expect(own?.versions.map((v) => v.publishedBy)).toEqual(["p.admin", "s1.admin"]);
    expect(own?.versions[0]?.publishedAt).toBe(DURING);
    // The campaign was made after the province's revision: it answers the newest version.
    expect(own?.versions[0]?.campaigns.map((c) => c.unit.code)).toEqual(["S1"]);
    expect(own?.versions[1]?.campaigns).toEqual([]);
    const cat = body.forms.find((f) => f.id === catalogue[1]?.id);
    expect(cat?.owner).toBeNull();
    expect(cat?.versions[0]?.publishedBy).toBeNull();
  });

  test("a school viewer sees only the campaigns of its own subtree and above", async () => {
    await store.campaigns.create(
      {
        formId: "tinh-p",
        unitCode: "S2",
        kind: "staff",
        period: "HK2",
        opensAt: new Date(OPENS),
        closesAt: new Date(CLOSES),
      },
      clock.now(),
    );
    const forProvince = (await unitForms("p.admin", "S1")).forms.find((f) => f.id === "tinh-p");
    expect(forProvince?.versions[0]?.campaigns.map((c) => c.unit.code).sort()).toEqual(["S1", "S2"]);
    const forSchool = (await unitForms("s1.viewer", "S1")).forms.find((f) => f.id === "tinh-p");
    expect(forSchool?.versions[0]?.campaigns.map((c) => c.unit.code)).toEqual(["S1"]);
  });

  test.each<[string, string, number, string]>([
    ["GET /api/forms?unit= an unknown unit", "/api/forms?unit=NOPE", 404, "unit_not_found"],
    ["GET /api/forms?unit= empty", "/api/forms?unit=", 400, "invalid_query"],
    ["GET /api/forms?unit= of 65 characters", `/api/forms?unit=${"U".repeat(65)}`, 400, "invalid_query"],
    [
      "GET /api/units/:code/forms with SQL in the code",
      `/api/units/${encodeURIComponent("' OR 1=1 --")}/forms`,
      404,
      "unit_not_found",
    ],
  ])("%s is a clear 4xx", async (_label, path, status, code) => {
    const res = await who("p.admin").request(path);
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
  });

  test("an unknown unit is 404; another subtree's unit is 403", async () => {
    expect((await who("p.admin").request("/api/units/NOPE/forms")).status).toBe(404);
    expect((await who("s1.viewer").request("/api/units/S2/forms")).status).toBe(403);
  });
});

describe("forms of a merged unit", () => {
  test("pass to the unit it joined, so the schools that moved keep them", async () => {
    const now = clock.now();
    await store.units.create({ code: "C9", name: "Xã cũ", kind: "commune", parentCode: "Q" }, now);
    await store.units.create({ code: "S9", name: "Trường của xã cũ", kind: "school", parentCode: "C9" }, now);
    await store.units.create({ code: "C8", name: "Xã mới", kind: "commune", parentCode: "Q" }, now);
    expect((await put("q.admin", "xa-cu", form("Phiếu của xã cũ"), "C9")).status).toBe(201);
    await store.units.merge("C9", "C8");
    expect(await listIds(who("q.admin"), "S9")).toContain("xa-cu");
    const own = (await (await who("q.admin").request("/api/units/C8/forms")).json()) as UnitForms;
    expect(own.forms.find((f) => f.id === "xa-cu")?.owner?.code).toBe("C8");
  });
});
