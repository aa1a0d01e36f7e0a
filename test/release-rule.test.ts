import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { FormJson } from "../forms/types.ts";
import { formVersion } from "../forms/version.ts";
import { createApp } from "../server/app.ts";
import type { Store } from "../server/store/store.ts";
import {
  allRatings,
  CLOSES,
  catalogueForm,
  DURING,
  fixedClock,
  OPENS,
  openTestStore,
  postJson,
  tempDir,
} from "./helpers.ts";
import { type Agent, addAccount, signIn } from "./manager-helpers.ts";

// The leaks of issue 13 that the release rule closes: a viewer reading before and after a change learns
// nothing until k responses changed at a unit; cells fewer than k answered are withheld.

const K = 5;
const dir = tempDir();
const clock = fixedClock(DURING);
const parentForm = catalogueForm("happy-school-parent");
const staffForm = catalogueForm("happy-school-staff");
// K2 can be left out ("không áp dụng"): a cell smaller than its group.
const naForm: FormJson = {
  title: { default: "Thử" },
  audience: "staff",
  criteria: [
    { id: "K1", title: { default: "K1" } },
    { id: "K2", title: { default: "K2" } },
  ],
  pages: [
    {
      elements: [
        { type: "rating", name: "k1", criterion: "K1", rateMin: 1, rateMax: 5, isRequired: true },
        {
          type: "radiogroup",
          name: "k2",
          criterion: "K2",
          choices: [
            { value: "yes", text: "Đạt", score: 1 },
            { value: "no", text: "Chưa đạt", score: 0 },
            { value: "na", text: "Không áp dụng" },
          ],
        },
      ],
    },
  ],
};
let store: Store;
let app: ReturnType<typeof createApp>;
let admin: Agent;
let seq = 0;

interface Body {
  totals: { responses: number; released: number; pending: number; withheld: boolean };
  criteria: { id: string; n: number; mean: number | null; levels: Record<string, number> }[];
  total: { n: number; mean: number; levels: Record<string, number> } | null;
  questions: { name: string; counts: Record<string, number> }[];
  children: { code: string; total: number | null; criteria: { id: string; n: number; mean: number }[] }[];
  withheld: { group: string }[];
}

async function results(campaignId: number, unit: string): Promise<Body> {
  const res = await admin.request(`/api/campaigns/${campaignId}/results?unit=${unit}`);
  expect(res.status).toBe(200);
  return res.json();
}

/** Every figure of a body, without the live completion counts (which may change at every answer). */
function figures(b: Body) {
  return {
    criteria: b.criteria,
    total: b.total,
    questions: b.questions,
    children: b.children.map((c) => [c.total, c.criteria]),
  };
}

async function submit(code: string, answers: Record<string, unknown>) {
  const res = await postJson(app, `/api/a/${code}/responses`, {
    answers,
    clientId: `rr-${seq++}-abcdef`,
    revisionKey: "release-test-key",
  });
  expect(res.status, await res.clone().text()).toBeLessThan(202);
}

async function campaign(
  formId: string,
  kind: "staff" | "parent",
  extra: { releaseAfterClose?: boolean } = {},
) {
  return (
    await store.campaigns.create(
      {
        formId,
        unitCode: "P",
        kind,
        period: `HK${seq++}`,
        opensAt: new Date(OPENS),
        closesAt: new Date(CLOSES),
        ...extra,
      },
      clock.now(),
    )
  ).id;
}

beforeAll(async () => {
  store = await openTestStore(`${dir.path}/release.db`);
  const now = clock.now();
  await store.forms.addVersions(
    [parentForm, staffForm, { id: "na-form", version: formVersion(naForm), json: naForm }],
    now,
  );
  await store.units.create({ code: "P", name: "Sở", kind: "province" }, now);
  await store.units.create({ code: "C", name: "Xã", kind: "commune", parentCode: "P" }, now);
  await store.units.create({ code: "C2", name: "Xã 2", kind: "commune", parentCode: "P" }, now);
  for (const [code, parent] of [
    ["A", "C"],
    ["B", "C"],
    ["D", "C2"],
  ] as const)
    await store.units.create({ code, name: code, kind: "school", parentCode: parent }, now);
  await addAccount(store, "root", "admin", null, now);
  app = createApp({
    store,
    clock,
    logError: () => {},
    anonymityThreshold: K,
    submitLimits: { perIpPerMinute: 0, perPersonalCodePerMinute: 0 },
  });
  admin = await signIn(app, "root");
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

describe("before/after differencing", () => {
  test("one parent's answer changes no per-question count, level count or n × mean, at any level, until k changed", async () => {
    const id = await campaign("happy-school-parent", "parent");
    await store.campaigns.addCodes(id, "A", "parent", ["RRPARENTA001"], clock.now());
    await store.campaigns.addCodes(id, "D", "parent", ["RRPARENTD001"], clock.now());
    for (let i = 0; i < 5; i++) await submit("RRPARENTA001", allRatings(parentForm, 1 + (i % 5)));
    for (let i = 0; i < 5; i++) await submit("RRPARENTD001", allRatings(parentForm, 3));
    const before = await Promise.all(["A", "C", "P"].map((u) => results(id, u)));
    expect(before[2]?.total?.n).toBe(10);
    await submit("RRPARENTA001", allRatings(parentForm, 5)); // the one parent the viewer watches
    const after = await Promise.all(["A", "C", "P"].map((u) => results(id, u)));
    for (const [i, b] of after.entries()) {
      expect(figures(b)).toEqual(figures(before[i] as Body));
      expect(b.totals).toMatchObject({ pending: 1 }); // completion is live: who answered, never what
    }
    expect(after[0]?.totals.responses).toBe(6);
    for (let i = 0; i < 4; i++) await submit("RRPARENTA001", allRatings(parentForm, 2));
    const released = await results(id, "P");
    expect(released.total?.n).toBe(15); // the five together, in one batch
    expect(released.totals.pending).toBe(0);
  });

  test("a staff member's revision shows neither the old nor the new answers", async () => {
    const id = await campaign("happy-school-staff", "staff");
    const codes = Array.from({ length: 6 }, (_, i) => `RRSTAFF${i}XY`);
    await store.campaigns.addCodes(id, "A", "staff", codes, clock.now());
    for (const [i, code] of codes.entries()) await submit(code, allRatings(staffForm, 1 + (i % 5)));
    const before = await results(id, "A");
    await submit(codes[0] ?? "", allRatings(staffForm, 5));
    expect(figures(await results(id, "A"))).toEqual(figures(before));
  });

  test("moving or merging a school whose answers are not released changes no figure above it", async () => {
    const id = await campaign("happy-school-parent", "parent");
    await store.campaigns.addCodes(id, "A", "parent", ["RRMOVEA00001"], clock.now());
    await store.campaigns.addCodes(id, "B", "parent", ["RRMOVEB00001"], clock.now());
    for (let i = 0; i < 6; i++) await submit("RRMOVEA00001", allRatings(parentForm, 4));
    for (let i = 0; i < 3; i++) await submit("RRMOVEB00001", allRatings(parentForm, 1));
    const before = await Promise.all(["C", "C2", "P"].map((u) => results(id, u)));
    const moved = await admin.request("/api/units/B", { method: "PATCH", json: { parentCode: "C2" } });
    expect(moved.status).toBe(200);
    const after = await Promise.all(["C", "C2", "P"].map((u) => results(id, u)));
    for (const [i, b] of after.entries()) expect(b.total).toEqual(before[i]?.total ?? null);
    const merged = await admin.request("/api/units/B/merge", { method: "POST", json: { into: "D" } });
    expect(merged.status).toBe(200);
    expect((await results(id, "P")).total).toEqual(before[2]?.total);
  });
});

describe("small cells inside shown groups", () => {
  test("a criterion or question fewer than k answered is withheld, though its group is shown", async () => {
    const id = await campaign("na-form", "staff");
    const codes = Array.from({ length: 6 }, (_, i) => `RRNA${i}CODEX`);
    await store.campaigns.addCodes(id, "A", "staff", codes, clock.now());
    for (const [i, code] of codes.entries())
      await submit(code, { k1: 1 + (i % 5), k2: i === 0 ? "yes" : "na" });
    const body = await results(id, "A");
    expect(body.totals.withheld).toBe(false);
    expect(body.criteria.find((c) => c.id === "K1")).toMatchObject({ n: 6 });
    expect(body.criteria.find((c) => c.id === "K2")).toMatchObject({ n: 0, mean: null, levels: {} });
    // k2 was answered by all six (five "na"): its counts are shown; k1 too.
    expect(body.questions.map((q) => q.name).sort()).toEqual(["k1", "k2"]);
    const parent = await results(id, "C");
    expect(parent.children.find((c) => c.code === "A")?.criteria.map((c) => c.id)).toEqual(["K1"]);
  });
});

describe("release only after close", () => {
  test("no figures while open, everything at once when closed", async () => {
    const id = await campaign("happy-school-parent", "parent", { releaseAfterClose: true });
    await store.campaigns.addCodes(id, "A", "parent", ["RRCLOSEA0001"], clock.now());
    for (let i = 0; i < 7; i++) await submit("RRCLOSEA0001", allRatings(parentForm, 3));
    const open = await results(id, "A");
    expect(open.total).toBeNull();
    expect(open.totals).toMatchObject({ responses: 7, released: 0, pending: 7 });
    expect((await admin.request(`/api/campaigns/${id}/close`, { method: "POST" })).status).toBe(200);
    const closed = await results(id, "P");
    expect(closed.total?.n).toBe(7);
    expect(closed.totals.pending).toBe(0);
  });
});
