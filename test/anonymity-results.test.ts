import { afterAll, beforeAll, describe, expect, test } from "vitest";
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

const K = 5;
const dir = tempDir();
const clock = fixedClock(DURING);
const parentForm = catalogueForm("happy-school-parent");
let store: Store;
let app: ReturnType<typeof createApp>;
let admin: Agent;
let seq = 0;

interface Body {
  unit: { code: string };
  totals: { responses: number; released: number; pending: number; withheld: boolean };
  criteria: unknown[];
  total: { n: number } | null;
  questions: unknown[];
  texts: { text: string }[];
  parent: { code: string } | null;
  children: {
    code: string;
    n: number;
    released: number;
    withheld: boolean;
    total: number | null;
    criteria: unknown[];
  }[];
}

/** Adds `n` parent responses at a school, each with a comment naming the school. */
async function answer(campaignId: number, school: string, n: number) {
  const code = `P${++seq}`.padEnd(12, "X");
  await store.campaigns.addCodes(campaignId, school, "parent", [code], clock.now());
  for (let i = 0; i < n; i++) {
    const answers = {
      ...allRatings(parentForm, 1 + ((i + seq) % 5)),
      suggestions: `ý kiến riêng của ${school}`,
    };
    const res = await postJson(app, `/api/a/${code}/responses`, { answers, clientId: `client-${seq}-${i}` });
    expect(res.status, await res.clone().text()).toBe(201);
  }
}

async function results(campaignId: number, unit: string): Promise<Body> {
  const res = await admin.request(`/api/campaigns/${campaignId}/results?unit=${unit}`);
  expect(res.status).toBe(200);
  return res.json();
}

/** The rules every results body must keep, whatever the tree (figures are of released responses). */
function expectNothingUnderK(body: Body) {
  if (body.criteria.length > 0 || body.total) expect(body.totals.released).toBeGreaterThanOrEqual(K);
  for (const child of body.children)
    if (child.total !== null || child.criteria.length > 0) expect(child.released).toBeGreaterThanOrEqual(K);
  if (body.total) {
    const shown = body.children.filter((c) => c.total !== null).reduce((a, c) => a + c.released, 0);
    const rest = body.totals.released - shown;
    expect(rest === 0 || rest >= K, `${body.unit.code}: subtracting shown children leaves ${rest}`).toBe(
      true,
    );
  }
}

beforeAll(async () => {
  store = await openTestStore(`${dir.path}/anonymity.db`);
  await store.forms.addVersions([parentForm], clock.now());
  await addAccount(store, "root", "admin", null, clock.now());
  app = createApp({ store, clock, logError: () => {}, anonymityThreshold: K });
  admin = await signIn(app, "root");
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

describe("the anonymity threshold (k = 5)", () => {
  let campaignId: number;
  beforeAll(async () => {
    // P ─┬─ C1 ─┬─ S1 (7)   S2 (3) is under k: never released, so in no figure (C1's are S1's and
    //    │      │            S3's), and S3 (6) needs no complementary suppression.
    //    │      ├─ S2 (3)
    //    │      └─ S3 (6)
    //    └─ C2 ── S4 (12)
    const now = clock.now();
    await store.units.create({ code: "P", name: "Sở", kind: "province" }, now);
    for (const [code, parent] of [
      ["C1", "P"],
      ["C2", "P"],
      ["S1", "C1"],
      ["S2", "C1"],
      ["S3", "C1"],
      ["S4", "C2"],
    ] as const)
      await store.units.create(
        { code, name: code, kind: code.startsWith("S") ? "school" : "commune", parentCode: parent },
        now,
      );
    const campaign = await store.campaigns.create(
      {
        formId: "happy-school-parent",
        unitCode: "P",
        kind: "parent",
        period: "HK1",
        opensAt: new Date(OPENS),
        closesAt: new Date(CLOSES),
      },
      now,
    );
    campaignId = campaign.id;
    for (const [school, n] of [
      ["S1", 7],
      ["S2", 3],
      ["S3", 6],
      ["S4", 12],
    ] as const)
      await answer(campaignId, school, n);
  });

  test("a school under k is withheld and left out of every figure above it, so its siblings stay shown", async () => {
    const c1 = await results(campaignId, "C1");
    const byCode = Object.fromEntries(c1.children.map((c) => [c.code, c]));
    expect(byCode.S1).toMatchObject({ n: 7, withheld: false, total: expect.any(Number) });
    expect(byCode.S2).toMatchObject({ n: 3, released: 0, withheld: true, total: null, criteria: [] });
    expect(byCode.S3).toMatchObject({ n: 6, released: 6, withheld: false });
    expect(c1.totals).toMatchObject({ responses: 16, released: 13, pending: 3 });
    expectNothingUnderK(c1);
  });

  test("asking for a withheld school directly gives counts only, never its scores, answers or quotes", async () => {
    for (const school of ["S2"]) {
      const body = await results(campaignId, school);
      expect(body.totals.withheld).toBe(true);
      expect(body.criteria).toEqual([]);
      expect(body.total).toBeNull();
      expect(body.questions).toEqual([]);
      expect(body.texts).toEqual([]);
      expect(body.parent).toBeNull();
    }
  });

  test("quotes come only from schools at or above k, at every level", async () => {
    for (const unit of ["P", "C1", "C2", "S1", "S2", "S3", "S4"]) {
      const raw = JSON.stringify(await results(campaignId, unit));
      expect(raw).not.toContain("ý kiến riêng của S2");
    }
    expect(JSON.stringify(await results(campaignId, "S3"))).toContain("ý kiến riêng của S3");
    expect(JSON.stringify(await results(campaignId, "S1"))).toContain("ý kiến riêng của S1");
    expect(JSON.stringify(await results(campaignId, "P"))).toContain("ý kiến riêng của S4");
  });

  test("the parent's figures are shown beside a school only when the rest of the parent reaches k", async () => {
    expect((await results(campaignId, "S1")).parent?.code).toBe("C1"); // C1 has 9 others
    // C2 holds only S4: its figures are S4's own, so showing them reveals nothing more.
    expect((await results(campaignId, "S4")).parent?.code).toBe("C2");
  });

  test("every unit's body keeps the rules, and a child is shown in its parent's list exactly when shown on its own", async () => {
    for (const unit of ["P", "C1", "C2"]) {
      const body = await results(campaignId, unit);
      expectNothingUnderK(body);
      for (const child of body.children) {
        const own = await results(campaignId, child.code);
        expect(own.total !== null, `${child.code} listed vs direct`).toBe(child.total !== null);
      }
    }
  });

  test("random trees and counts: no body ever shows a group under k, directly or by subtraction", async () => {
    let seed = 99;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 5; trial++) {
      const p = `R${trial}`;
      const codes = [`${p}-root`];
      await store.units.create({ code: codes[0] ?? "", name: "root", kind: "province" }, clock.now());
      for (let i = 0; i < 6; i++) {
        const code = `${p}-u${i}`;
        const parent = codes[Math.floor(rand() * codes.length)] ?? "";
        await store.units.create({ code, name: code, kind: "unit", parentCode: parent }, clock.now());
        codes.push(code);
      }
      const campaign = await store.campaigns.create(
        {
          formId: "happy-school-parent",
          unitCode: codes[0] ?? "",
          kind: "parent",
          period: p,
          opensAt: new Date(OPENS),
          closesAt: new Date(CLOSES),
        },
        clock.now(),
      );
      for (const code of codes) if (rand() < 0.8) await answer(campaign.id, code, Math.floor(rand() * 9));
      const shownOnItsOwn = new Map<string, boolean>();
      for (const code of codes) shownOnItsOwn.set(code, (await results(campaign.id, code)).total !== null);
      for (const code of codes) {
        const body = await results(campaign.id, code);
        expectNothingUnderK(body);
        for (const { text } of body.texts) {
          const from = text.replace("ý kiến riêng của ", "");
          expect(shownOnItsOwn.get(from), `${code} quotes ${from}`).toBe(true);
        }
        for (const child of body.children) {
          const own = await results(campaign.id, child.code);
          expect(own.total !== null).toBe(child.total !== null);
        }
      }
    }
  });
});
