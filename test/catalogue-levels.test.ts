import { existsSync, readFileSync } from "node:fs";
import { Model } from "survey-core";
import { describe, expect, test } from "vitest";
import { itemRange, scoreResponse } from "../forms/score.ts";
import { registerFormProperties } from "../forms/survey-properties.ts";
import type { Answers, ElementJson, Form, Scores } from "../forms/types.ts";
import { validateAnswers } from "../forms/validate.ts";
import { listElements, localize, toChoice } from "../forms/walk.ts";
import { catalogue } from "./helpers.ts";

type Pick = "best" | "neutral" | "worst";

/** The answer of one scored question whose normalised score is 1 (best), nearest 0.5 (neutral) or 0 (worst). */
function answerFor(el: ElementJson, pick: Pick): unknown {
  const range = itemRange(el);
  if (!range) return undefined;
  const want = pick === "best" ? 1 : pick === "worst" ? 0 : 0.5;
  if (el.type === "text") return range.max * want;
  if (el.type === "rating" && !el.rateValues)
    return pick === "best" ? el.rateMax : pick === "worst" ? el.rateMin : 3;
  // Explicit rate values and choices: unscored ones ("Không rõ", "Không áp dụng") are never picked.
  const scored = (el.rateValues ?? el.choices ?? []).map(toChoice).filter((c) => typeof c.score === "number");
  const norm = (s: number) => (s - range.min) / (range.max - range.min);
  // Ties (yes/no items have no middle) go to the lower score: neutral is never a pass.
  const choice = [...scored].sort(
    (a, b) =>
      Math.abs(norm(a.score as number) - want) - Math.abs(norm(b.score as number) - want) ||
      (a.score as number) - (b.score as number),
  )[0];
  return choice?.value;
}

function answersFor(form: Form, pick: Pick, worstCriterion?: string): Answers {
  const fixture = new URL(`./fixtures/answers/${form.id}.json`, import.meta.url);
  const answers: Answers = existsSync(fixture) ? JSON.parse(readFileSync(fixture, "utf8")) : {};
  // Every role of the individual award, so that every criterion is shown and scored.
  if ("roles" in answers) answers.roles = ["leader", "party_member", "union_member", "civil_servant"];
  // Only the questions the fixture's answers show (a 6-month report hides the year's targets).
  registerFormProperties();
  const model = new Model(form.json);
  model.data = answers;
  for (const el of listElements(form.json))
    if (el.criterion && el.name && model.getQuestionByName(el.name)?.isVisible)
      answers[el.name] = answerFor(el, el.criterion === worstCriterion ? "worst" : pick);
  return answers;
}

const scoredForms = catalogue.filter((f) => (f.json.levels ?? []).length > 0);
const topOf = (form: Form) => localize(form.json.levels?.[0]?.label, "default");
/** The criterion to fail: the first mandatory one, else the first. */
const failedOf = (form: Form) =>
  (form.json.criteria?.find((c) => c.mandatory) ?? form.json.criteria?.[0])?.id as string;

describe.each(scoredForms.map((f) => [f.id, f] as const))("%s: answers → level", (_id, form) => {
  const score = (answers: Answers) => {
    expect(validateAnswers(form.json, answers)).toEqual([]);
    return scoreResponse(form.json, answers) as Scores;
  };

  test("all best answers → the top level, nothing blocking", () => {
    const scores = score(answersFor(form, "best"));
    expect(scores.level).toBe(topOf(form));
    expect(scores.blocking ?? []).toEqual([]);
  });

  test("one failed (mandatory) criterion → not the top level, that criterion named", () => {
    const failed = failedOf(form);
    const scores = score(answersFor(form, "best", failed));
    expect(scores.level).not.toBe(topOf(form));
    expect(scores.blocking).toContain(failed);
  });

  test("neutral answers → not the top level", () => {
    expect(score(answersFor(form, "neutral")).level).not.toBe(topOf(form));
  });
});

test("the scored catalogue forms are the ones the issue lists", () => {
  expect(scoredForms.map((f) => f.id).sort()).toEqual([
    "democracy-transparency",
    "dvk-collective-award",
    "dvk-individual-award",
    "five-no-staff",
    "happy-school-parent",
    "happy-school-staff",
    "unit-periodic-report",
  ]);
});

describe("five-no-staff", () => {
  const form = catalogue.find((f) => f.id === "five-no-staff") as Form;
  const all = (value: string): Answers =>
    Object.fromEntries(
      listElements(form.json).flatMap((e) => (e.criterion && e.name ? [[e.name, value]] : [])),
    );

  test.each<[string, Answers, string, string[]]>([
    ["never violated (every commitment kept well) → Tốt", all("kept"), "Tốt", []],
    [
      "kept well, ethics not applicable (not a teacher) → Tốt",
      { ...all("kept"), k4_ethics: "not_applicable" },
      "Tốt",
      [],
    ],
    ["every commitment not yet kept well → Đạt, not Tốt", all("not_yet"), "Đạt", []],
    [
      "one bribe among good answers → Chưa đạt, K3 named",
      { ...all("kept"), k3_bribery: "breached" },
      "Chưa đạt",
      ["K3"],
    ],
  ])("%s", (_label, answers, level, blocking) => {
    expect(validateAnswers(form.json, answers)).toEqual([]);
    const scores = scoreResponse(form.json, answers) as Scores;
    expect(scores.level).toBe(level);
    expect(scores.blocking).toEqual(blocking);
  });

  test("each commitment gets its own Đạt / Chưa đạt", () => {
    const scores = scoreResponse(form.json, { ...all("kept"), k4_violence: "breached" }) as Scores;
    expect(scores.criteria.map((c) => c.level)).toEqual(["Đạt", "Đạt", "Đạt", "Chưa đạt", "Đạt"]);
  });
});
