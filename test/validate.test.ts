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
