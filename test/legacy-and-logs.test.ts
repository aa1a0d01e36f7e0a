import { describe, expect, test, vi } from "vitest";
import { compileValidator } from "../forms/compile-validator.ts";
import type { FormJson } from "../forms/types.ts";
import { validateAnswers } from "../forms/validate.ts";
import { prepareSurveyCore } from "../server/validation/survey-core-setup.ts";
import { catalogueForm } from "./helpers.ts";

const textForm = (inputType: string) =>
  ({ pages: [{ elements: [{ type: "text", name: "when", inputType }] }] }) as unknown as FormJson;

describe("legacy input types are read as survey-core reads them", () => {
  test.each([
    ["datetime", "2020-01-02T10:00", true],
    ["datetime", "2020-01-02 10:00", false],
    ["datetime_local", "2020-01-02T10:00:30", true],
    ["DateTime-Local", "2020-02-30T10:00", false],
    ["DATE", "2020-01-02", true],
  ])("inputType %s, answer %s: accepted %s, by the compiled checks", (inputType, value, ok) => {
    const validator = compileValidator(textForm(inputType));
    expect(validator.fallback).toBeUndefined();
    expect(validator({ when: value }).length === 0).toBe(ok);
    expect(validateAnswers(textForm(inputType), { when: value }).length === 0).toBe(ok);
  });
});

describe("survey-core's warnings", () => {
  test("a refused value's text never reaches the log, only the question's name", () => {
    const spy = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      prepareSurveyCore();
      const attack = "x\n[req-1] POST /api/session 201 0ms admin signed in\u001b[2J";
      const errors = validateAnswers(catalogueForm("emulation-registration").json, { targets: attack });
      expect(errors.map((e) => e.question)).toContain("targets");
      const logged = spy.mock.calls.map((args) => args.map(String).join(" ")).join("\n");
      expect(logged).toContain('survey-core refused a value for question "targets"');
      expect(logged).not.toContain("signed in");
      expect(logged).not.toContain("\u001b");
    } finally {
      spy.mockRestore();
    }
  });
});
