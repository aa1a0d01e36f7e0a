import {
  AnswerRequiredError,
  ConditionRunner,
  EmailValidator,
  ExpressionRunner,
  Helpers,
  Model,
  settings,
  surveyLocalization,
} from "survey-core";
import { compileMatrixDynamic, isEmpty } from "./compile-dynamic.ts";
import { unsupportedFeature } from "./compile-support.ts";
import { type CoreContainer, type CoreQuestion, questionsOf } from "./core-model.ts";
import { type MessageKey, message } from "./messages.ts";
import { MULTI_CHOICE_TYPES, NO_VALUE_TYPES, NUMBER_INPUTS, SELECT_TYPES } from "./question-types.ts";
import { registerFormProperties } from "./survey-properties.ts";
import type { AnswerError, Answers, FormJson, Locale } from "./types.ts";
import { validateAnswers } from "./validate.ts";
import { isPlainObject, type ValueCheck, valueCheck } from "./value-checks.ts";

/** Checks one response against the form it was compiled for; an empty list means it may be stored. */
export type Validator = (answers: unknown, locale?: Locale) => AnswerError[];

export interface CompiledValidator extends Validator {
  /** Why this form is checked by survey-core itself (validateAnswers); undefined when compiled. */
  readonly fallback?: string;
}

/**
 * Compiles a form version into plain checks: the same verdict as validateAnswers (survey-core's own
 * validation plus the server's extra checks), without building a survey-core Model per response. The
 * form's conditions (visibleIf, enableIf, requiredIf, expression validators) still run on survey-core's
 * ConditionRunner, so their semantics are survey-core's. A form using anything outside what is compiled
 * (see compile-support.ts) falls back to validateAnswers, decided here and reported by `fallback`.
 * test/external-forms.test.ts compares the verdicts with a survey-core reference on generated answers.
 */
export function compileValidator(form: FormJson): CompiledValidator {
  registerFormProperties();
  const reason = unsupportedFeature(form);
  if (reason) {
    const fallback: Validator = (answers, locale = "vi") => validateAnswers(form, answers, locale);
    return Object.assign(fallback, { fallback: reason });
  }
  // Texts (error messages) differ by locale: one plan per locale, Vietnamese built now, English on first use.
  const plans: Partial<Record<Locale, Plan>> = { vi: buildPlan(form, "vi") };
  return (answers, locale = "vi") => {
    const plan = plans[locale] ?? buildPlan(form, locale);
    plans[locale] = plan;
    const errors = runPlan(plan, answers, locale);
    // A malformed value that a condition reads: survey-core reads some of them its own way (a choice
    // given as { value } counts as that choice), which decides which other questions it shows. The
    // response is refused either way; survey-core names the questions, so the list is exactly its own.
    return errors === READS_MALFORMED ? validateAnswers(form, answers, locale) : errors;
  };
}

interface Plan {
  /** Every answer key the form knows: a question's value name or a comment key. */
  keys: Map<string, Slot>;
  questions: QuestionPlan[];
  conditions: ConditionRunner[];
  /** The answer names the conditions read, in lower case (survey-core looks names up case-insensitively). */
  conditionInputs: Set<string>;
}

const READS_MALFORMED: AnswerError[] = [];

type Slot = { question: QuestionPlan; comment: boolean };
/** Indexes into Plan.conditions that must all hold; null: never (a static `visible: false` and no visibleIf). */
type Conditions = number[] | null;

interface QuestionPlan {
  name: string;
  noValue: boolean;
  visible: Conditions;
  enabled: Conditions;
  /** A static isRequired, or the index of its requiredIf condition. */
  required: boolean | number;
  requiredText: string;
  /** The server's checks of a value's shape, choices and ranges. */
  check: ValueCheck;
  /** survey-core's checks beyond "required" (other text, min/max, rows, validators); messages. */
  coreErrors(value: unknown, answers: Answers, holds: (i: number) => boolean): string[];
  /** A dynamic matrix: survey-core's errors of the matrix and its cells, "required" included. */
  dynamic?: (value: unknown, required: boolean) => string[];
}

function buildPlan(form: FormJson, locale: Locale): Plan {
  const model = new Model(form);
  model.locale = locale;
  const conditions: ConditionRunner[] = [];
  const byExpression = new Map<string, number>();
  const condition = (expression: string) => {
    let i = byExpression.get(expression);
    if (i === undefined) {
      i = conditions.push(new ConditionRunner(expression)) - 1;
      byExpression.set(expression, i);
    }
    return i;
  };
  // Expressions whose value (not truth) a check reads: a text's minValueExpression and maxValueExpression.
  const valueExpressions: ExpressionRunner[] = [];
  const expression = (text: string) => {
    const runner = new ExpressionRunner(text);
    valueExpressions.push(runner);
    return runner;
  };
  // An element's own flag and those of the panels and page around it; a condition replaces its static flag.
  const chain = (element: CoreContainer, flag: "visible" | "enabled"): Conditions => {
    const out: number[] = [];
    for (let e: CoreContainer | null | undefined = element; e; e = e.parent) {
      const expression = flag === "visible" ? e.visibleIf : e.enableIf;
      if (expression) out.push(condition(expression));
      else if (flag === "visible" ? !e.visible : e.readOnly) return null;
    }
    return out;
  };

  const keys = new Map<string, Slot>();
  const questions: QuestionPlan[] = [];
  for (const q of questionsOf(model)) {
    const dynamic =
      q.getType() === "matrixdynamic"
        ? compileMatrixDynamic(q, (cell) => {
            // Cells have no validators or conditions (compile-support.ts): their checks read the value only.
            const core = compileCoreErrors(cell, condition, expression);
            return (value) => core(value, {}, () => true);
          })
        : undefined;
    const plan: QuestionPlan = {
      name: q.getValueName(),
      noValue: NO_VALUE_TYPES.has(q.getType()),
      visible: chain(q, "visible"),
      enabled: chain(q, "enabled"),
      required: q.requiredIf ? condition(q.requiredIf) : q.isRequired,
      requiredText: new AnswerRequiredError(q.requiredErrorText, q).getText(),
      check: dynamic?.check ?? valueCheck(q),
      coreErrors: compileCoreErrors(q, condition, expression),
      ...(dynamic && { dynamic: dynamic.errors }),
    };
    questions.push(plan);
    keys.set(plan.name, { question: plan, comment: false });
    if (q.hasComment || q.hasOther)
      keys.set(`${plan.name}${settings.commentSuffix}`, { question: plan, comment: true });
  }
  const conditionInputs = new Set(
    [...conditions, ...valueExpressions].flatMap((c) =>
      c.getVariables().map((v) => (v.split(/[.[]/)[0] ?? "").trim().toLowerCase()),
    ),
  );
  return { keys, questions, conditions, conditionInputs };
}

function runPlan(plan: Plan, answers: unknown, locale: Locale): AnswerError[] {
  if (!isPlainObject(answers)) return [{ question: "", message: message("notObject", locale) }];
  const errors: AnswerError[] = [];
  let readsMalformed = false;
  const fail = (question: string, key: MessageKey, params?: Record<string, string | number>) => {
    if (key !== "hidden" && plan.conditionInputs.has(question.trim().toLowerCase())) readsMalformed = true;
    // A refused value may take its "other" text with it; survey-core decides (see validateAnswers).
    if (key !== "hidden" && plan.keys.has(`${question}${settings.commentSuffix}`)) {
      const text = (answers as Answers)[`${question}${settings.commentSuffix}`];
      if (text !== undefined && text !== null) readsMalformed = true;
    }
    errors.push({ question, message: message(key, locale, params) });
  };
  // Each condition runs at most once per response, on the answers as given (as survey-core's model would).
  const results: (boolean | undefined)[] = [];
  const holds = (i: number) => {
    let result = results[i];
    if (result === undefined) {
      result = (plan.conditions[i] as ConditionRunner).runValues(answers) === true;
      results[i] = result;
    }
    return result;
  };
  const all = (c: Conditions) => c?.every(holds) === true;

  const names = Object.keys(answers);
  for (const name of names) {
    const slot = plan.keys.get(name);
    if (!slot) {
      // survey-core copies answers with `hash[key] = value`: a "__proto__" key becomes the prototype of
      // its values, and conditions then read the names inside it. Only survey-core can say what follows.
      if (name.trim().toLowerCase() === "__proto__") readsMalformed = true;
      fail(name, "unknown");
    } else if (slot.question.noValue && !slot.comment) fail(name, "noValue");
  }
  for (const name of names) {
    const slot = plan.keys.get(name);
    const value = answers[name];
    if (!slot || value === undefined || value === null || slot.question.noValue) continue;
    if (!all(slot.question.visible)) fail(name, "hidden");
    else if (slot.comment) {
      if (typeof value !== "string") fail(name, "notText");
    } else {
      const problem = slot.question.check(value);
      if (problem) fail(name, problem.key, problem.params);
    }
  }
  if (readsMalformed) return READS_MALFORMED;
  // survey-core's own checks, for shown and enabled questions no plain check has named yet.
  const reported = errors.length > 0 ? new Set(errors.map((e) => e.question)) : undefined;
  for (const q of plan.questions) {
    if (q.noValue || reported?.has(q.name) || !all(q.visible) || !all(q.enabled)) continue;
    const value = Object.hasOwn(answers, q.name) ? answers[q.name] : undefined;
    const required = typeof q.required === "number" ? holds(q.required) : q.required;
    if (q.dynamic) {
      for (const text of q.dynamic(value, required)) errors.push({ question: q.name, message: text });
      continue;
    }
    if (required && isEmpty(value)) {
      errors.push({ question: q.name, message: q.requiredText });
      continue;
    }
    for (const text of q.coreErrors(value, answers, holds)) errors.push({ question: q.name, message: text });
  }
  return errors;
}

type CoreCheck = (value: unknown, answers: Answers, holds: (i: number) => boolean) => string | null;

/**
 * What survey-core's onCheckForErrors adds to "required" for the compiled types, then its validators,
 * which (as in survey-core) run only when nothing else failed.
 */
function compileCoreErrors(
  q: CoreQuestion,
  condition: (expression: string) => number,
  expression: (text: string) => ExpressionRunner,
): QuestionPlan["coreErrors"] {
  const type = q.getType();
  const checks: CoreCheck[] = [];
  if (SELECT_TYPES.has(type) && q.hasOther) {
    const other = q.otherItem.value;
    const text = q.otherErrorText || surveyLocalization.getString("otherRequiredError", q.getLocale());
    const commentKey = `${q.getValueName()}${settings.commentSuffix}`;
    checks.push((value, answers) => {
      const chosen = Array.isArray(value) ? value.includes(other) : value === other;
      return chosen && !answers[commentKey] ? text : null;
    });
  }
  if (MULTI_CHOICE_TYPES.has(type) && q.minSelectedChoices > 0) {
    const min = q.minSelectedChoices;
    const text = q.getLocalizationFormatString("minSelectError", min);
    checks.push((value) => ((Array.isArray(value) ? value.length : 0) < min ? text : null));
  }
  if (type === "text") checks.push(...minMaxChecks(q, expression));
  if (
    type === "text" &&
    q.inputType === "email" &&
    !q.validators.some((v) => v.getType() === "emailvalidator")
  ) {
    const email = new EmailValidator();
    email.owner = q;
    const title = q.getValidatorTitle();
    checks.push((value) => email.validate(value, title ?? undefined)?.error?.getText() ?? null);
  }
  if (type === "matrix" && q.eachRowRequired) {
    const rows = q.visibleRows.map((r) => String(r.name));
    const text = surveyLocalization.getString("requiredInAllRowsError", q.getLocale());
    checks.push((value) =>
      rows.some((row) => isEmpty(isPlainObject(value) ? value[row] : undefined)) ? text : null,
    );
  }

  const validators: CoreCheck[] = q.validators.map((validator) => {
    const title = q.getValidatorTitle() ?? undefined;
    if (validator.getType() === "expressionvalidator") {
      const i = condition(validator.expression);
      const text = validator.getErrorText(title ?? "");
      return (_value, _answers, holds) => (holds(i) ? null : text);
    }
    return (value) => validator.validate(value, title)?.error?.getText() ?? null;
  });

  if (checks.length === 0 && validators.length === 0) return () => [];
  return (value, answers, holds) => {
    const out: string[] = [];
    for (const check of checks) {
      const text = check(value, answers, holds);
      if (text) out.push(text);
    }
    if (out.length > 0) return out;
    for (const check of validators) {
      const text = check(value, answers, holds);
      if (text) out.push(text);
    }
    return out;
  };
}

/**
 * A text input's min and max as survey-core checks them: static on number inputs, or the value of
 * minValueExpression / maxValueExpression on the answers (a date after another, say), converted and
 * compared by the question's own survey-core methods (dates as Dates), with its own messages.
 */
function minMaxChecks(q: CoreQuestion, expression: (text: string) => ExpressionRunner): CoreCheck[] {
  const checks: CoreCheck[] = [];
  const numeric = !!q.inputType && NUMBER_INPUTS.has(q.inputType);
  const sides = [
    { dynamic: q.minValueExpression, fixed: q.renderedMin, text: q.minErrorText, less: true },
    { dynamic: q.maxValueExpression, fixed: q.renderedMax, text: q.maxErrorText, less: false },
  ];
  for (const { dynamic, fixed, text, less } of sides) {
    const outside = (value: unknown, bound: unknown) => {
      const a = q.getCalculatedMinMax(value) as number;
      const b = q.getCalculatedMinMax(bound) as number;
      return less ? a < b : a > b;
    };
    if (dynamic) {
      const runner = expression(dynamic);
      checks.push((value, answers) => {
        const bound = q.convertFuncValuetoQuestionValue(runner.runValues(answers));
        if (Helpers.isValueEmpty(bound) || isEmpty(value) || !outside(value, bound)) return null;
        return q.getMinMaxErrorText(text, q.getCalculatedMinMax(bound));
      });
    } else if (numeric && !Helpers.isValueEmpty(fixed)) {
      const message = q.getMinMaxErrorText(text, fixed);
      checks.push((value) => (!isEmpty(value) && outside(value, fixed) ? message : null));
    }
  }
  return checks;
}
