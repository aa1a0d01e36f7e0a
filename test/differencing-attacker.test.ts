import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createApp } from "../server/app.ts";
import type { Store } from "../server/store/store.ts";
import { parseCsv } from "../server/units/parse-csv.ts";
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
import { addAccount, download, signIn } from "./manager-helpers.ts";

// A viewer who reads every figure after every change and knows which responses entered each group
// (who answered, revised, was deleted, which school moved or merged where — everything but the answers)
// tries to isolate fewer than K respondents: by the change of a figure between two observations, by a
// parent minus its shown children, or by a group under K shown at all. Three campaigns run side by side
// (staff this period, parents this period, staff an earlier period), so every figure of the results body
// is watched: per-question counts, n × mean, children (what rankings sort), quotes, exports, the gap
// (staff vs parents), the change (against the earlier period) and the trend. Runs: DIFF_RUNS (default 3; DIFF_SEED, DIFF_SHRINK for more).

const K = 3;
const RUNS = Number(process.env.DIFF_RUNS ?? 3);
const CODES_PER_SCHOOL = 6;
const staffForm = catalogueForm("happy-school-staff");
const parentForm = catalogueForm("happy-school-parent");
// Every answer gives all scored questions one value 1..5 (allRatings) and a quote naming it.
const CAMPAIGNS = ["now", "parents", "before"] as const;
type CampaignKey = (typeof CAMPAIGNS)[number];
const Q: Record<CampaignKey, string> = { now: "tc1_01", parents: "p_tc1_01", before: "tc1_01" };
const score = (v: number) => ((v - 1) / 4) * 100;
const EARLIER = "2026-08-01T00:00:00.000Z";

type Op =
  | { t: "submit"; campaign: number; school: number; code: number; count: number; value: number }
  | { t: "delete"; pick: number }
  | { t: "move"; school: number; commune: number }
  | { t: "merge"; school: number; into: number };

const opArb = (schools: number, communes: number): fc.Arbitrary<Op> =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        t: fc.constant("submit" as const),
        campaign: fc.constantFrom(0, 0, 1, 2),
        school: fc.nat(schools - 1),
        code: fc.nat(CODES_PER_SCHOOL - 1),
        // Up to 3 respondents of one school in one step (one value each, from `value` on).
        count: fc.integer({ min: 1, max: 3 }),
        value: fc.integer({ min: 1, max: 5 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ t: fc.constant("delete" as const), pick: fc.nat(1000) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        t: fc.constant("move" as const),
        school: fc.nat(schools - 1),
        commune: fc.nat(communes - 1),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        t: fc.constant("merge" as const),
        school: fc.nat(schools - 1),
        into: fc.nat(schools - 1),
      }),
    },
  );

const scenarioArb = fc
  .record({ communes: fc.integer({ min: 1, max: 2 }), schools: fc.integer({ min: 2, max: 3 }) })
  .chain(({ communes, schools }) =>
    fc.record({
      communes: fc.constant(communes),
      homes: fc.array(fc.nat(communes - 1), { minLength: schools, maxLength: schools }),
      ops: fc.array(opArb(schools, communes), { minLength: 6, maxLength: 14 }),
    }),
  );

/** What the test knows: every live response (unit, value) and the tree, at one time. */
interface Truth {
  responses: Map<string, { campaign: CampaignKey; unit: string; value: number }>;
  parent: Map<string, string>;
}
type Histogram = Record<string, number>;
/** One observation of one figure: its comparable numbers, or null when withheld. */
type Figure = { hist: Histogram | null; n: number; sum: number | null } | null;

function inSubtree(truth: Truth, unit: string, root: string): boolean {
  for (let at: string | undefined = unit; at; at = truth.parent.get(at)) if (at === root) return true;
  return false;
}

/** The live responses of a group (a unit and everything below it, merged units included) in a campaign. */
function liveOf(truth: Truth, root: string, campaign: CampaignKey): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, r] of truth.responses)
    if (r.campaign === campaign && inSubtree(truth, r.unit, root)) out.set(id, r.value);
  return out;
}

function figureOf(values: Iterable<number>): { hist: Histogram; n: number; sum: number } {
  const hist: Histogram = {};
  let n = 0;
  let sum = 0;
  for (const v of values) {
    hist[v] = (hist[v] ?? 0) + 1;
    n++;
    sum += score(v);
  }
  return { hist, n, sum };
}

function minus(a: Histogram, b: Histogram): Histogram {
  const out: Histogram = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = (a[key] ?? 0) - (b[key] ?? 0);
    if (d !== 0) out[key] = d;
  }
  return out;
}
const same = (a: Histogram | null, b: Histogram | null) => Object.keys(minus(a ?? {}, b ?? {})).length === 0;
const near = (a: number | null, b: number | null, n: number) =>
  a === null || b === null || Math.abs(a - b) <= 0.01 * (n + 1);

interface Scenario {
  communes: number;
  homes: number[];
  ops: Op[];
}

/** Which kinds of figure were shown at least once over all runs: so the property cannot pass unseen. */
const shownKinds = new Set<string>();

async function runScenario(s: Scenario): Promise<string[]> {
  const dir = tempDir();
  const store: Store = await openTestStore(`${dir.path}/diff.db`);
  try {
    const clock = fixedClock(DURING);
    const now = clock.now();
    await store.forms.addVersions([staffForm, parentForm], now);
    await store.units.create({ code: "R", name: "R", kind: "province" }, now);
    const truth: Truth = { responses: new Map(), parent: new Map() };
    const communes = Array.from({ length: s.communes }, (_, i) => `C${i}`);
    for (const c of communes) {
      await store.units.create({ code: c, name: c, kind: "commune", parentCode: "R" }, now);
      truth.parent.set(c, "R");
    }
    const schools = s.homes.map((_, i) => `S${i}`);
    for (const [i, home] of s.homes.entries()) {
      const parent = communes[home] ?? "C0";
      await store.units.create({ code: `S${i}`, name: `S${i}`, kind: "school", parentCode: parent }, now);
      truth.parent.set(`S${i}`, parent);
    }
    await addAccount(store, "root", "admin", null, now);
    const window = { unitCode: "R", opensAt: new Date(OPENS), closesAt: new Date(CLOSES) };
    const ids = {} as Record<CampaignKey, number>;
    ids.before = (
      await store.campaigns.create(
        { ...window, formId: "happy-school-staff", kind: "staff", period: "HK0", opensAt: new Date(EARLIER) },
        now,
      )
    ).id;
    ids.now = (
      await store.campaigns.create(
        { ...window, formId: "happy-school-staff", kind: "staff", period: "HK1" },
        now,
      )
    ).id;
    ids.parents = (
      await store.campaigns.create(
        { ...window, formId: "happy-school-parent", kind: "parent", period: "HK1" },
        now,
      )
    ).id;
    const codeOf = (key: CampaignKey, school: string, j: number) =>
      key === "parents" ? `${school}PARENTLINK` : `${school}${key === "now" ? "X" : "Y"}${j}CODE0`;
    for (const school of schools) {
      for (const key of ["now", "before"] as const)
        await store.campaigns.addCodes(
          ids[key],
          school,
          "staff",
          Array.from({ length: CODES_PER_SCHOOL }, (_, j) => codeOf(key, school, j)),
          now,
        );
      await store.campaigns.addCodes(ids.parents, school, "parent", [codeOf("parents", school, 0)], now);
    }
    const app = createApp({
      store,
      clock,
      logError: () => {},
      anonymityThreshold: K,
      submitLimits: { perIpPerMinute: 0, perPersonalCodePerMinute: 0 },
    });
    const admin = await signIn(app, "root");
    const merged = new Set<string>();
    const byRespondent = new Map<string, string>();
    const leaks: string[] = [];
    const history = new Map<string, { step: number; fig: NonNullable<Figure>; live: Map<string, number> }>();
    let seq = 0;

    const apply = async (op: Op) => {
      if (op.t === "submit" && op.count > 1) {
        for (let i = 0; i < op.count; i++)
          await apply({
            ...op,
            count: 1,
            code: (op.code + i) % CODES_PER_SCHOOL,
            value: ((op.value + i - 1) % 5) + 1,
          });
      } else if (op.t === "submit") {
        const key = CAMPAIGNS[op.campaign] ?? "now";
        const school = schools[op.school] ?? "S0";
        const code = codeOf(key, school, op.code);
        // A parent is a device on the school's link; a staff member a personal code.
        const who = key === "parents" ? `${code}:${op.code}` : code;
        const before = byRespondent.get(who);
        // A revision always changes the answer: an unchanged one is no change to find.
        const value =
          before !== undefined && truth.responses.get(before)?.value === op.value
            ? (op.value % 5) + 1
            : op.value;
        const res = await postJson(app, `/api/a/${code}/responses`, {
          answers: {
            ...allRatings(key === "parents" ? parentForm : staffForm, value),
            suggestions: `v${value}`,
          },
          clientId: `c-${seq++}-abcdef`,
          // The staff member's own key: revisions need it (the manager never has it).
          ...(key === "parents"
            ? { deviceToken: `${school}-device-${op.code}` }
            : { revisionKey: "attacker-test-key" }),
        });
        if (res.status !== 201 && res.status !== 200)
          throw new Error(`submit ${res.status} ${await res.text()}`);
        const { responseId } = (await res.json()) as { responseId: number };
        byRespondent.set(who, String(responseId));
        truth.responses.set(String(responseId), { campaign: key, unit: school, value });
      } else if (op.t === "delete") {
        const all = [...truth.responses.keys()];
        if (all.length === 0) return;
        const id = all[op.pick % all.length] ?? "0";
        await store.responses.delete(Number(id));
        truth.responses.delete(id);
        for (const [who, rid] of byRespondent) if (rid === id) byRespondent.delete(who);
      } else if (op.t === "move") {
        const school = schools[op.school] ?? "S0";
        const commune = communes[op.commune] ?? "C0";
        if (merged.has(school)) return;
        const res = await admin.request(`/api/units/${school}`, {
          method: "PATCH",
          json: { parentCode: commune },
        });
        if (res.status !== 200) throw new Error(`move ${res.status}`);
        truth.parent.set(school, commune);
      } else {
        const school = schools[op.school] ?? "S0";
        const into = schools[op.into] ?? "S0";
        if (school === into || merged.has(school) || merged.has(into)) return;
        const res = await admin.request(`/api/units/${school}/merge`, { method: "POST", json: { into } });
        if (res.status !== 200) throw new Error(`merge ${res.status}`);
        truth.parent.set(school, into);
        merged.add(school);
      }
    };

    /** Compares a figure with its last shown observation: a change only the last few changes explain is a leak. */
    const record = (
      step: number,
      key: string,
      group: string,
      campaign: CampaignKey,
      fig: Figure,
      what: string,
    ) => {
      if (!fig) return;
      const live = liveOf(truth, group, campaign);
      if (fig.n > 0 && fig.n < K) leaks.push(`step ${step}: ${key} shows a group of ${fig.n} (${what})`);
      const last = history.get(key);
      history.set(key, { step, fig, live });
      if (!last) return;
      const changed =
        !same(fig.hist, last.fig.hist) || fig.n !== last.fig.n || !near(fig.sum, last.fig.sum, fig.n);
      if (!changed) return;
      const entered = [...new Set([...live.keys(), ...last.live.keys()])].filter(
        (id) => live.get(id) !== last.live.get(id),
      );
      if (entered.length === 0 || entered.length >= K) return;
      const now = figureOf(live.values());
      const then = figureOf(last.live.values());
      // The attacker checks the change against what those responses would make it: every part compared.
      // (Quotes name the value: their histogram is keyed `v<value>`.)
      const keyed = (h: Histogram) =>
        what === "quotes" ? Object.fromEntries(Object.entries(h).map(([v, n]) => [`v${v}`, n])) : h;
      const explained =
        (fig.hist === null ||
          last.fig.hist === null ||
          same(minus(fig.hist, last.fig.hist), keyed(minus(now.hist, then.hist)))) &&
        fig.n - last.fig.n === now.n - then.n &&
        (fig.sum === null ||
          last.fig.sum === null ||
          near(fig.sum - last.fig.sum, now.sum - then.sum, fig.n));
      if (explained)
        leaks.push(
          `steps ${last.step}→${step}: ${key} (${what}) changed by exactly the ${entered.length} response(s) that entered ${group}`,
        );
    };

    type Body = {
      total: unknown;
      questions: { name: string; counts: Histogram }[];
      criteria: { id: string; n: number; mean: number | null }[];
      children: { code: string; total: number | null; criteria: { id: string; n: number; mean: number }[] }[];
      texts: { question: string; text: string }[];
      gap: { criteria: { id: string; mean: number; otherMean: number }[] } | null;
      change: { criteria: { id: string; mean: number; previous: number }[] } | null;
      trend: { campaignId: number; n: number; mean: number | null; withheld: boolean }[];
    };
    const tc1 = (b: Body | undefined) => b?.criteria.find((c) => c.id === "TC1");

    /** Everything one campaign's results and export show at one unit. */
    const observeOne = async (step: number, key: CampaignKey, unit: string, body: Body) => {
      const counts = body.questions.find((q) => q.name === Q[key])?.counts;
      const n = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : 0;
      const c1 = tc1(body);
      record(
        step,
        `results:${key}:${unit}`,
        unit,
        key,
        body.total && counts ? { hist: counts, n, sum: c1?.mean != null ? c1.mean * c1.n : null } : null,
        "per-question counts",
      );
      const quotes: Histogram = {};
      for (const t of body.texts) quotes[t.text] = (quotes[t.text] ?? 0) + 1;
      record(
        step,
        `quotes:${key}:${unit}`,
        unit,
        key,
        body.texts.length > 0 ? { hist: quotes, n: body.texts.length, sum: null } : null,
        "quotes",
      );
      let inShownKids = 0;
      for (const child of body.children) {
        const c = child.criteria.find((x) => x.id === "TC1");
        if (child.total === null || !c) continue;
        inShownKids += c.n;
        record(
          step,
          `child:${key}:${unit}>${child.code}`,
          child.code,
          key,
          { hist: null, n: c.n, sum: c.mean * c.n },
          "n × mean in the parent's list (rankings)",
        );
      }
      if (body.total && c1) {
        const rest = c1.n - inShownKids;
        if (inShownKids > 0 && rest > 0 && rest < K)
          leaks.push(`step ${step}: ${key}:${unit} minus its shown children leaves ${rest}`);
      }
      const csv = await (await download(admin, ids[key], "csv", unit)).text();
      const [header = [], ...rows] = parseCsv(csv.replace(/^\uFEFF/, "")).filter((r) => r.length > 1);
      const col = header.findIndex((h) => h.endsWith(`[${Q[key]}]`));
      const hist: Histogram = {};
      for (const row of rows) hist[row[col] ?? ""] = (hist[row[col] ?? ""] ?? 0) + 1;
      record(
        step,
        `export:${key}:${unit}`,
        unit,
        key,
        rows.length > 0 ? { hist, n: rows.length, sum: null } : null,
        "export rows",
      );
    };

    const observe = async (step: number) => {
      const units = ["R", ...communes, ...schools.filter((x) => !merged.has(x))];
      for (const unit of units) {
        const bodies = {} as Record<CampaignKey, Body>;
        for (const key of CAMPAIGNS) {
          const compare = key === "now" ? `&compare=${ids.before}` : "";
          const res = await admin.request(`/api/campaigns/${ids[key]}/results?unit=${unit}${compare}`);
          bodies[key] = (await res.json()) as Body;
          await observeOne(step, key, unit, bodies[key]);
        }
        // The gap and the change: the other campaign's mean, times its count as its own results give it.
        const other = (what: string, key: CampaignKey, mean: number | undefined) => {
          const n = tc1(bodies[key])?.n;
          if (mean === undefined) return;
          if (n === undefined) {
            leaks.push(`step ${step}: ${what} at ${unit} shows a mean its own results withhold`);
            return;
          }
          record(step, `${what}:${unit}`, unit, key, { hist: null, n, sum: mean * n }, what);
        };
        other("gap", "parents", bodies.now.gap?.criteria.find((c) => c.id === "TC1")?.otherMean);
        other("change", "before", bodies.now.change?.criteria.find((c) => c.id === "TC1")?.previous);
        for (const point of bodies.now.trend) {
          const key = CAMPAIGNS.find((k) => ids[k] === point.campaignId) ?? "now";
          record(
            step,
            `trend:${key}:${unit}`,
            unit,
            key,
            { hist: null, n: point.n, sum: point.mean === null ? null : point.mean * point.n },
            "trend point",
          );
        }
      }
    };
    for (const [step, op] of s.ops.entries()) {
      await apply(op);
      await observe(step);
    }
    for (const key of history.keys()) shownKinds.add(key.split(":")[0] ?? "");
    return leaks;
  } finally {
    await store.close();
    dir.remove();
  }
}

describe("a differencing attacker", () => {
  test("isolates no group of fewer than k respondents from counts, means, children, quotes, gap, change, trend and exports over time", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const leaks = await runScenario(s);
        expect(leaks, leaks.slice(0, 5).join("\n")).toEqual([]);
      }),
      { numRuns: RUNS, seed: Number(process.env.DIFF_SEED ?? 13), endOnFailure: !process.env.DIFF_SHRINK },
    );
    expect([...shownKinds].sort()).toEqual(
      ["change", "child", "export", "gap", "quotes", "results", "trend"].sort(),
    );
  }, 300_000);
});
