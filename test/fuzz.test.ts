import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { scoreResponse } from "../forms/score.ts";
import type { Answers, ElementJson, FormJson } from "../forms/types.ts";
import { validateAnswers } from "../forms/validate.ts";
import { catalogue } from "./helpers.ts";

const SEED = 20261123;
const criterionIds = ["A", "B", "C"];

/** A random scored question of any scorable type, with a random weight. */
const question = (name: string): fc.Arbitrary<ElementJson> =>
  fc
    .record({
      criterion: fc.constantFrom(...criterionIds),
      weight: fc.option(fc.double({ min: 0.1, max: 10, noNaN: true }), { nil: undefined }),
      kind: fc.constantFrom("rating", "radiogroup", "checkbox", "boolean", "matrix"),
      low: fc.integer({ min: -3, max: 3 }),
      span: fc.integer({ min: 1, max: 9 }),
      scores: fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 2, maxLength: 5 }),
      withNa: fc.boolean(),
    })
    .filter((q) => new Set(q.scores).size > 1)
    .map((q) => {
      const base = { name, criterion: q.criterion, ...(q.weight && { weight: q.weight }) };
      const choices: { value: string; score?: number }[] = [
        ...q.scores.map((score, i) => ({ value: `c${i}`, score })),
        ...(q.withNa ? [{ value: "na" }] : []),
      ];
      switch (q.kind) {
        case "rating":
          return { ...base, type: "rating", rateMin: q.low, rateMax: q.low + q.span };
        case "boolean":
          return { ...base, type: "boolean" };
        case "checkbox":
          return {
            ...base,
            type: "checkbox",
            choices: choices.map((c) => ({
              ...c,
              score: c.score === undefined ? undefined : Math.abs(c.score) + 1,
            })),
          };
        case "matrix":
          return { ...base, type: "matrix", rows: ["r1", "r2"], columns: choices };
        default:
          return { ...base, type: "radiogroup", choices };
      }
    });

const formArb: fc.Arbitrary<FormJson> = fc.integer({ min: 1, max: 8 }).chain((count) =>
  fc.tuple(...Array.from({ length: count }, (_, i) => question(`q${i}`))).map((elements) => ({
    criteria: criterionIds.map((id) => ({ id, title: id })),
    levels: [
      { min: 80, label: "Tốt" },
      { min: 50, label: "Đạt" },
      { min: 0, label: "Chưa đạt" },
    ],
    pages: [{ elements }],
  })),
);

/** Answers that are often valid and sometimes nonsense (wrong types, unknown values). */
function answerFor(el: ElementJson): fc.Arbitrary<unknown> {
  const choiceValues = (el.choices ?? el.columns ?? []).map((c) => (typeof c === "object" ? c.value : c));
  const valid =
    el.type === "rating"
      ? fc.integer({ min: el.rateMin ?? 1, max: el.rateMax ?? 5 })
      : el.type === "boolean"
        ? fc.boolean()
        : el.type === "checkbox"
          ? fc.subarray(choiceValues)
          : el.type === "matrix"
            ? fc.dictionary(fc.constantFrom("r1", "r2"), fc.constantFrom(...choiceValues))
            : fc.constantFrom(...choiceValues);
  return fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: fc.jsonValue() });
}

const formAndAnswers = formArb.chain((form) => {
  const elements = form.pages?.[0]?.elements ?? [];
  const entries = elements.map((el) =>
    fc.option(answerFor(el), { nil: undefined }).map((v) => [el.name, v] as const),
  );
  return fc.tuple(...entries).map((pairs) => ({
    form,
    answers: Object.fromEntries(pairs.filter(([, v]) => v !== undefined)) as Answers,
  }));
});

describe("scoreResponse, fuzzed", () => {
  test("scores are always within 0..100 (or null), never NaN, and it never throws: 10,000 cases", () => {
    fc.assert(
      fc.property(formAndAnswers, ({ form, answers }) => {
        const scores = scoreResponse(form, answers);
        if (!scores) return false;
        for (const s of [scores.total, ...scores.criteria.map((c) => c.score)]) {
          if (s === null) continue;
          if (!(s >= 0 && s <= 100)) return false;
        }
        return scores.total === null || scores.level !== null;
      }),
      { numRuns: 10_000, seed: SEED },
    );
  });

  test("answering a not-applicable choice never changes any score", () => {
    fc.assert(
      fc.property(formAndAnswers, ({ form, answers }) => {
        const withNa = (form.pages?.[0]?.elements ?? []).find(
          (el) =>
            el.type === "radiogroup" &&
            (el.choices ?? []).some((c) => typeof c === "object" && c.value === "na"),
        );
        fc.pre(!!withNa?.name);
        const name = withNa?.name ?? "";
        const without = { ...answers };
        delete without[name];
        expect(scoreResponse(form, { ...answers, [name]: "na" })).toEqual(scoreResponse(form, without));
      }),
      { numRuns: 2_000, seed: SEED },
    );
  });

  test("scaling every weight by the same factor changes no score", () => {
    fc.assert(
      fc.property(
        formAndAnswers,
        fc.double({ min: 0.5, max: 20, noNaN: true }),
        ({ form, answers }, factor) => {
          const scaled: FormJson = JSON.parse(JSON.stringify(form));
          for (const el of scaled.pages?.[0]?.elements ?? []) el.weight = (el.weight ?? 1) * factor;
          const a = scoreResponse(form, answers);
          const b = scoreResponse(scaled, answers);
          a?.criteria.forEach((c, i) => {
            const other = b?.criteria[i]?.score ?? null;
            if (c.score === null) expect(other).toBeNull();
            else expect(Math.abs(c.score - (other ?? Number.NaN))).toBeLessThanOrEqual(0.011);
          });
        },
      ),
      { numRuns: 2_000, seed: SEED },
    );
  });

  test("a heavier weight pulls a criterion towards that item's score", () => {
    // One criterion, two ratings on 1..5: the score moves towards the item whose weight grows.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.double({ min: 1, max: 50, noNaN: true }),
        (a, b, w) => {
          const form = (weight: number): FormJson => ({
            criteria: [{ id: "A", title: "A" }],
            pages: [
              {
                elements: [
                  { type: "rating", name: "x", criterion: "A", weight },
                  { type: "rating", name: "y", criterion: "A" },
                ],
              },
            ],
          });
          const light = scoreResponse(form(1), { x: a, y: b })?.total ?? 0;
          const heavy = scoreResponse(form(w), { x: a, y: b })?.total ?? 0;
          const itemX = ((a - 1) / 4) * 100;
          expect(Math.abs(heavy - itemX)).toBeLessThanOrEqual(Math.abs(light - itemX) + 0.011);
        },
      ),
      { numRuns: 2_000, seed: SEED },
    );
  });
});

describe("validateAnswers, fuzzed", () => {
  const forms = catalogue.filter((f) =>
    ["happy-school-staff", "dvk-individual-award", "unit-periodic-report"].includes(f.id),
  );
  test("never throws on arbitrary JSON, and reports every refusal with a question and a message: 500 cases", () => {
    const names = forms.flatMap((f) =>
      (f.json.pages ?? []).flatMap((p) => (p.elements ?? []).map((e) => e.name ?? "")),
    );
    const answers = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(
        fc.oneof(fc.constantFrom(...names, "__proto__", "constructor"), fc.string()),
        fc.jsonValue(),
      ),
    );
    fc.assert(
      fc.property(fc.constantFrom(...forms), answers, (form, value) => {
        const errors = validateAnswers(form.json, value);
        return (
          Array.isArray(errors) && errors.every((e) => typeof e.question === "string" && e.message.length > 0)
        );
      }),
      { numRuns: 500, seed: SEED },
    );
  }, 120_000);
});
