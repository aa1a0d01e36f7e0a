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
// parent minus its shown children, or by a group under K shown at all. Runs: DIFF_RUNS (default 3; DIFF_SEED, DIFF_SHRINK for more).

const K = 3;
const RUNS = Number(process.env.DIFF_RUNS ?? 3);
const CODES_PER_SCHOOL = 6;
const staffForm = catalogueForm("happy-school-staff");
const Q = "tc1_01"; // every answer gives all scored questions one value 1..5 (allRatings)
const score = (v: number) => ((v - 1) / 4) * 100;

type Op =
  | { t: "submit"; school: number; code: number; value: number }
  | { t: "delete"; pick: number }
  | { t: "move"; school: number; commune: number }
  | { t: "merge"; school: number; into: number };

const opArb = (schools: number, communes: number): fc.Arbitrary<Op> =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        t: fc.constant("submit" as const),
        school: fc.nat(schools - 1),
        code: fc.nat(CODES_PER_SCHOOL - 1),
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
      ops: fc.array(opArb(schools, communes), { minLength: 4, maxLength: 12 }),
    }),
  );

/** What the test knows: every live response (unit, value) and the tree, at one time. */
interface Truth {
  responses: Map<number, { unit: string; value: number }>;
  parent: Map<string, string>;
}
type Histogram = Record<string, number>;
/** One observation of one figure: its comparable numbers, or null when withheld. */
type Figure = { hist: Histogram | null; n: number; sum: number | null } | null;

function inSubtree(truth: Truth, unit: string, root: string): boolean {
  for (let at: string | undefined = unit; at; at = truth.parent.get(at)) if (at === root) return true;
  return false;
}

/** The live responses of a group (a unit and everything below it, merged units included). */
function liveOf(truth: Truth, root: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const [id, r] of truth.responses) if (inSubtree(truth, r.unit, root)) out.set(id, r.value);
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

async function runScenario(s: Scenario): Promise<string[]> {
  const dir = tempDir();
  const store: Store = await openTestStore(`${dir.path}/diff.db`);
  try {
    const clock = fixedClock(DURING);
    const now = clock.now();
    await store.forms.addVersions([staffForm], now);
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
    const campaign = await store.campaigns.create(
      {
        formId: "happy-school-staff",
        unitCode: "R",
        kind: "staff",
        period: "HK1",
        opensAt: new Date(OPENS),
        closesAt: new Date(CLOSES),
      },
      now,
    );
    for (const school of schools)
      await store.campaigns.addCodes(
        campaign.id,
        school,
        "staff",
        Array.from({ length: CODES_PER_SCHOOL }, (_, j) => `${school}X${j}CODE0`),
        now,
      );
    const app = createApp({
      store,
      clock,
      logError: () => {},
      anonymityThreshold: K,
      submitLimits: { perIpPerMinute: 0, perPersonalCodePerMinute: 0 },
    });
    const admin = await signIn(app, "root");
    const merged = new Set<string>();
    const byCode = new Map<string, number>();
    const leaks: string[] = [];
    const history = new Map<string, { step: number; fig: NonNullable<Figure>; live: Map<number, number> }>();
    let seq = 0;

    const apply = async (op: Op) => {
      if (op.t === "submit") {
        const school = schools[op.school] ?? "S0";
        const code = `${school}X${op.code}CODE0`;
        const before = byCode.get(code);
        // A revision always changes the answer: an unchanged one is no change to find.
        const value =
          before !== undefined && truth.responses.get(before)?.value === op.value
            ? (op.value % 5) + 1
            : op.value;
        const res = await postJson(app, `/api/a/${code}/responses`, {
          answers: allRatings(staffForm, value),
          clientId: `c-${seq++}-abcdef`,
          // The staff member's own key: revisions need it (the manager never has it).
          revisionKey: "attacker-test-key",
        });
        if (res.status !== 201 && res.status !== 200)
          throw new Error(`submit ${res.status} ${await res.text()}`);
        const { responseId } = (await res.json()) as { responseId: number };
        byCode.set(code, responseId);
        truth.responses.set(responseId, { unit: school, value });
      } else if (op.t === "delete") {
        const ids = [...truth.responses.keys()];
        if (ids.length === 0) return;
        const id = ids[op.pick % ids.length] ?? 0;
        await store.responses.delete(id);
        truth.responses.delete(id);
        for (const [code, rid] of byCode) if (rid === id) byCode.delete(code);
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
    const record = (step: number, key: string, group: string, fig: Figure, what: string) => {
      if (!fig) return;
      const live = liveOf(truth, group);
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
      const explained =
        (fig.hist === null ||
          last.fig.hist === null ||
          same(minus(fig.hist, last.fig.hist), minus(now.hist, then.hist))) &&
        fig.n - last.fig.n === now.n - then.n &&
        (fig.sum === null ||
          last.fig.sum === null ||
          near(fig.sum - last.fig.sum, now.sum - then.sum, fig.n));
      if (explained)
        leaks.push(
          `steps ${last.step}→${step}: ${key} (${what}) changed by exactly the ${entered.length} response(s) that entered ${group}`,
        );
    };

    const observe = async (step: number) => {
      const units = ["R", ...communes, ...schools.filter((x) => !merged.has(x))];
      for (const unit of units) {
        const body = (await (
          await admin.request(`/api/campaigns/${campaign.id}/results?unit=${unit}`)
        ).json()) as {
          total: unknown;
          questions: { name: string; counts: Histogram }[];
          criteria: { id: string; n: number; mean: number | null }[];
          children: {
            code: string;
            total: number | null;
            criteria: { id: string; n: number; mean: number }[];
          }[];
        };
        const counts = body.questions.find((q) => q.name === Q)?.counts;
        const n = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : 0;
        const tc1 = body.criteria.find((c) => c.id === "TC1");
        record(
          step,
          `results:${unit}`,
          unit,
          body.total && counts ? { hist: counts, n, sum: tc1?.mean != null ? tc1.mean * tc1.n : null } : null,
          "per-question counts",
        );
        let inShownKids = 0;
        for (const child of body.children) {
          const c = child.criteria.find((x) => x.id === "TC1");
          if (child.total === null || !c) continue;
          inShownKids += c.n;
          record(
            step,
            `child:${unit}>${child.code}`,
            child.code,
            { hist: null, n: c.n, sum: c.mean * c.n },
            "n × mean in the parent's list",
          );
        }
        if (body.total && tc1) {
          const rest = tc1.n - inShownKids;
          if (inShownKids > 0 && rest > 0 && rest < K)
            leaks.push(`step ${step}: ${unit} minus its shown children leaves ${rest}`);
        }
        const csv = await (await download(admin, campaign.id, "csv", unit)).text();
        const [header = [], ...rows] = parseCsv(csv.replace(/^\uFEFF/, "")).filter((r) => r.length > 1);
        const col = header.indexOf(Q);
        const hist: Histogram = {};
        for (const row of rows) hist[row[col] ?? ""] = (hist[row[col] ?? ""] ?? 0) + 1;
        record(
          step,
          `export:${unit}`,
          unit,
          rows.length > 0 ? { hist, n: rows.length, sum: null } : null,
          "export rows",
        );
      }
    };

    for (const [step, op] of s.ops.entries()) {
      await apply(op);
      await observe(step);
    }
    return leaks;
  } finally {
    await store.close();
    dir.remove();
  }
}

describe("a differencing attacker", () => {
  test("isolates no group of fewer than k respondents from results, children and exports over time", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const leaks = await runScenario(s);
        expect(leaks, leaks.slice(0, 5).join("\n")).toEqual([]);
      }),
      { numRuns: RUNS, seed: Number(process.env.DIFF_SEED ?? 13), endOnFailure: !process.env.DIFF_SHRINK },
    );
  }, 120_000);
});
