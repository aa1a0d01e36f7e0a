import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { checkForm } from "../forms/check.ts";
import { judgeScores } from "../forms/levels.ts";
import { scoreResponse } from "../forms/score.ts";
import type { Answers, FormJson, Level, LevelRule, Scores } from "../forms/types.ts";

const t = (vi: string) => ({ default: vi, en: `${vi} (en)` });
const IDS = ["A", "B", "C", "D", "E"];
const metChoices = [
  { value: "met", text: t("Đạt"), score: 2 },
  { value: "part", text: t("Đạt một phần"), score: 1 },
  { value: "not", text: t("Chưa đạt"), score: 0 },
  { value: "na", text: t("Không áp dụng") },
];
const metLevels = [
  { id: "met", min: 100, label: t("Đạt") },
  { id: "not_met", min: 0, label: t("Chưa đạt") },
];

/** Five criteria, one item each; A and B mandatory; accreditation-style levels. */
function ruleForm(levels: Level[], mandatory = ["A", "B"]): FormJson {
  return {
    title: t("Phiếu"),
    criteria: IDS.map((id) => ({ id, title: t(`Tiêu chí ${id}`), mandatory: mandatory.includes(id) })),
    criterionLevels: metLevels,
    levels,
    pages: [
      {
        elements: IDS.map((id) => ({
          type: "radiogroup",
          name: id.toLowerCase(),
          criterion: id,
          title: t(`Câu ${id}`),
          choices: metChoices,
        })),
      },
    ],
  };
}

const accreditation = ruleForm([
  { min: 80, label: t("Tốt"), rules: [{ reach: "met" }] },
  {
    min: 50,
    label: t("Đạt"),
    rules: [
      { criteria: "mandatory", reach: "met" },
      { criteria: "others", reach: "met", atLeast: 2 },
    ],
  },
  { min: 0, label: t("Gần đạt"), rules: [{ reach: 50 }] },
  { min: 0, label: t("Chưa đạt") },
]);

const answer = (codes: string): Answers =>
  Object.fromEntries(
    IDS.map((id, i) => [id.toLowerCase(), { m: "met", p: "part", n: "not", x: "na" }[codes[i] ?? "x"]]),
  );

describe("rule levels (A, B mandatory; answers per criterion: m met, p partly, n not, x n/a)", () => {
  test.each<[string, string, string | null, string | null, string[]]>([
    ["every criterion met → top", "mmmmm", "Tốt", null, []],
    ["one other criterion partly met → not top, that criterion named", "mmmpm", "Đạt", "Tốt", ["D"]],
    ["a mandatory criterion partly met → not Đạt although the total is 90", "pmmmm", "Gần đạt", "Đạt", ["A"]],
    ["only 1 of the 3 others met → not Đạt, the short ones named", "mmpmp", "Gần đạt", "Đạt", ["C", "E"]],
    ["others: 2 of 3 met is enough for Đạt", "mmmmp", "Đạt", "Tốt", ["E"]],
    ["every criterion partly met (neutral) → Gần đạt", "ppppp", "Gần đạt", "Đạt", ["A", "B", "C", "D", "E"]],
    ["a mandatory criterion not met → Chưa đạt, it blocks Gần đạt", "nmmmm", "Chưa đạt", "Gần đạt", ["A"]],
    ["an other criterion not met, 2 of 3 others met → still Đạt", "mmmmn", "Đạt", "Tốt", ["E"]],
    ["not applicable neither counts nor blocks", "mmmxm", "Tốt", null, []],
    ["a mandatory criterion not applicable is left out too", "xmmmm", "Tốt", null, []],
    ["too few others answered for atLeast 2 → not Đạt", "ppmxx", "Gần đạt", "Đạt", ["A", "B"]],
    ["nothing answered → no level", "xxxxx", null, null, []],
  ])("%s (%s)", (_label, codes, level, next, blocking) => {
    const scores = scoreResponse(accreditation, answer(codes)) as Scores;
    expect(scores.level).toBe(level);
    expect(scores.next).toBe(next);
    expect(scores.blocking).toEqual(blocking);
  });

  test("each criterion gets its own level; an unanswered one none", () => {
    const scores = scoreResponse(accreditation, answer("mpnxm")) as Scores;
    expect(scores.criteria.map((c) => [c.id, c.score, c.level])).toEqual([
      ["A", 100, "Đạt"],
      ["B", 50, "Chưa đạt"],
      ["C", 0, "Chưa đạt"],
      ["D", null, null],
      ["E", 100, "Đạt"],
    ]);
  });

  test("a minimum total still applies on top of the rules", () => {
    const form = ruleForm([
      { min: 90, label: t("Tốt"), rules: [{ criteria: ["A"], reach: "met" }] },
      { min: 0, label: t("Chưa đạt") },
    ]);
    const scores = scoreResponse(form, answer("mpppp")) as Scores;
    expect([scores.level, scores.next, scores.blocking]).toEqual(["Chưa đạt", "Tốt", []]);
  });

  test("a rule on a score: every named criterion at least 50", () => {
    const form = ruleForm([
      { min: 0, label: t("Đạt"), rules: [{ criteria: ["A", "C"], reach: 50 }] },
      { min: 0, label: t("Chưa đạt") },
    ]);
    expect(scoreResponse(form, answer("pnnnn"))?.blocking).toEqual(["C"]);
    expect(scoreResponse(form, answer("ppnnn"))?.level).toBe("Chưa đạt");
    expect(scoreResponse(form, answer("pnpnn"))?.level).toBe("Đạt");
  });

  test("forms without rules keep their old scores: no next, no blocking, no criterion levels", () => {
    const form: FormJson = { ...ruleForm([{ min: 50, label: "Đạt" }]), criterionLevels: undefined };
    const scores = scoreResponse(form, answer("mnmnm")) as Scores;
    expect(scores).toEqual({
      total: 60,
      level: "Đạt",
      criteria: [
        { id: "A", score: 100, answered: 1 },
        { id: "B", score: 0, answered: 1 },
        { id: "C", score: 100, answered: 1 },
        { id: "D", score: 0, answered: 1 },
        { id: "E", score: 100, answered: 1 },
      ],
    });
  });

  test("stored scores (numbers only) are judged exactly as fresh ones", () => {
    const fresh = scoreResponse(accreditation, answer("mmpnm")) as Scores;
    const stored: Scores = {
      total: fresh.total,
      level: fresh.level,
      criteria: fresh.criteria.map(({ id, score, answered }) => ({ id, score, answered })),
    };
    expect(judgeScores(accreditation, stored)).toEqual(fresh);
  });
});

describe('scoring "lowest": a criterion scores its weakest item', () => {
  const form: FormJson = {
    criteria: [{ id: "K", title: "K", scoring: "lowest" }],
    pages: [
      {
        elements: ["k1", "k2"].map((name) => ({
          type: "radiogroup",
          name,
          criterion: "K",
          choices: metChoices,
        })),
      },
    ],
  };
  test.each<[Answers, number | null]>([
    [{ k1: "met", k2: "met" }, 100],
    [{ k1: "met", k2: "not" }, 0],
    [{ k1: "part", k2: "met" }, 50],
    [{ k1: "na", k2: "part" }, 50],
    [{ k1: "na" }, null],
  ])("%j → %s", (answers, score) => {
    expect(scoreResponse(form, answers)?.criteria[0]?.score).toBe(score);
  });
});

describe("the upload check refuses malformed rules", () => {
  test("accepts the accreditation-style form", () => {
    expect(checkForm(accreditation, { requireTranslations: true })).toEqual([]);
  });

  const withLevels = (levels: Level[]) => ruleForm(levels);
  const rule = (r: Partial<LevelRule>): Level[] => [
    { min: 0, label: t("Đạt"), rules: [{ reach: "met", ...r } as LevelRule] },
    { min: 0, label: t("Chưa đạt") },
  ];
  test.each<[string, FormJson, RegExp]>([
    [
      "an unknown criterion id",
      withLevels(rule({ criteria: ["A", "TC9"] })),
      /names criterion "TC9", which the form does not declare/,
    ],
    [
      "an unknown criterion level",
      withLevels(rule({ reach: "excellent" })),
      /reach level "excellent", which it does not have/,
    ],
    ["a score out of range", withLevels(rule({ reach: 120 })), /reach 120 is not a score in 0..100/],
    [
      "a count above the criteria selected",
      withLevels(rule({ criteria: "others", atLeast: 4 })),
      /atLeast 4 is not a whole number from 1 to 3/,
    ],
    ["an unknown selector", withLevels(rule({ criteria: "most" as "all" })), /criteria "most" is not/],
    [
      "mandatory with no mandatory criterion",
      ruleForm(rule({ criteria: "mandatory" }), []),
      /no criterion is mandatory/,
    ],
    ["a missing reach", withLevels(rule({ reach: undefined as unknown as string })), /needs reach/],
    [
      "levels out of order",
      withLevels([
        { min: 50, label: t("Đạt") },
        { min: 80, label: t("Tốt"), rules: [{ reach: "met" }] },
      ]),
      /levels must be ordered/,
    ],
    [
      "a level below one that asks for no more",
      withLevels([
        { min: 50, label: t("Đạt") },
        { min: 50, label: t("Tốt"), rules: [{ reach: "met" }] },
      ]),
      /level "Tốt" can never be reached below level "Đạt"/,
    ],
    ["empty rules", withLevels([{ min: 0, label: t("Đạt"), rules: [] }]), /rules must be a non-empty list/],
    [
      "criterion levels out of order",
      { ...accreditation, criterionLevels: [...metLevels].reverse() },
      /criterionLevels: levels must be ordered/,
    ],
    [
      "a duplicate criterion level id",
      { ...accreditation, criterionLevels: [metLevels[0], { ...metLevels[1], id: "met" }] } as FormJson,
      /level id "met" is used twice/,
    ],
    [
      "an unknown scoring",
      {
        ...accreditation,
        criteria: [
          { id: "A", title: t("A"), scoring: "max" as "mean" },
          ...(accreditation.criteria ?? []).slice(1),
        ],
      },
      /scoring "max" is not "mean" or "lowest"/,
    ],
  ])("%s", (_label, form, expected) => {
    expect(checkForm(form).join("\n")).toMatch(expected);
  });
});

/** An independent reading of the rules, to hold the scorer to. */
function oracleHolds(form: FormJson, level: Level, scores: Scores): boolean {
  if (scores.total === null || scores.total < level.min) return false;
  const mandatory = new Set((form.criteria ?? []).filter((c) => c.mandatory).map((c) => c.id));
  return (level.rules ?? []).every((rule) => {
    const sel = rule.criteria ?? "all";
    const chosen = scores.criteria.filter(
      (c) =>
        c.score !== null &&
        (Array.isArray(sel)
          ? sel.includes(c.id)
          : sel === "all" || (sel === "mandatory") === mandatory.has(c.id)),
    );
    const min = typeof rule.reach === "number" ? rule.reach : rule.reach === "met" ? 100 : 0;
    const reached = chosen.filter((c) => (c.score as number) >= min).length;
    return reached >= (rule.atLeast ?? chosen.length);
  });
}

const ruleArb: fc.Arbitrary<LevelRule> = fc.record(
  {
    criteria: fc.oneof(
      fc.constantFrom<"all" | "mandatory" | "others">("all", "mandatory", "others"),
      fc.subarray(IDS, { minLength: 1 }),
    ),
    reach: fc.oneof(fc.constantFrom("met", "not_met"), fc.integer({ min: 0, max: 100 })),
    atLeast: fc.integer({ min: 1, max: 2 }),
  },
  { requiredKeys: ["reach"] },
);

test("property: the level reached is the first whose total and rules hold, never one above what the rules allow", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(fc.integer({ min: 0, max: 100 }), fc.array(ruleArb, { minLength: 1, maxLength: 3 })),
        {
          minLength: 1,
          maxLength: 4,
        },
      ),
      fc.string({ unit: fc.constantFrom("m", "p", "n", "x"), minLength: 5, maxLength: 5 }),
      (specs, codes) => {
        const levels: Level[] = specs
          .map(([min, rules], i) => ({ min, rules, label: t(`L${i}`) }))
          .sort((a, b) => b.min - a.min);
        const form = ruleForm(levels, ["A", "C"]);
        const scores = scoreResponse(form, answer(codes)) as Scores;
        const index = levels.findIndex((l) => localize(l) === scores.level);
        const expected = levels.findIndex((l) => oracleHolds(form, l, scores));
        expect(index).toBe(expected);
        // Every criterion named as blocking really falls short of the next level.
        const next = levels[(index < 0 ? levels.length : index) - 1];
        for (const id of scores.blocking ?? []) {
          const c = scores.criteria.find((x) => x.id === id);
          expect(c?.score).not.toBeNull();
          expect(next && oracleHolds(form, next, scores)).toBeFalsy();
        }
      },
    ),
    { numRuns: 300 },
  );
});

const localize = (l: Level) => (typeof l.label === "string" ? l.label : l.label.default);
