import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp } from "../server/app.ts";
import { bulkLoadResponses } from "../server/store/bulk-load.ts";
import type { Store } from "../server/store/store.ts";
import {
  allRatings,
  CLOSES,
  catalogueForm,
  DURING,
  fixedClock,
  OPENS,
  setUpWorld,
  tempDir,
} from "./helpers.ts";
import { type Agent, addAccount, signIn } from "./manager-helpers.ts";

// Issue 18 items 10–12: parent links' counts, editing and duplicating campaigns, reprinting the
// unanswered codes, and the audit log's filters and pages.
const dir = tempDir();
const clock = fixedClock(DURING);
const parentForm = catalogueForm("happy-school-parent");
let store: Store;
let dbPath: string;
let app: ReturnType<typeof createApp>;
let manager: Agent;
let admin: Agent;
let seq = 0;

beforeAll(async () => {
  dbPath = `${dir.path}/manage.db`;
  ({ store } = await setUpWorld(dbPath, clock));
  await addAccount(store, "bgh", "manager", "S1", clock.now());
  await addAccount(store, "so", "admin", "P", clock.now());
  await addAccount(store, "so-manager", "manager", "P", clock.now());
  app = createApp({
    store,
    clock,
    logError: () => {},
    submitLimits: { perIpPerMinute: 100_000, perPersonalCodePerMinute: 100_000 },
    campaignsPerUnitPerHour: 0,
  });
  manager = await signIn(app, "so-manager");
  admin = await signIn(app, "so");
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

async function newCampaign(kind: "staff" | "parent", window: { opensAt?: string; closesAt?: string } = {}) {
  const c = await store.campaigns.create(
    {
      formId: kind === "staff" ? "happy-school-staff" : "happy-school-parent",
      kind,
      unitCode: "P",
      period: `HK${++seq}`,
      opensAt: new Date(window.opensAt ?? OPENS),
      closesAt: new Date(window.closesAt ?? CLOSES),
      expected: 10,
    },
    clock.now(),
  );
  return c.id;
}
const post = (who: Agent, path: string, json: object) => who.request(path, { method: "POST", json });
const patch = (id: number, json: object) =>
  manager.request(`/api/campaigns/${id}`, { method: "PATCH", json });
const codes = async (id: number) =>
  (await (await manager.request(`/api/campaigns/${id}/codes?unit=S1`)).json()).codes as {
    ref: string;
    mask: string;
    answered: boolean;
    revokedAt: string | null;
    singleUse: boolean;
    responses: number | null;
  }[];
const parentAnswer = (code: string, device: string) =>
  app.request(`/api/a/${code}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      answers: allRatings(parentForm, 3),
      clientId: `manage-test-${++seq}`,
      deviceToken: device,
    }),
  });

describe("a parent link shows how many answered through it (item 10)", () => {
  test("each answering device counts once; a revision does not count again; single-use codes say answered", async () => {
    const id = await newCampaign("parent");
    const [link] = (await (await post(manager, `/api/campaigns/${id}/codes`, { unit: "S1" })).json()).codes;
    const singles = (
      await (await post(manager, `/api/campaigns/${id}/codes`, { unit: "S1", count: 2 })).json()
    ).codes;
    expect((await codes(id)).find((c) => !c.singleUse)?.responses).toBe(0);
    for (const device of ["phone-aaaa-1", "phone-bbbb-2", "phone-cccc-3", "phone-aaaa-1"])
      expect((await parentAnswer(link.code, device)).status).toBe(201);
    expect((await parentAnswer(singles[0].code, "phone-dddd-4")).status).toBe(201);
    const listed = await codes(id);
    expect(listed.find((c) => !c.singleUse)?.responses).toBe(3);
    // The list's order among codes made together is not part of the contract: find each by its mask.
    const single = (code: string) =>
      listed.find(
        (c) => c.singleUse && c.mask.startsWith(code.slice(0, 2)) && c.mask.endsWith(code.slice(-2)),
      );
    expect(
      [singles[0].code, singles[1].code].map((code: string) => [
        single(code)?.answered,
        single(code)?.responses,
      ]),
    ).toEqual([
      [true, null],
      [false, null],
    ]);
  });

  // The bulk loader writes the SQLite file (it is SQLite's demo and bench path): SQLite only.
  test.skipIf(process.env.TEST_DATABASE_URL)(
    "answers loaded without receipts (the demo) count on the school's link",
    async () => {
      const id = await newCampaign("parent");
      await store.campaigns.addCodes(id, "S1", "parent", ["LINKDEMO0001"], clock.now());
      const school = await store.units.get("S1");
      const answers = allRatings(parentForm, 4);
      bulkLoadResponses(
        dbPath,
        id,
        Array.from({ length: 7 }, () => ({ unitId: school?.id ?? 0, answers, submittedAt: DURING })),
      );
      expect((await codes(id)).map((c) => c.responses)).toEqual([7]);
      // And with a second link at the school the total is not counted twice.
      await store.campaigns.addCodes(id, "S1", "parent", ["LINKDEMO0002"], clock.now());
      expect((await codes(id)).map((c) => c.responses)).toEqual([7, 0]);
    },
  );
});

describe("editing a campaign (item 11)", () => {
  test("title, period, expected count and a later close date are saved and audited", async () => {
    const id = await newCampaign("staff");
    const res = await patch(id, {
      title: "Khảo sát trường hạnh phúc — HK1",
      period: "2026–2027 HK1",
      closesAt: "2027-01-15T10:00:00.000Z",
      expected: 25,
    });
    expect(res.status).toBe(200);
    const { campaign } = await res.json();
    expect(campaign).toMatchObject({
      title: "Khảo sát trường hạnh phúc — HK1",
      period: "2026–2027 HK1",
      closesAt: "2027-01-15T10:00:00.000Z",
      expected: 25,
      status: "open",
    });
    const [entry] = await store.audit.list("all", { action: "campaign.update" }, 1);
    expect(entry?.details).toMatchObject({ campaignId: id, expected: [10, 25] });
    // An empty title goes back to the form's.
    expect((await (await patch(id, { title: "" })).json()).campaign.title).toBeNull();
  });

  test.each([
    ["a close date that has passed", { closesAt: "2026-11-01T00:00:00.000Z" }, 400, "close_in_past"],
    ["a close date before the opening", { closesAt: "2026-08-01T00:00:00.000Z" }, 400, "invalid_body"],
    ["a new opening once open", { opensAt: "2026-10-01T00:00:00.000Z" }, 409, "already_open"],
    ["nothing", {}, 400, "invalid_body"],
  ])("refuses %s", async (_what, body, status, code) => {
    const id = await newCampaign("staff");
    const res = await patch(id, body);
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
  });

  test("a scheduled campaign may move its opening", async () => {
    const id = await newCampaign("staff", { opensAt: "2026-12-01T00:00:00.000Z" });
    const res = await patch(id, { opensAt: "2026-12-02T00:00:00.000Z" });
    expect((await res.json()).campaign.opensAt).toBe("2026-12-02T00:00:00.000Z");
  });

  test("a closed campaign is neither edited nor given codes", async () => {
    const id = await newCampaign("staff");
    const made = (await (await post(manager, `/api/campaigns/${id}/codes`, { unit: "S1", count: 1 })).json())
      .codes;
    expect((await post(manager, `/api/campaigns/${id}/close`, {})).status).toBe(200);
    for (const res of [
      await patch(id, { period: "x" }),
      await post(manager, `/api/campaigns/${id}/codes`, { unit: "S1", count: 1 }),
      await post(manager, `/api/campaigns/${id}/codes/reprint`, { unit: "S1" }),
      await post(manager, `/api/codes/${made[0].ref}/reprint`, {}),
    ]) {
      expect(res.status).toBe(409);
      expect((await res.json()).error.code).toBe("campaign_closed");
    }
  });

  test("a school manager may not edit its province's campaign", async () => {
    const bgh = await signIn(app, "bgh");
    const id = await newCampaign("staff");
    expect(
      (await bgh.request(`/api/campaigns/${id}`, { method: "PATCH", json: { period: "x" } })).status,
    ).toBe(403);
  });
});

describe("duplicating a campaign for the next period (item 11)", () => {
  test("same form, unit, respondents, expected count and release setting; new period and dates; no codes", async () => {
    const id = await newCampaign("parent");
    await patch(id, { title: "Ý kiến phụ huynh" });
    await post(manager, `/api/campaigns/${id}/codes`, { unit: "S1" });
    const res = await post(manager, `/api/campaigns/${id}/duplicate`, {
      period: "2026–2027 HK2",
      opensAt: "2027-01-10T00:00:00.000Z",
      closesAt: "2027-02-10T00:00:00.000Z",
    });
    expect(res.status).toBe(201);
    const { campaign } = await res.json();
    expect(campaign).toMatchObject({
      formId: "happy-school-parent",
      kind: "parent",
      unit: { code: "P" },
      expected: 10,
      title: "Ý kiến phụ huynh",
      period: "2026–2027 HK2",
      status: "scheduled",
      releaseAfterClose: false,
    });
    expect(campaign.id).not.toBe(id);
    expect(await codes(campaign.id)).toEqual([]);
    const [entry] = await store.audit.list("all", { action: "campaign.duplicate" }, 1);
    expect(entry?.details).toMatchObject({ campaignId: campaign.id, copiedFrom: id });
  });
});

describe("reprinting the unanswered codes (item 11)", () => {
  test("every active unanswered code is replaced and shown once; answered and revoked ones stay", async () => {
    const id = await newCampaign("staff");
    const made = (await (await post(manager, `/api/campaigns/${id}/codes`, { unit: "S1", count: 4 })).json())
      .codes as { code: string; ref: string }[];
    const [answered, revoked] = made;
    const staffForm = catalogueForm("happy-school-staff");
    const r = await app.request(`/api/a/${answered?.code}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ answers: allRatings(staffForm, 4), clientId: `manage-test-${++seq}` }),
    });
    expect(r.status).toBe(201);
    await post(manager, `/api/codes/${revoked?.ref}/revoke`, {});
    const res = await post(manager, `/api/campaigns/${id}/codes/reprint`, { unit: "S1" });
    expect(res.status).toBe(201);
    const issued = (await res.json()).codes as { code: string }[];
    expect(issued).toHaveLength(2);
    for (const old of made.slice(2))
      expect((await app.request(`/api/a/${old.code}`)).status).toBeGreaterThanOrEqual(400);
    for (const fresh of issued) expect((await app.request(`/api/a/${fresh.code}`)).status).toBe(200);
    expect((await app.request(`/api/a/${answered?.code}`)).status).toBe(200);
    const listed = await codes(id);
    expect(listed.filter((c) => !c.revokedAt)).toHaveLength(3);
    const [entry] = await store.audit.list("all", { action: "codes.reprint" }, 1);
    expect(entry?.details).toMatchObject({ campaignId: id, count: 2 });
  });
});

describe("the audit log's filters and pages (item 12)", () => {
  const page = async (query: string) => {
    const res = await admin.request(`/api/audit${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as {
      entries: { id: number; username: string; action: string; unitCode: string | null; at: string }[];
      next: number | null;
      usernames: string[];
    };
  };

  test("pages follow each other without gaps or repeats, newest first", async () => {
    const all = await page("?limit=200");
    const seen: number[] = [];
    let next: number | null = null;
    do {
      const p = await page(`?limit=3${next ? `&before=${next}` : ""}`);
      seen.push(...p.entries.map((e) => e.id));
      next = p.next;
    } while (next !== null);
    expect(seen).toEqual(all.entries.map((e) => e.id));
    expect(seen.length).toBeGreaterThan(3);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  test.each([
    ["who", "?who=so-manager", (e: { username: string }) => e.username === "so-manager"],
    ["one action", "?action=campaign.update", (e: { action: string }) => e.action === "campaign.update"],
    ["an action family", "?action=campaign.", (e: { action: string }) => e.action.startsWith("campaign.")],
    ["a unit", "?unit=S1", (e: { unitCode: string | null }) => e.unitCode === "S1"],
  ])("filters by %s", async (_what, query, keep) => {
    const all = (await page("?limit=200")).entries;
    const filtered = (await page(`${query}&limit=200`)).entries;
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered).toEqual(all.filter(keep as (e: unknown) => boolean));
  });

  test("filters by day in Vietnam time, both ends included", async () => {
    // DURING is 15:00 on 23/11 in Vietnam.
    expect((await page("?from=2026-11-23&to=2026-11-23")).entries.length).toBeGreaterThan(0);
    expect((await page("?from=2026-11-24")).entries).toEqual([]);
    expect((await page("?to=2026-11-22")).entries).toEqual([]);
  });

  test("lists who appears in the log, and refuses bad filters and units outside the tree", async () => {
    expect((await page("")).usernames).toEqual(expect.arrayContaining(["so", "so-manager"]));
    expect((await admin.request("/api/audit?from=23/11/2026")).status).toBe(400);
    expect((await admin.request("/api/audit?unit=NOWHERE")).status).toBe(404);
    await store.units.create({ code: "P2", name: "Sở khác", kind: "province" }, clock.now());
    expect((await admin.request("/api/audit?unit=P2")).status).toBe(403);
  });
});
