// What compileValidator compiles and what it leaves to survey-core, and that the server says so once.
// Its verdicts are compared with survey-core's in test/external-forms.test.ts.
import { afterAll, describe, expect, test } from "vitest";
import { readForm } from "../forms/catalogue.ts";
import { compileValidator } from "../forms/compile-validator.ts";
import { REMOTE_CHOICE_MAX_ITEMS, REMOTE_CHOICE_MAX_LENGTH } from "../forms/question-types.ts";
import type { FormJson } from "../forms/types.ts";
import { validateAnswers } from "../forms/validate.ts";
import { createApp } from "../server/app.ts";
import { catalogue, catalogueForm, DURING, fixedClock, postJson, setUpWorld, tempDir } from "./helpers.ts";
import { referenceVerdict } from "./reference-verdict.ts";

const question = (extra: Record<string, unknown>) =>
  ({ elements: [{ type: "text", name: "q", ...extra }] }) as unknown as FormJson;

describe("compileValidator", () => {
  test.each([
    ["triggers", { elements: [{ type: "text", name: "q" }], triggers: [] }, 'survey property "triggers"'],
    ["a dynamic panel", { elements: [{ type: "paneldynamic", name: "p" }] }, 'question type "paneldynamic"'],
    [
      "a dynamic matrix of choice cells",
      { elements: [{ type: "matrixdynamic", name: "m", columns: [{ name: "c", choices: [1, 2] }] }] },
      '"choices" on a column',
    ],
    [
      "a dynamic matrix that survey-core fills out to its minimum of rows",
      {
        elements: [
          { type: "matrixdynamic", name: "m", columns: [{ name: "c", cellType: "text" }], minRowCount: 2 },
        ],
      },
      "minRowCount 2",
    ],
    [
      "a dynamic matrix with a validator",
      {
        elements: [
          { type: "matrixdynamic", name: "m", columns: [{ name: "c", cellType: "text" }], validators: [] },
        ],
      },
      'property "validators" of matrixdynamic',
    ],
    ["a default value", question({ defaultValue: "x" }), 'property "defaultValue" of text'],
    [
      "choices shown by a condition",
      { elements: [{ type: "radiogroup", name: "r", choices: [{ value: 1, visibleIf: "{q} = 1" }] }] },
      '"visibleIf" on an item of choices',
    ],
    [
      "a function that reads the survey",
      question({ visibleIf: "isDisplayMode()" }),
      'function "isDisplayMode"',
    ],
    [
      "a condition on a computed value",
      {
        elements: [
          { type: "expression", name: "sum", expression: "1" },
          { type: "text", name: "q", visibleIf: "{sum} > 1" },
        ],
      },
      'computed question "sum"',
    ],
    ["min on a date input", question({ inputType: "date", min: "2020-01-01" }), "min/max on a date input"],
    [
      "a validator text with placeholders",
      question({ validators: [{ type: "numeric", text: "{q} is wrong" }] }),
      "placeholders",
    ],
    [
      "values cleared when hidden",
      { elements: [{ type: "text", name: "q" }], clearInvisibleValues: "onHidden" },
      'clearInvisibleValues "onHidden"',
    ],
  ])("leaves a form with %s to survey-core, saying why", (_what, json, reason) => {
    expect(compileValidator(json as FormJson).fallback).toContain(reason);
  });

  test.each(catalogue.map((f) => [f.id, f.json] as const))("compiles the catalogue form %s", (_id, json) => {
    expect(compileValidator(json).fallback).toBeUndefined();
  });

  // A dynamic matrix as the catalogue's lists of indicators have it: survey-core shows `rowCount` rows
  // when there is no value and none for an empty list, and wants `minRowCount` rows that are not empty.
  const full = { what: "a", target: 1 };
  test.each([
    ["no value", undefined],
    ["an empty list", []],
    ["one empty row", [{}]],
    ["a row of blank text", [{ what: "  " }]],
    ["a full row", [full]],
    ["a full row and an empty one", [full, {}]],
    ["a number below its minimum", [{ ...full, target: -1 }]],
    ["a number given as text", [{ ...full, target: "1" }]],
    ["an unknown cell", [{ ...full, other: 1 }]],
    ["a row that is not an object", [full, null]],
    ["more rows than allowed", [full, full, full, full]],
  ])("checks a dynamic matrix as survey-core does: %s", (_what, rows) => {
    const form = {
      elements: [
        {
          type: "matrixdynamic",
          name: "m",
          isRequired: true,
          rowCount: 1,
          minRowCount: 1,
          maxRowCount: 3,
          columns: [
            { name: "what", cellType: "text", isRequired: true, maxLength: 10 },
            { name: "target", cellType: "text", inputType: "number", min: 0, isRequired: true },
          ],
        },
      ],
    } as unknown as FormJson;
    const validate = compileValidator(form);
    expect(validate.fallback).toBeUndefined();
    const answers = rows === undefined ? {} : { m: rows };
    const says = (list: { question: string; message: string }[]) =>
      list.map((e) => `${e.question}: ${e.message}`).sort();
    expect(says(validate(answers))).toEqual(says(validateAnswers(form, answers)));
  });

  test.each([
    ["before the start", "2026-01-01", ["end"]],
    ["on the start", "2026-02-01", []],
    ["after the start", "2026-03-01", []],
  ])("checks a date bounded by another answer as survey-core does: %s", (_what, end, refused) => {
    const form = {
      elements: [
        { type: "text", name: "start", inputType: "date" },
        { type: "text", name: "end", inputType: "date", minValueExpression: "{start}" },
      ],
    } as unknown as FormJson;
    const validate = compileValidator(form);
    expect(validate.fallback).toBeUndefined();
    const answers = { start: "2026-02-01", end };
    expect(validate(answers)).toEqual(validateAnswers(form, answers));
    expect(validate(answers).map((e) => e.question)).toEqual(refused);
  });

  test.each([
    ["a shown question answered", { a: "yes", b: "x" }, []],
    ["a hidden question answered", { a: "no", b: "x" }, ["b"]],
    ["a question required by a condition left empty", { a: "yes", c: 1 }, ["b"]],
    ["an unknown name", { a: "no", zz: 1 }, ["zz"]],
    ["a number below its minimum", { a: "no", n: 0 }, ["n"]],
    ["an expression validator failing", { a: "no", n: 7 }, ["n"]],
  ])("runs conditions and validators: %s", (_what, answers, refused) => {
    const form = {
      elements: [
        { type: "radiogroup", name: "a", choices: ["yes", "no"] },
        { type: "text", name: "b", visibleIf: "{a} = 'yes'", requiredIf: "{a} = 'yes'" },
        { type: "text", name: "c", inputType: "number" },
        {
          type: "text",
          name: "n",
          inputType: "number",
          min: 1,
          validators: [{ type: "expression", expression: "{n} <> 7" }],
        },
      ],
    } as unknown as FormJson;
    const validate = compileValidator(form);
    expect(validate.fallback).toBeUndefined();
    expect(validate(answers).map((e) => e.question)).toEqual(refused);
  });

  // forms/validate.ts listed buttongroup among the single choices, the compiled checks did not: one list
  // now (forms/question-types.ts). It is still left to survey-core, whose verdict is the single choice's.
  test.each([
    ["one of its choices", { b: "x" }, []],
    ["a value outside its choices (survey-core drops it)", { b: "z" }, ["b"]],
    ["a list of choices", { b: ["x"] }, ["b"]],
  ])(
    "checks a buttongroup as one choice on both paths, as survey-core does: %s",
    (_what, answers, refused) => {
      const form: FormJson = { elements: [{ type: "buttongroup", name: "b", choices: ["x", "y"] }] };
      const validate = compileValidator(form);
      expect(validate.fallback).toContain('question type "buttongroup"');
      expect(validate(answers).map((e) => e.question)).toEqual(refused);
      expect(validateAnswers(form, answers).map((e) => e.question)).toEqual(refused);
      expect([...referenceVerdict(form, answers).questions]).toEqual(refused);
    },
  );

  // choicesByUrl: the server never fetches the list, so any text or number a web service could give is
  // kept, capped; objects, nested lists and over-long text are refused, the same on both paths.
  const remoteForm = {
    elements: [
      { type: "dropdown", name: "d", choicesByUrl: { url: "https://example.org/schools", valueName: "id" } },
      { type: "checkbox", name: "c", choicesByUrl: { url: "https://example.org/x" }, hasOther: true },
      { type: "tagbox", name: "t", choicesByUrl: { url: "https://example.org/y" }, maxSelectedChoices: 2 },
    ],
  } as unknown as FormJson;
  const long = "x".repeat(REMOTE_CHOICE_MAX_LENGTH + 1);
  test.each<[string, Record<string, unknown>, string[]]>([
    ["a text choice", { d: "Trường THCS Lê Lợi" }, []],
    ["a numeric id", { d: 42 }, []],
    ["text at the cap", { d: "x".repeat(REMOTE_CHOICE_MAX_LENGTH) }, []],
    ["a list of texts and numbers", { c: ["a", 2, "other"], "c-Comment": "khác" }, []],
    ["the other choice without its text", { c: ["other"] }, ["c"]],
    ["text over the cap", { d: long }, ["d"]],
    ["a list item over the cap", { c: ["a", long] }, ["c"]],
    ["an object", { d: { id: 1 } }, ["d"]],
    ["a list for one choice", { d: ["a"] }, ["d"]],
    ["a boolean", { d: true }, ["d"]],
    ["one value for a list", { c: "a" }, ["c"]],
    ["an object in a list", { c: [{ x: 1 }] }, ["c"]],
    ["a choice twice", { c: ["a", "a"] }, ["c"]],
    ["more than maxSelectedChoices", { t: ["a", "b", "c"] }, ["t"]],
    [
      "more items than the cap",
      { c: Array.from({ length: REMOTE_CHOICE_MAX_ITEMS + 1 }, (_, i) => i) },
      ["c"],
    ],
  ])("checks remote choices (choicesByUrl) as capped text on both paths: %s", (_what, answers, refused) => {
    const validate = compileValidator(remoteForm);
    expect(validate.fallback).toBeUndefined();
    expect(validate(answers).map((e) => e.question)).toEqual(refused);
    expect(validateAnswers(remoteForm, answers).map((e) => e.question)).toEqual(refused);
    expect([...referenceVerdict(remoteForm, answers).questions]).toEqual(refused);
  });

  test("leaves answers with a __proto__ key to survey-core, whose conditions read the names inside it", () => {
    const form = {
      elements: [
        { type: "radiogroup", name: "a", choices: ["yes", "no"] },
        { type: "text", name: "b", visibleIf: "{a} = 'yes'" },
      ],
    } as unknown as FormJson;
    const validate = compileValidator(form);
    expect(validate.fallback).toBeUndefined();
    // As a request body is parsed: "__proto__" is an own key here, and the prototype in survey-core.
    const answers = JSON.parse('{"__proto__": {"a": "yes"}, "b": "x"}');
    const refused = validate(answers).map((e) => e.question);
    expect(refused).toEqual(validateAnswers(form, answers).map((e) => e.question));
    expect(refused).toEqual(["__proto__"]);
  });

  test("gives survey-core's messages in the respondent's language", () => {
    const validate = compileValidator(catalogueForm("happy-school-staff").json);
    expect(validate({}, "vi")[0]?.message).toBe("Vui lòng trả lời câu hỏi.");
    expect(validate({}, "en")[0]?.message).toBe("Response required.");
  });
});

describe("the submission route", () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  test("logs once per form version that its answers are checked by survey-core", async () => {
    const clock = fixedClock(DURING);
    const { store, staff } = await setUpWorld(`${dir.path}/db.sqlite`, clock);
    // Every catalogue form compiles: a form with a dynamic panel (not compiled) is added for this test.
    const panels = {
      elements: [
        {
          type: "paneldynamic",
          name: "p",
          isRequired: true,
          templateElements: [{ type: "text", name: "t" }],
        },
      ],
    };
    await store.forms.addVersions([readForm("panel-form", JSON.stringify(panels))], clock.now());
    const registration = await store.campaigns.create(
      {
        formId: "panel-form",
        unitCode: "P",
        kind: "staff",
        period: staff.period,
        opensAt: new Date(staff.opensAt),
        closesAt: new Date(staff.closesAt),
      },
      clock.now(),
    );
    await store.campaigns.addCodes(registration.id, "S1", "staff", ["REG0000001"], clock.now());
    const lines: string[] = [];
    const app = createApp({ store, clock, logError: () => {}, logInfo: (l) => lines.push(l) });
    for (let i = 0; i < 3; i++) {
      const res = await postJson(app, "/api/a/REG0000001/responses", {
        answers: {},
        clientId: `client-000${i}`,
      });
      expect(res.status).toBe(400);
    }
    await postJson(app, "/api/a/STAFF00001/responses", { answers: {}, clientId: "client-0009" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^form panel-form version \w+: answers checked by survey-core, not compiled \(question type "paneldynamic"/,
    );
    await store.close();
  });
});
