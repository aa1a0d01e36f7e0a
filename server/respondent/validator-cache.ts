import { type CompiledValidator, compileValidator } from "../../forms/compile-validator.ts";
import type { AnswerError, Form, FormJson, Locale } from "../../forms/types.ts";
import type { ValidationPool } from "../validation/pool.ts";
import { prepareSurveyCore } from "../validation/survey-core-setup.ts";

/** Checks one response; resolves to the problems found (none: it may be stored). */
export type AsyncValidator = (answers: unknown, locale: Locale) => Promise<AnswerError[]>;

/**
 * Forms with more elements than this are compiled and checked on the worker pool: building the
 * survey-core model for a 3,000-question form takes over a second, which the event loop must not wait.
 */
export const MAIN_THREAD_MAX_ELEMENTS = 300;

/**
 * The validator of each form version, compiled on first use and kept as long as the parsed form is
 * (the store reuses one parsed object per version). A form that cannot be compiled is said once in the
 * log, with the reason: it is checked by survey-core itself, correct but about 1,000× slower, so on the
 * worker pool (server/validation/pool.ts), never on the event loop; so is a very large form.
 */
export function formValidators(
  log: (line: string) => void,
  pool: ValidationPool,
): (form: Form) => AsyncValidator {
  prepareSurveyCore();
  const compiled = new WeakMap<FormJson, CompiledValidator | "pool">();
  return (form) => {
    let validator = compiled.get(form.json);
    if (!validator) {
      validator = countElements(form.json) > MAIN_THREAD_MAX_ELEMENTS ? "pool" : compileValidator(form.json);
      compiled.set(form.json, validator);
      if (validator !== "pool" && validator.fallback)
        log(
          `form ${form.id} version ${form.version}: answers checked by survey-core, not compiled (${validator.fallback})`,
        );
    }
    if (validator === "pool" || validator.fallback) {
      const key = `${form.id}@${form.version}`;
      return (answers, locale) => pool.check(key, form.json, answers, locale);
    }
    const run = validator;
    return async (answers, locale) => run(answers, locale);
  };
}

function countElements(json: FormJson): number {
  let n = 0;
  const visit = (node: unknown) => {
    if (typeof node !== "object" || node === null) return;
    for (const key of ["pages", "elements", "questions", "templateElements"]) {
      const list = (node as Record<string, unknown>)[key];
      if (!Array.isArray(list)) continue;
      n += list.length;
      for (const item of list) visit(item);
    }
  };
  visit(json);
  return n;
}
