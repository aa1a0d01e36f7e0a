import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { createApp } from "../server/app.ts";
import type { Store } from "../server/store/store.ts";
import { CLOSES, catalogue, DURING, fixedClock, OPENS, openTestStore, tempDir } from "./helpers.ts";
import { type Agent, addAccount, signIn } from "./manager-helpers.ts";

const dir = tempDir();
const clock = fixedClock(DURING);
let store: Store;
let manager: Agent;
const campaign = (unit: string) => ({
  formId: "happy-school-staff",
  unit,
  kind: "staff",
  period: "HK1",
  opensAt: OPENS,
  closesAt: CLOSES,
});

beforeAll(async () => {
  store = await openTestStore(`${dir.path}/flood.db`);
  const now = clock.now();
  await store.forms.addVersions(catalogue, now);
  await store.units.create({ code: "P", name: "Sở", kind: "province" }, now);
  for (const s of ["S1", "S2", "S3"])
    await store.units.create({ code: s, name: `Trường ${s}`, kind: "school", parentCode: "P" }, now);
  await addAccount(store, "bgh", "manager", "P", now);
  const app = createApp({ store, clock, logError: () => {}, campaignsPerUnitPerHour: 3 });
  manager = await signIn(app, "bgh");
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

describe("campaign creation is limited per unit and hour", () => {
  test("past the limit a unit gets 429 with Retry-After; other units still can; an hour later it can again", async () => {
    const create = (unit: string) =>
      manager.request("/api/campaigns", { method: "POST", json: campaign(unit) });
    for (let i = 0; i < 3; i++) expect((await create("S1")).status).toBe(201);
    const refused = await create("S1");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("3600");
    expect((await refused.json()).error.code).toBe("too_many_campaigns");
    expect((await create("S2")).status).toBe(201);
    clock.set(new Date(Date.parse(DURING) + 3601_000).toISOString());
    try {
      expect((await create("S1")).status).toBe(201);
    } finally {
      clock.set(DURING);
    }
  });
});

describe("results cost does not grow with the campaigns covering a unit", () => {
  async function treeReads(extra: number): Promise<number> {
    const now = clock.now();
    for (let i = 0; i < extra; i++)
      await store.campaigns.create(
        {
          formId: "happy-school-staff",
          unitCode: "S3",
          kind: "staff",
          period: `P${i}`,
          opensAt: new Date(OPENS),
          closesAt: new Date(CLOSES),
        },
        now,
      );
    const [first] = await store.campaigns.list([(await store.units.get("S3"))?.id ?? 0]);
    // A unit write empties the unit trees kept in memory (unit-tree.ts): each request starts cold, else
    // the second one would read no units at all.
    const s3 = await store.units.get("S3");
    await store.units.rename("S3", s3?.name ?? "S3");
    const spy = vi.spyOn(store.units, "listTree");
    try {
      const res = await manager.request(`/api/campaigns/${first?.id}/results?unit=S3`);
      expect(res.status).toBe(200);
      return spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
  }

  test("the unit tree is read at most once per results request, with 40 campaigns over the unit as with one", async () => {
    const one = await treeReads(1);
    const many = await treeReads(39);
    // At most one read per request (the unit tree is cached since issue 19, so often none), never one per campaign.
    expect(one).toBeLessThanOrEqual(1);
    expect(many).toBeLessThanOrEqual(1);
  });
});
