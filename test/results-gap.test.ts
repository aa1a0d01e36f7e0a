import { afterAll, beforeAll, expect, test } from "vitest";
import { createApp } from "../server/app.ts";
import type { Store } from "../server/store/store.ts";
import {
  allRatings,
  CLOSES,
  catalogue,
  catalogueForm,
  DURING,
  fixedClock,
  OPENS,
  openTestStore,
  postJson,
  tempDir,
} from "./helpers.ts";
import { type Agent, addAccount, signIn } from "./manager-helpers.ts";

const dir = tempDir();
const clock = fixedClock(DURING);
let store: Store;
let admin: Agent;

beforeAll(async () => {
  store = await openTestStore(`${dir.path}/gap.db`);
  const now = clock.now();
  await store.forms.addVersions(catalogue, now);
  await store.units.create({ code: "S", name: "Trường", kind: "school" }, now);
  await addAccount(store, "root", "admin", null, now);
  const app = createApp({ store, clock, logError: () => {}, anonymityThreshold: 1 });
  admin = await signIn(app, "root");
  const window = { unitCode: "S", period: "HK1", opensAt: new Date(OPENS), closesAt: new Date(CLOSES) };
  // Two staff campaigns in the period (one with other criteria, created last) and one parent campaign.
  const staff = await store.campaigns.create({ ...window, formId: "happy-school-staff", kind: "staff" }, now);
  const parent = await store.campaigns.create(
    { ...window, formId: "happy-school-parent", kind: "parent" },
    now,
  );
  const fiveNo = await store.campaigns.create({ ...window, formId: "five-no-staff", kind: "staff" }, now);
  for (const [campaign, code, form, rating] of [
    [staff.id, "GAPSTAFF01", "happy-school-staff", 5],
    [parent.id, "GAPPARENT001", "happy-school-parent", 3],
  ] as const) {
    await store.campaigns.addCodes(campaign, "S", campaign === parent.id ? "parent" : "staff", [code], now);
    const res = await postJson(app, `/api/a/${code}/responses`, {
      answers: allRatings(catalogueForm(form), rating),
      clientId: `gap-${code}`,
    });
    expect(res.status).toBe(201);
  }
  await store.campaigns.addCodes(fiveNo.id, "S", "staff", ["GAPFIVENO1"], now);
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

test("the staff-vs-parent gap pairs the campaigns that share criteria, whatever else runs in the period", async () => {
  const body = await (await admin.request("/api/campaigns/2/results?unit=S")).json();
  expect(body.gap.campaignId).toBe(1);
  expect(body.gap.criteria.map((c: { id: string; gap: number }) => [c.id, c.gap])).toEqual([
    ["TC1", -50],
    ["TC2", -50],
    ["TC3", -50],
  ]);
});
