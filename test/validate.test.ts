import { describe, expect, test } from "vitest";
import type { Answers, FormJson } from "../forms/types.ts";
import { validateAnswers } from "../forms/validate.ts";

const form: FormJson = {
  pages: [
    {
      name: "p1",
      elements: [
        { type: "radiogroup", name: "role", isRequired: true, choices: ["teacher", "staff"] },
        { type: "rating", name: "r", isRequired: true, rateMin: 1, rateMax: 5 },
        { type: "text", name: "subject", visibleIf: "{role} = 'teacher'", isRequired: true },
        { type: "text", name: "years", inputType: "number", min: 0, max: 60 },
        { type: "text", name: "email", inputType: "email" },
        { type: "comment", name: "note", maxLength: 10 },
        { type: "checkbox", name: "tags", choices: ["a", "b", "c"], maxSelectedChoices: 2 },
        { type: "boolean", name: "agree" },
        { type: "matrix", name: "m", columns: [1, 2, 3], rows: ["x", "y"] },
        { type: "html", name: "info", html: "<p>info</p>" },
        { type: "text", name: "day", inputType: "date" },
        {
          type: "matrixdynamic",
          name: "goals",
          maxRowCount: 2,
          columns: [
            { name: "what", cellType: "text" },
            { name: "target", cellType: "text", inputType: "number" },
          ],
        },
        { type: "matrixdropdown", name: "grid", rows: ["r1"], columns: [{ name: "c1", cellType: "text" }] },
        {
          type: "paneldynamic",
          name: "people",
          maxPanelCount: 3,
          templateElements: [{ type: "text", name: "who" }],
        },
        {
          type: "panel",
          name: "extra",
          visibleIf: "{agree} = true",
          elements: [{ type: "text", name: "why" }],
        },
      ],
    },
    { name: "p2", visibleIf: "{role} = 'staff'", elements: [{ type: "text", name: "dept" }] },
  ],
};

const base: Answers = { role: "staff", r: 4 };
const questionsOf = (answers: unknown, f: FormJson = form) =>
  validateAnswers(f, answers).map((e) => e.question);

describe("validateAnswers accepts", () => {
  test.each<[string, Answers]>([
    ["the required answers alone", base],
    ["a question shown by visibleIf", { role: "teacher", r: 2, subject: "Toán" }],
    ["a page shown by visibleIf", { ...base, dept: "Văn phòng" }],
    ["a panel shown by visibleIf", { ...base, agree: true, why: "vì" }],
    ["a number in range", { ...base, years: 12 }],
    ["two checkbox choices", { ...base, tags: ["a", "c"] }],
    ["matrix rows with known columns", { ...base, m: { x: 1, y: 3 } }],
    ["a valid email", { ...base, email: "co.giao@truong.edu.vn" }],
    ["a date", { ...base, day: "2026-11-23" }],
    ["dynamic matrix rows with known columns", { ...base, goals: [{ what: "Đối thoại", target: 2 }] }],
    ["a dropdown matrix with known rows and columns", { ...base, grid: { r1: { c1: "x" } } }],
    ["dynamic panels with known questions", { ...base, people: [{ who: "An" }, { who: "Bình" }] }],
  ])("%s", (_label, answers) => {
    expect(validateAnswers(form, answers)).toEqual([]);
  });
});

describe("validateAnswers rejects, naming the question", () => {
  test.each<[string, unknown, string]>([
    ["a rating above rateMax", { ...base, r: 6 }, "r"],
    ["a rating as a string", { ...base, r: "4" }, "r"],
    ["a choice not in the list", { ...base, role: "principal" }, "role"],
    ["a missing required answer", { role: "staff" }, "r"],
    ["a required answer made required by visibleIf", { role: "teacher", r: 2 }, "subject"],
    ["an answer to a question hidden by visibleIf", { ...base, subject: "Toán" }, "subject"],
    ["an answer on a hidden page", { role: "teacher", r: 1, subject: "Toán", dept: "x" }, "dept"],
    ["an answer inside a hidden panel", { ...base, why: "vì" }, "why"],
    ["an unknown question name", { ...base, nope: 1 }, "nope"],
    ["an answer to an html element", { ...base, info: "x" }, "info"],
    ["a number as a string", { ...base, years: "12" }, "years"],
    ["a number above max (survey-core's own check)", { ...base, years: 99 }, "years"],
    ["text over maxLength", { ...base, note: "x".repeat(11) }, "note"],
    ["text that is a number", { ...base, note: 5 }, "note"],
    ["too many checkbox choices", { ...base, tags: ["a", "b", "c"] }, "tags"],
    ["a checkbox value that is not a list", { ...base, tags: "a" }, "tags"],
    ["a repeated checkbox choice", { ...base, tags: ["a", "a"] }, "tags"],
    ["a boolean as a string", { ...base, agree: "true" }, "agree"],
    ["a matrix column outside the columns", { ...base, m: { x: 7 } }, "m"],
    ["a matrix row outside the rows", { ...base, m: { z: 1 } }, "m"],
    ["a date that is not a date", { ...base, day: "hello" }, "day"],
    ["a dynamic matrix row with an unknown column", { ...base, goals: [{ what: "x", bogus: 1 }] }, "goals"],
    [
      "more dynamic matrix rows than maxRowCount",
      { ...base, goals: [{ what: "a" }, { what: "b" }, { what: "c" }] },
      "goals",
    ],
    ["a dynamic matrix that is not a list", { ...base, goals: { what: "a" } }, "goals"],
    ["a dropdown matrix with an unknown row", { ...base, grid: { r9: { c1: "x" } } }, "grid"],
    ["a dropdown matrix with an unknown column", { ...base, grid: { r1: { c9: "x" } } }, "grid"],
    ["a dynamic panel with an unknown question", { ...base, people: [{ whom: "An" }] }, "people"],
    ["more dynamic panels than maxPanelCount", { ...base, people: [{}, {}, {}, {}] }, "people"],
    ["an invalid email (survey-core's own check)", { ...base, email: "not-an-email" }, "email"],
  ])("%s", (_label, answers, question) => {
    expect(questionsOf(answers)).toContain(question);
  });

  test.each([[null], [[]], ["text"], [42]])("answers that are not an object (%j)", (answers) => {
    expect(validateAnswers(form, answers)).toHaveLength(1);
  });

  test("gives messages in Vietnamese by default and in English on request", () => {
    const [vi] = validateAnswers(form, { role: "staff" });
    const [en] = validateAnswers(form, { role: "staff" }, "en");
    expect(vi?.message).toBe("Vui lòng trả lời câu hỏi.");
    expect(en?.message).toBe("Response required.");
  });
});

// Found by the differential test against survey-core (test/external-forms.test.ts).
const more: FormJson = {
  elements: [
    { type: "rating", name: "r", isRequired: true, rateMin: 1, rateMax: 5 },
    { type: "text", name: "need", isRequired: true },
    { type: "text", name: "day", inputType: "date" },
    { type: "text", name: "at", inputType: "time" },
    { type: "ranking", name: "rank", choices: ["a", "b", "c"] },
    {
      type: "matrix",
      name: "devices",
      cellType: "checkbox",
      columns: ["phone", "laptop"],
      rows: ["videos", "news"],
    },
    {
      type: "panel",
      name: "contact",
      isRequired: true,
      visibleIf: "{r} = 1",
      elements: [{ type: "text", name: "phone" }],
    },
    {
      type: "matrixdynamic",
      name: "goals",
      columns: [
        { name: "what", cellType: "text" },
        { name: "target", cellType: "text", inputType: "number" },
        { name: "kind", cellType: "dropdown", choices: ["a", "b"] },
        { name: "why", cellType: "text", visibleIf: "{row.kind} = 'b'" },
      ],
    },
    {
      type: "paneldynamic",
      name: "people",
      templateElements: [
        { type: "radiogroup", name: "role", choices: ["x", "y"], showOtherItem: true },
        { type: "rating", name: "score", rateMax: 3 },
      ],
    },
    {
      type: "matrixdropdown",
      name: "grid",
      rows: ["r1"],
      columns: [{ name: "c1", cellType: "dropdown", choices: [1, 2] }],
    },
    {
      type: "multipletext",
      name: "sizes",
      items: [{ name: "label" }, { name: "count", inputType: "number" }],
    },
    { type: "file", name: "proof" },
    { type: "signaturepad", name: "sign" },
  ],
};
const ok = { r: 4, need: "x" };

describe("validateAnswers, cases found by the differential test", () => {
  test.each<[string, Answers]>([
    ["a checkbox-cell matrix with lists of columns", { ...ok, devices: { videos: ["phone", "laptop"] } }],
    ["a ranking of the choices", { ...ok, rank: ["c", "a", "b"] }],
    [
      "an 'other' answer with its comment inside a dynamic panel",
      { ...ok, people: [{ role: "other", "role-Comment": "z" }] },
    ],
    ["a dynamic matrix cell shown by {row.…}", { ...ok, goals: [{ kind: "b", why: "vì" }] }],
    [
      "multiple text: text for a text item, a number for a number item",
      { ...ok, sizes: { label: "A", count: 3 } },
    ],
    ["a leap day", { ...ok, day: "2024-02-29" }],
    ["a time", { ...ok, at: "23:59" }],
    [
      "a file and a signature as survey-core stores them",
      {
        ...ok,
        proof: [{ name: "a.pdf", type: "application/pdf", content: "data:application/pdf;base64,JVBE" }],
        sign: "data:image/png;base64,iVBO",
      },
    ],
  ])("accepts %s", (_label, answers) => {
    expect(validateAnswers(more, answers)).toEqual([]);
  });

  test.each<[string, unknown, string]>([
    ["a checkbox-cell matrix row that is not a list", { ...ok, devices: { videos: "phone" } }, "devices"],
    [
      "a checkbox-cell matrix row with a column twice",
      { ...ok, devices: { videos: ["phone", "phone"] } },
      "devices",
    ],
    ["a ranking item that is not a choice", { ...ok, rank: [{ value: "a" }] }, "rank"],
    ["a ranking with an item twice", { ...ok, rank: ["a", "a"] }, "rank"],
    ["an unanswered required panel (survey-core error on a panel)", { r: 1, need: "x" }, "contact"],
    ["a dynamic matrix number cell given text", { ...ok, goals: [{ target: "12" }] }, "goals"],
    ["a dynamic matrix cell that is an object", { ...ok, goals: [{ what: { a: 1 } }] }, "goals"],
    ["a dynamic matrix dropdown cell outside its choices", { ...ok, goals: [{ kind: "z" }] }, "goals"],
    ["a dynamic matrix cell hidden by {row.…}", { ...ok, goals: [{ kind: "a", why: "vì" }] }, "goals"],
    ["a rating out of range inside a dynamic panel", { ...ok, people: [{ score: 4 }] }, "people"],
    [
      "a comment that is not text inside a dynamic panel",
      { ...ok, people: [{ role: "other", "role-Comment": 5 }] },
      "people",
    ],
    ["a dropdown matrix cell outside its choices", { ...ok, grid: { r1: { c1: 7 } } }, "grid"],
    ["multiple text: a number for a text item", { ...ok, sizes: { label: 5 } }, "sizes"],
    ["multiple text: text for a number item", { ...ok, sizes: { count: "3" } }, "sizes"],
    ["a day that does not exist", { ...ok, day: "2024-02-30" }, "day"],
    ["a time out of range", { ...ok, at: "25:61" }, "at"],
    ["a file answer that is not a list of files", { ...ok, proof: "a.pdf" }, "proof"],
    ["a file that is not { name, type, content }", { ...ok, proof: [{ a: { a: 1 } }] }, "proof"],
    ["a signature that is not text", { ...ok, sign: { v: 1 } }, "sign"],
  ])("rejects %s", (_label, answers, question) => {
    expect(validateAnswers(more, answers).map((e) => e.question)).toContain(question);
  });

  test("replays the form's triggers as the respondent's survey-core did (a legacy visible trigger)", () => {
    const triggered: FormJson = {
      triggers: [{ type: "visible", name: "type", operator: "equal", value: "sedan", questions: ["Sedan"] }],
      elements: [
        { type: "radiogroup", name: "type", choices: ["sedan", "sports"] },
        { type: "text", name: "Sedan", visible: false },
      ],
    };
    expect(validateAnswers(triggered, { type: "sedan", Sedan: "Dodge Charger" })).toEqual([]);
    expect(
      validateAnswers(triggered, { type: "sports", Sedan: "Dodge Charger" }).map((e) => e.question),
    ).toEqual(["Sedan"]);
    // survey-core's trigger code throws on this key; the validator must still answer.
    expect(validateAnswers(triggered, { type: "sedan", hasOwnProperty: "x" }).map((e) => e.question)).toEqual(
      ["hasOwnProperty"],
    );
  });

  test("names every question with a problem, not only those of the plain checks", () => {
    const questions = validateAnswers(more, { r: 9 }).map((e) => e.question);
    expect(questions).toContain("r");
    expect(questions).toContain("need");
  });
});
