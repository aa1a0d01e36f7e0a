import { afterAll, beforeAll, expect, test } from "vitest";
import type { FormJson } from "../forms/types.ts";
import { formVersion } from "../forms/version.ts";
import { createApp } from "../server/app.ts";
import { bulkLoadResponses } from "../server/store/bulk-load.ts";
import { openSqliteStore } from "../server/store/sqlite.ts";
import type { Store } from "../server/store/store.ts";
import { CLOSES, DURING, fixedClock, OPENS, openTestStore, postJson, tempDir } from "./helpers.ts";
import { type Agent, addAccount, signIn } from "./manager-helpers.ts";

// A form with every counted type: ratings and choices on two criteria, a checkbox, a matrix, a comment.
const form: FormJson = {
  title: "Thử",
  criteria: [
    { id: "A", title: "A" },
    { id: "B", title: "B" },
  ],
  levels: [
    { min: 80, label: "Tốt" },
    { min: 50, label: "Đạt" },
    { min: 0, label: "Chưa đạt" },
  ],
  pages: [
    {
      elements: [
        { type: "rating", name: "r1", criterion: "A" },
        { type: "rating", name: "r2", criterion: "A", weight: 2 },
        {
          type: "radiogroup",
          name: "yn",
          criterion: "B",
          choices: [{ value: "y", score: 1 }, { value: "n", score: 0 }, { value: "na" }],
        },
        {
          type: "checkbox",
          name: "cb",
          criterion: "B",
          choices: [{ value: "a", score: 1 }, { value: "b", score: 2 }, { value: "c" }],
        },
        { type: "matrix", name: "m", columns: [1, 2, 3], rows: ["x", "y"] },
        { type: "comment", name: "note" },
      ],
    },
  ],
};

const dir = tempDir();
const clock = fixedClock(DURING);
let store: Store;
let app: ReturnType<typeof createApp>;
let admin: Agent;
// The same final responses bulk loaded into a database of their own (server/store/bulk-load.ts).
const bulkPath = `${dir.path}/bulk.db`;
let bulk: Store;
let bulkAdmin: Agent;
let seed = 20261123;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

// The live store follows TEST_DATABASE_URL (PostgreSQL, Citus); the bulk-loaded one is always SQLite.
async function open(path: string, sqliteOnly = false) {
  const s = sqliteOnly ? openSqliteStore(path) : await openTestStore(path);
  await s.forms.addVersions([{ id: "thu", version: formVersion(form), json: form }], clock.now());
  await addAccount(s, "root", "admin", null, clock.now());
  const a = createApp({ store: s, clock, logError: () => {}, anonymityThreshold: 1 });
  return { s, a, admin: await signIn(a, "root") };
}
beforeAll(async () => {
  ({ s: store, a: app, admin } = await open(`${dir.path}/property.db`));
  ({ s: bulk, admin: bulkAdmin } = await open(bulkPath, true));
});
afterAll(async () => {
  await store.close();
  await bulk.close();
  dir.remove();
});

function randomAnswers(): Record<string, unknown> {
  const a: Record<string, unknown> = {};
  if (rand() < 0.9) a.r1 = 1 + Math.floor(rand() * 5);
  if (rand() < 0.8) a.r2 = 1 + Math.floor(rand() * 5);
  if (rand() < 0.8) a.yn = pick(["y", "n", "na"]);
  if (rand() < 0.7) a.cb = ["a", "b", "c"].filter(() => rand() < 0.5);
  if (rand() < 0.7)
    a.m = Object.fromEntries(["x", "y"].filter(() => rand() < 0.7).map((r) => [r, pick([1, 2, 3])]));
  if (rand() < 0.3) a.note = `ý kiến ${Math.floor(rand() * 100)}`;
  if (Array.isArray(a.cb) && a.cb.length === 0) delete a.cb;
  return a;
}

/** Everything the results should say, recomputed from the raw response rows and the current tree. */
function bruteForce(unitId: number, tree: Map<number, number | null>, raw: RawResponse[]) {
  const inSubtree = (u: number) => {
    for (let at: number | null | undefined = u; at != null; at = tree.get(at)) if (at === unitId) return true;
    return false;
  };
  const mine = raw.filter((r) => inSubtree(r.unitId));
  const stat = (xs: number[]) => {
    if (xs.length === 0) return undefined;
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
    return { n: xs.length, mean: Math.round(mean * 100) / 100, sd: Math.round(sd * 100) / 100 };
  };
  const level = (s: number) => (s >= 80 ? "Tốt" : s >= 50 ? "Đạt" : "Chưa đạt");
  const criteria = ["A", "B"].map((id) => {
    const xs = mine.map((r) => r.scores[id]).filter((s): s is number => s != null);
    const levels: Record<string, number> = {};
    for (const x of xs) levels[level(x)] = (levels[level(x)] ?? 0) + 1;
    return { id, ...stat(xs), levels };
  });
  const counts: Record<string, Record<string, number>> = {};
  const count = (q: string, v: unknown) => {
    counts[q] = { ...counts[q], [String(v)]: (counts[q]?.[String(v)] ?? 0) + 1 };
  };
  for (const r of mine) {
    for (const q of ["r1", "r2", "yn"]) if (r.answers[q] !== undefined) count(q, r.answers[q]);
    for (const v of (r.answers.cb as string[] | undefined) ?? []) count("cb", v);
    for (const [row, v] of Object.entries((r.answers.m as Record<string, number> | undefined) ?? {}))
      count(`m.${row}`, v);
  }
  const totals = mine.map((r) => r.total).filter((t): t is number => t != null);
  return { n: mine.length, criteria, counts, total: stat(totals) };
}

/** One-pass (sum of squares) and two-pass sums differ in the last bits, which can flip a 2-decimal rounding. */
function expectWithinRounding(actual: number, expected: number, what: string) {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(0.0100001);
}

interface RawResponse {
  unitId: number;
  answers: Record<string, unknown>;
  scores: Record<string, number | null>;
  total: number | null;
}

/** Asks the results of every unit and compares them with `bruteForce` over the raw responses. */
async function expectBruteForce(
  s: Store,
  agent: Agent,
  campaignId: number,
  codes: string[],
  raw: RawResponse[],
) {
  const tree = new Map<number, number | null>();
  for (const code of codes) {
    const u = await s.units.get(code);
    if (u) tree.set(u.id, u.parentId);
  }
  for (const code of codes) {
    const unit = await s.units.get(code);
    if (!unit) continue;
    const expected = bruteForce(unit.id, tree, raw);
    const res = await agent.request(`/api/campaigns/${campaignId}/results?unit=${code}`);
    expect(res.status).toBe(200);
    const got = await res.json();
    expect(got.totals.responses, `${code} responses`).toBe(expected.n);
    if (expected.n === 0) continue;
    for (const c of expected.criteria) {
      const r = got.criteria.find((x: { id: string }) => x.id === c.id);
      if (c.n === undefined) expect(r?.n ?? 0).toBe(0);
      else {
        expect({ n: r.n, levels: r.levels }, `${code} ${c.id}`).toEqual({ n: c.n, levels: c.levels });
        expectWithinRounding(r.mean, c.mean ?? Number.NaN, `${code} ${c.id} mean`);
        expectWithinRounding(r.sd, c.sd ?? Number.NaN, `${code} ${c.id} sd`);
      }
    }
    expect(got.total?.n).toBe(expected.total?.n);
    if (expected.total) {
      expectWithinRounding(got.total.mean, expected.total.mean, `${code} total mean`);
      expectWithinRounding(got.total.sd, expected.total.sd, `${code} total sd`);
    }
    const counts = Object.fromEntries(
      got.questions.map((q: { name: string; counts: Record<string, number> }) => [q.name, q.counts]),
    );
    expect(counts, `${code} question counts`).toEqual(expected.counts);
  }
}

/**
 * The final tree and responses of a trial, built in the bulk database: its units created under the root
 * and moved to their final parents (no responses yet, so nothing to re-aggregate), then every response
 * bulk loaded. Returns the responses with the bulk database's unit ids.
 */
async function bulkLoadTrial(
  p: string,
  codes: string[],
  raw: RawResponse[],
): Promise<{ campaignId: number; raw: RawResponse[] }> {
  await bulk.units.create({ code: `${p}root`, name: "Gốc", kind: "province" }, clock.now());
  for (const code of codes.slice(1))
    await bulk.units.create({ code, name: code, kind: "unit", parentCode: `${p}root` }, clock.now());
  const codeOf = new Map<number, string>();
  for (const code of codes) {
    const u = await store.units.get(code);
    if (u) codeOf.set(u.id, code);
  }
  for (const code of codes.slice(1)) {
    const parentId = (await store.units.get(code))?.parentId;
    const parent = parentId == null ? undefined : codeOf.get(parentId);
    if (parent && parent !== `${p}root`) await bulk.units.move(code, parent);
  }
  const campaign = await bulk.campaigns.create(
    {
      formId: "thu",
      unitCode: `${p}root`,
      kind: "parent",
      period: p,
      opensAt: new Date(OPENS),
      closesAt: new Date(CLOSES),
    },
    clock.now(),
  );
  const idOf = new Map<number, number>();
  for (const [id, code] of codeOf) idOf.set(id, (await bulk.units.get(code))?.id ?? -1);
  const moved = raw.map((r) => ({ ...r, unitId: idOf.get(r.unitId) ?? -1 }));
  bulkLoadResponses(
    bulkPath,
    campaign.id,
    moved.map((r) => ({ unitId: r.unitId, answers: r.answers, submittedAt: DURING })),
  );
  return { campaignId: campaign.id, raw: moved };
}

test(
  "results equal a brute-force recomputation for every unit, through submissions, revisions, deletions and moves, and after a bulk load",
  async () => {
    for (let trial = 0; trial < 6; trial++) {
      const p = `T${trial}-`;
      // A random tree of depth up to 3.
      const codes = [`${p}root`];
      await store.units.create({ code: `${p}root`, name: "Gốc", kind: "province" }, clock.now());
      for (let i = 0; i < 2 + Math.floor(rand() * 6); i++) {
        const code = `${p}u${i}`;
        await store.units.create(
          { code, name: `Đơn vị ${i}`, kind: "unit", parentCode: pick(codes) },
          clock.now(),
        );
        codes.push(code);
      }
      const kind = pick(["staff", "parent"] as const);
      const campaign = await store.campaigns.create(
        {
          formId: "thu",
          unitCode: `${p}root`,
          kind,
          period: `P${trial}`,
          opensAt: new Date(OPENS),
          closesAt: new Date(CLOSES),
        },
        clock.now(),
      );
      const accessCodes: string[] = [];
      for (const [i, unit] of codes.entries()) {
        const batch = Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, j) => `${p}C${i}x${j}`);
        await store.campaigns.addCodes(campaign.id, unit, kind, batch, clock.now());
        accessCodes.push(...batch);
      }
      let client = 0;
      for (let step = 0; step < 40; step++) {
        const roll = rand();
        if (roll < 0.8) {
          const res = await postJson(app, `/api/a/${pick(accessCodes)}/responses`, {
            answers: randomAnswers(),
            clientId: `${p}client-${client++}`,
            revisionKey: "property-revision-key", // personal codes revise with their key
          });
          expect([200, 201]).toContain(res.status);
        } else if (roll < 0.9) {
          const ids = await store.responses.listIds(campaign.id);
          if (ids.length > 0) await store.responses.delete(pick(ids));
        } else {
          // Move a unit under another one outside its subtree, through the API (which re-aggregates).
          const unit = pick(codes.slice(1));
          const u = await store.units.get(unit);
          const below = new Set(await store.units.subtreeIds(u?.id ?? -1));
          const targets = [];
          for (const c of codes) if (!below.has((await store.units.get(c))?.id ?? -1)) targets.push(c);
          if (targets.length > 0) {
            const res = await admin.request(`/api/units/${unit}`, {
              method: "PATCH",
              json: { parentCode: pick(targets) },
            });
            expect(res.status).toBe(200);
          }
        }
      }

      const raw = await store.responses.listRaw(campaign.id);
      await expectBruteForce(store, admin, campaign.id, codes, raw);
      const loaded = await bulkLoadTrial(p, codes, raw);
      await expectBruteForce(bulk, bulkAdmin, loaded.campaignId, codes, loaded.raw);
      // And a rebuild from scratch gives the same aggregates as the incremental ones.
      const before = await admin
        .request(`/api/campaigns/${campaign.id}/results?unit=${p}root`)
        .then((r) => r.json());
      await store.aggregates.rebuild(campaign.id);
      const after = await admin
        .request(`/api/campaigns/${campaign.id}/results?unit=${p}root`)
        .then((r) => r.json());
      expect(after).toEqual(before);
    }
  },
  process.env.TEST_DATABASE_URL ? 900_000 : 120_000,
);
