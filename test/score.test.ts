import { describe, expect, test } from "vitest";
import { scoreResponse } from "../forms/score.ts";
import type { Answers, FormJson } from "../forms/types.ts";

const yesNoNa = [
  { value: "yes", text: "Đạt", score: 1 },
  { value: "no", text: "Chưa đạt", score: 0 },
  { value: "na", text: "Không áp dụng" },
];

const form: FormJson = {
  criteria: [
    { id: "A", title: "A" },
    { id: "B", title: "B" },
    { id: "C", title: "C" },
  ],
  levels: [
    { min: 80, label: "Tốt" },
    { min: 50, label: "Đạt" },
    { min: 0, label: "Chưa đạt" },
  ],
  pages: [
    {
      elements: [
        { type: "rating", name: "r", criterion: "A", rateMin: 1, rateMax: 5 },
        { type: "rating", name: "r10", criterion: "A", rateMin: 0, rateMax: 10, weight: 3 },
        { type: "radiogroup", name: "yn", criterion: "B", choices: yesNoNa },
        {
          type: "dropdown",
          name: "met",
          criterion: "B",
          choices: [
            { value: "full", score: 2 },
            { value: "part", score: 1 },
            { value: "none", score: 0 },
          ],
        },
        { type: "boolean", name: "bool", criterion: "B" },
        {
          type: "panel",
          name: "panel",
          elements: [
            {
              type: "checkbox",
              name: "cb",
              criterion: "C",
              choices: [
                { value: "a", score: 1 },
                { value: "b", score: 1 },
                { value: "c", score: 1 },
                { value: "x" },
              ],
            },
            { type: "matrix", name: "m", criterion: "C", columns: [1, 2, 3, 4], rows: ["r1", "r2"] },
          ],
        },
        { type: "comment", name: "note" },
      ],
    },
  ],
};

const checkboxCapped: FormJson = {
  criteria: [{ id: "A", title: "A" }],
  pages: [
    {
      elements: [
        {
          type: "checkbox",
          name: "cb",
          criterion: "A",
          maxScore: 2,
          choices: [
            { value: "a", score: 1 },
            { value: "b", score: 1 },
            { value: "c", score: 1 },
          ],
        },
      ],
    },
  ],
};

const scoredMatrix: FormJson = {
  criteria: [{ id: "A", title: "A" }],
  pages: [
    {
      elements: [
        {
          type: "matrix",
          name: "m",
          criterion: "A",
          rows: ["r1", "r2", "r3"],
          columns: [
            { value: "good", score: 2 },
            { value: "ok", score: 1 },
            { value: "bad", score: 0 },
            { value: "na" },
          ],
        },
      ],
    },
  ],
};

const indicators: FormJson = {
  criteria: [{ id: "A", title: "A" }],
  pages: [
    {
      elements: [
        { type: "text", name: "reached", inputType: "number", criterion: "A", target: 100 },
        { type: "text", name: "dialogues", inputType: "number", criterion: "A", target: 2 },
      ],
    },
  ],
};

type Row = [string, FormJson, Answers, { criterion: string; score: number | null; answered: number }];

describe("scoreResponse per question type", () => {
  test.each<Row>([
    ["a top rating scores 100", form, { r: 5 }, { criterion: "A", score: 100, answered: 1 }],
    ["a bottom rating scores 0", form, { r: 1 }, { criterion: "A", score: 0, answered: 1 }],
    ["a middle rating scores 50", form, { r: 3 }, { criterion: "A", score: 50, answered: 1 }],
    [
      "weights: r=5 (w1) and r10=0 (w3) give 25",
      form,
      { r: 5, r10: 0 },
      { criterion: "A", score: 25, answered: 2 },
    ],
    [
      "weights: r=1 (w1) and r10=10 (w3) give 75",
      form,
      { r: 1, r10: 10 },
      { criterion: "A", score: 75, answered: 2 },
    ],
    [
      "a radiogroup choice scores its score",
      form,
      { yn: "yes" },
      { criterion: "B", score: 100, answered: 1 },
    ],
    [
      "a not-applicable choice leaves the item out",
      form,
      { yn: "na", met: "part" },
      { criterion: "B", score: 50, answered: 1 },
    ],
    [
      "only not-applicable answers leave the criterion unscored",
      form,
      { yn: "na" },
      { criterion: "B", score: null, answered: 0 },
    ],
    [
      "a dropdown scores over its own range",
      form,
      { met: "part" },
      { criterion: "B", score: 50, answered: 1 },
    ],
    ["a boolean true scores 100", form, { bool: true }, { criterion: "B", score: 100, answered: 1 }],
    ["a boolean false scores 0", form, { bool: false }, { criterion: "B", score: 0, answered: 1 }],
    [
      "checkbox: sum of scores over the sum of all scores",
      form,
      { cb: ["a", "b"] },
      { criterion: "C", score: 66.67, answered: 1 },
    ],
    [
      "checkbox: an unscored choice adds nothing",
      form,
      { cb: ["a", "x"] },
      { criterion: "C", score: 33.33, answered: 1 },
    ],
    [
      "checkbox: only unscored choices leave the item out",
      form,
      { cb: ["x"] },
      { criterion: "C", score: null, answered: 0 },
    ],
    [
      "checkbox: the sum is capped at maxScore",
      checkboxCapped,
      { cb: ["a", "b", "c"] },
      { criterion: "A", score: 100, answered: 1 },
    ],
    [
      "checkbox: under maxScore scores proportionally",
      checkboxCapped,
      { cb: ["a"] },
      { criterion: "A", score: 50, answered: 1 },
    ],
    [
      "matrix: each row is an item (numeric columns)",
      form,
      { m: { r1: 4, r2: 1 } },
      { criterion: "C", score: 50, answered: 2 },
    ],
    [
      "matrix: an unanswered row is left out",
      form,
      { m: { r1: 4 } },
      { criterion: "C", score: 100, answered: 1 },
    ],
    [
      "matrix: scored columns, N/A column left out",
      scoredMatrix,
      { m: { r1: "good", r2: "ok", r3: "na" } },
      { criterion: "A", score: 75, answered: 2 },
    ],
    [
      "numeric indicator: value over target (80 of 100)",
      indicators,
      { reached: 80 },
      { criterion: "A", score: 80, answered: 1 },
    ],
    [
      "numeric indicator: above target is capped (3 of 2)",
      indicators,
      { dialogues: 3 },
      { criterion: "A", score: 100, answered: 1 },
    ],
    [
      "numeric indicators average (50 of 100, 1 of 2)",
      indicators,
      { reached: 50, dialogues: 1 },
      { criterion: "A", score: 50, answered: 2 },
    ],
    ["an unanswered criterion has no score", form, { r: 5 }, { criterion: "C", score: null, answered: 0 }],
    [
      "unscored questions do not count",
      form,
      { r: 5, note: "tốt" },
      { criterion: "A", score: 100, answered: 1 },
    ],
    [
      "a value outside the choices is left out, never thrown on",
      form,
      { met: "bogus", r: 99 },
      { criterion: "B", score: null, answered: 0 },
    ],
  ])("%s", (_label, f, answers, expected) => {
    const scores = scoreResponse(f, answers);
    const c = scores?.criteria.find((x) => x.id === expected.criterion);
    expect(c).toEqual({ id: expected.criterion, score: expected.score, answered: expected.answered });
  });
});

describe("scoreResponse totals and levels", () => {
  test.each<[string, Answers, number | null, string | null]>([
    ["mean of the scored criteria: (100 + 0) / 2, exactly on the Đạt min", { r: 5, yn: "no" }, 50, "Đạt"],
    [
      "all criteria: (100 + 100 + 100) / 3 reaches the top level",
      { r: 5, yn: "yes", cb: ["a", "b", "c"] },
      100,
      "Tốt",
    ],
    [
      "a total above a min takes the highest level it reaches",
      { r: 5, r10: 10, yn: "yes", met: "full", bool: true, m: { r1: 1, r2: 4 } },
      83.33,
      "Tốt",
    ],
    ["below every min but the last", { r: 2 }, 25, "Chưa đạt"],
    ["no answers: no total and no level", {}, null, null],
  ])("%s", (_label, answers, total, level) => {
    const scores = scoreResponse(form, answers);
    expect(scores?.total).toBe(total);
    expect(scores?.level).toBe(level);
  });

  test("lists every criterion in the form's order", () => {
    expect(scoreResponse(form, {})?.criteria.map((c) => c.id)).toEqual(["A", "B", "C"]);
  });

  test("an unscored form scores null", () => {
    expect(scoreResponse({ pages: [{ elements: [{ type: "text", name: "t" }] }] }, { t: "x" })).toBeNull();
  });
});
