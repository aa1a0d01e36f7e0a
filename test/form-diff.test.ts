import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { diffForms, isEmptyDiff } from "../forms/diff.ts";
import type { ElementJson, FormJson } from "../forms/types.ts";
import { catalogue } from "./helpers.ts";

const rating = (over: Partial<ElementJson> = {}): ElementJson => ({
  type: "rating",
  name: "q1",
  criterion: "A",
  rateMin: 1,
  rateMax: 5,
  title: { default: "Trường an toàn", en: "The school is safe" },
  ...over,
});
const yesNo = (over: Partial<ElementJson> = {}): ElementJson => ({
  type: "radiogroup",
  name: "q2",
  criterion: "A",
  choices: [
    { value: "yes", text: "Đạt", score: 1 },
    { value: "no", text: "Chưa đạt", score: 0 },
  ],
  title: "Có kế hoạch",
  ...over,
});
const note: ElementJson = { type: "comment", name: "note", title: "Góp ý" };
const form = (elements: ElementJson[], over: Partial<FormJson> = {}): FormJson => ({
  title: "Phiếu",
  criteria: [{ id: "A", title: "A" }],
  levels: [
    { min: 80, label: "Tốt" },
    { min: 0, label: "Chưa đạt" },
  ],
  pages: [{ elements }],
  ...over,
});
const base = form([rating(), yesNo(), note]);

type Expected = Partial<Record<"added" | "removed" | "reworded" | "rescored", string[]>> & {
  levels?: boolean;
  criteria?: { added: string[]; removed: string[] };
};

describe("diffForms", () => {
  test.each<[string, FormJson, Expected]>([
    ["an identical form differs in nothing", structuredClone(base), {}],
    [
      "a question added at the end",
      form([rating(), yesNo(), note, rating({ name: "q3" })]),
      { added: ["q3:"] },
    ],
    ["a question removed", form([rating(), note]), { removed: ["q2:"] }],
    [
      "a new title is rewording",
      form([rating({ title: "Trường học an toàn" }), yesNo(), note]),
      { reworded: ["q1:title"] },
    ],
    [
      "an option's new text is rewording, not rescoring",
      form([
        rating(),
        yesNo({
          choices: [
            { value: "yes", text: "Đã đạt", score: 1 },
            { value: "no", text: "Chưa đạt", score: 0 },
          ],
        }),
        note,
      ]),
      { reworded: ["q2:choices"] },
    ],
    ["a new weight is rescoring", form([rating({ weight: 2 }), yesNo(), note]), { rescored: ["q1:weight"] }],
    ["writing out the default weight 1 changes nothing", form([rating({ weight: 1 }), yesNo(), note]), {}],
    [
      "a wider scale is rescoring",
      form([rating({ rateMax: 4 }), yesNo(), note]),
      { rescored: ["q1:rateMax"] },
    ],
    [
      "an option's new score is rescoring",
      form([
        rating(),
        yesNo({
          choices: [
            { value: "yes", text: "Đạt", score: 2 },
            { value: "no", text: "Chưa đạt", score: 0 },
          ],
        }),
        note,
      ]),
      { rescored: ["q2:choices"] },
    ],
    [
      "a question moved to another criterion is rescoring",
      form([rating({ criterion: "B" }), yesNo(), note], {
        criteria: [
          { id: "A", title: "A" },
          { id: "B", title: "B" },
        ],
      }),
      { rescored: ["q1:criterion"], criteria: { added: ["B"], removed: [] } },
    ],
    [
      "an unscored question's new options are rewording",
      form([rating(), yesNo(), { ...note, type: "radiogroup", choices: ["a", "b"] }]),
      { reworded: ["note:choices"] },
    ],
    [
      "new wording and a new score at once are both reported",
      form([rating({ title: "Mới", rateMin: 0 }), yesNo(), note]),
      { reworded: ["q1:title"], rescored: ["q1:rateMin"] },
    ],
    [
      "a changed level threshold is a change of level rules",
      form([rating(), yesNo(), note], {
        levels: [
          { min: 75, label: "Tốt" },
          { min: 0, label: "Chưa đạt" },
        ],
      }),
      { levels: true },
    ],
    [
      "a criterion made mandatory is a change of level rules",
      form([rating(), yesNo(), note], { criteria: [{ id: "A", title: "A", mandatory: true }] }),
      { levels: true },
    ],
    [
      "questions moved to another page are the same questions",
      {
        ...base,
        pages: [
          { elements: [rating()] },
          { elements: [{ type: "panel", name: "p", elements: [yesNo(), note] }] },
        ],
      },
      {},
    ],
  ])("%s", (_label, after, want) => {
    const d = diffForms(base, after);
    const show = (list: { name: string; fields: string[] }[]) =>
      list.map((c) => `${c.name}:${c.fields.join(",")}`);
    expect({
      added: show(d.added),
      removed: show(d.removed),
      reworded: show(d.reworded),
      rescored: show(d.rescored),
      levels: d.levels,
      criteria: d.criteria,
    }).toEqual({
      added: want.added ?? [],
      removed: want.removed ?? [],
      reworded: want.reworded ?? [],
      rescored: want.rescored ?? [],
      levels: want.levels ?? false,
      criteria: want.criteria ?? { added: [], removed: [] },
    });
    expect(isEmptyDiff(d)).toBe(Object.keys(want).length === 0);
  });

  test("a removed question keeps its old title; an added one has its new title", () => {
    const d = diffForms(base, form([rating({ name: "q9", title: "Câu mới" })]));
    expect(d.added).toEqual([{ name: "q9", title: "Câu mới", fields: [] }]);
    expect(d.removed.map((c) => c.title)).toEqual([
      base.pages?.[0]?.elements?.[0]?.title,
      "Có kế hoạch",
      "Góp ý",
    ]);
  });

  test.each(catalogue.map((f) => [f.id, f] as const))(
    "catalogue form %s against itself differs in nothing",
    (_id, f) => {
      expect(isEmptyDiff(diffForms(f.json, structuredClone(f.json)))).toBe(true);
    },
  );

  test("every question of a catalogue form removed and added back the other way", () => {
    const f = catalogue[0]?.json ?? {};
    const empty: FormJson = { ...f, pages: [{ elements: [] }] };
    const forward = diffForms(empty, f);
    const backward = diffForms(f, empty);
    expect(forward.added.map((c) => c.name)).toEqual(backward.removed.map((c) => c.name));
    expect(forward.added.length).toBeGreaterThan(0);
  });
});

describe("diffForms properties", () => {
  // Forms drawn from a small pool of names, so two draws share some questions and differ in others.
  const question = fc.record({
    name: fc.constantFrom("a", "b", "c", "d", "e", "f"),
    title: fc.constantFrom("Một", "Hai", "Ba"),
    weight: fc.constantFrom(1, 2),
    rateMax: fc.constantFrom(4, 5),
  });
  const anyForm = fc
    .uniqueArray(question, { selector: (q) => q.name, maxLength: 6 })
    .map((qs) => form(qs.map((q) => rating(q))));
  const names = (list: { name: string }[]) => list.map((c) => c.name).sort();

  test("a form against itself differs in nothing", () => {
    fc.assert(fc.property(anyForm, (f) => isEmptyDiff(diffForms(f, structuredClone(f)))));
  });

  test("the diff backwards swaps added and removed and keeps the reworded and rescored questions", () => {
    fc.assert(
      fc.property(anyForm, anyForm, (a, b) => {
        const there = diffForms(a, b);
        const back = diffForms(b, a);
        expect(names(there.added)).toEqual(names(back.removed));
        expect(names(there.removed)).toEqual(names(back.added));
        expect(names(there.reworded)).toEqual(names(back.reworded));
        expect(names(there.rescored)).toEqual(names(back.rescored));
      }),
    );
  });
});
