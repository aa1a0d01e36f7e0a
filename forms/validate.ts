import { Model } from "survey-core";
import { type CoreContainer, type CoreQuestion, panelsOf, questionsOf } from "./core-model.ts";
import { type MessageKey, message } from "./messages.ts";
import { NO_VALUE_TYPES } from "./question-types.ts";
import { registerFormProperties } from "./survey-properties.ts";
import type { AnswerError, Answers, FormJson, Locale } from "./types.ts";
import { isPlainObject, valueCheck } from "./value-checks.ts";

/**
 * Checks a response against its form as the server must: survey-core's own verdict (required answers
 * under visibleIf/requiredIf, validators, required panels) plus what survey-core lets through or silently
 * drops: unknown names, values outside choices or rating values, wrong types, answers to hidden questions,
 * at the top level and inside matrix rows and dynamic panels. Every question with a problem is listed.
 * An empty list means the answers may be stored. test/external-forms.test.ts compares this verdict with
 * one built on survey-core alone, over generated answers for every catalogue and external form.
 */
export function validateAnswers(form: FormJson, answers: unknown, locale: Locale = "vi"): AnswerError[] {
  if (!isPlainObject(answers)) return [{ question: "", message: message("notObject", locale) }];
  registerFormProperties();
  const model = new Model(form);
  model.locale = locale;
  const errors: AnswerError[] = [];
  const fail = (question: string, key: MessageKey, params?: Record<string, string | number>) =>
    errors.push({ question, message: message(key, locale, params) });

  const byName = new Map<string, CoreQuestion>();
  for (const q of questionsOf(model)) byName.set(q.getValueName(), q);
  const commentOwners = new Map<string, CoreQuestion>();
  for (const q of questionsOf(model)) {
    if (q.hasComment || q.hasOther) commentOwners.set(`${q.getValueName()}${model.commentSuffix}`, q);
  }
  const calculated = new Set(model.calculatedValues.filter((c) => c.includeIntoResult).map((c) => c.name));

  for (const name of Object.keys(answers)) {
    const q = byName.get(name);
    if (q && NO_VALUE_TYPES.has(q.getType())) fail(name, "noValue");
    else if (!q && !commentOwners.has(name) && !calculated.has(name)) fail(name, "unknown");
  }
  model.data = structuredClone(answers);
  // A survey-core client runs the form's triggers as answers are given (a legacy "visible" trigger shows
  // a question); loading data does not, so run them once here as the client did.
  try {
    model.runTriggers();
  } catch {
    // survey-core's trigger code calls `keys.hasOwnProperty(…)` on the answers: an answer key named
    // "hasOwnProperty" makes it throw. Such a key is refused as unknown just above.
  }

  for (const [name, value] of Object.entries(answers)) {
    const q = byName.get(name) ?? commentOwners.get(name);
    if (!q || value === undefined || value === null || NO_VALUE_TYPES.has(q.getType())) continue;
    if (!q.isVisible || !q.isParentVisible) {
      fail(name, "hidden");
      continue;
    }
    if (q !== byName.get(name)) {
      if (typeof value !== "string") fail(name, "notText");
      continue;
    }
    const problem = valueCheck(q)(value);
    if (problem) fail(name, problem.key, problem.params);
  }
  // A refused value can take its "other" text with it: survey-core drops the text when what is left of
  // the value no longer selects "other". Asked of survey-core itself, for just those questions.
  for (const [key, owner] of commentOwners) {
    const ownerName = owner.getValueName();
    const text = answers[key];
    if (text === undefined || text === null || !errors.some((e) => e.question === ownerName)) continue;
    if (errors.some((e) => e.question === key)) continue;
    const before = JSON.stringify((model.data as Answers)[key]);
    owner.clearIncorrectValues();
    if (JSON.stringify((model.data as Answers)[key]) !== before) fail(key, "commentWithoutChoice");
  }
  // survey-core's own checks (required, requiredIf, validators, min/max, required panels). They run even
  // when a plain check failed, so the list names every question with a problem; a question already
  // reported keeps that one message.
  const reported = new Set(errors.map((e) => e.question));
  try {
    model.validate(true, false);
  } catch (err) {
    // survey-core can choke on a value of the wrong shape; the plain checks have named it already.
    if (errors.length > 0) return errors;
    throw err;
  }
  for (const element of [...questionsOf(model, false, false, true), ...panelsOf(model)]) {
    const owner = topOwner(element);
    if (reported.has(owner)) continue;
    for (const err of element.errors) errors.push({ question: owner, message: err.getText() });
  }
  return errors;
}

/** The value name of the top-level question around a nested one (matrix cell, dynamic panel question). */
function topOwner(element: CoreContainer): string {
  let top = element;
  while (top.parentQuestion) top = top.parentQuestion;
  return top.getValueName ? top.getValueName() : top.name;
}
