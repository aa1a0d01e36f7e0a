export { valueProblem } from "./reference-verdict/value-checks.ts";

// The reference verdict of the differential validation test: what survey-core itself says about a
// response, plus the extra checks DESIGN "Validation" documents, written from survey-core's models and
// independently of forms/validate.ts (never import from it: the point is to compare two implementations).
//
// A response is rejected when any of these holds, and the verdict names the questions concerned (the
// top-level question's value name for nested questions and panels, the answer key for key problems):
//  1. survey-core: `validate(true, false)` on a model holding the answers is false (required answers,
//     requiredIf, validators, min/max, required panels …);
//  2. a key is not the value name of a question, nor `<name>-Comment` of a question with a comment or an
//     "other" choice, nor a calculated value included in results; or it names an element that holds no
//     value (html, image);
//  3. an answered question is hidden (itself, or a page or panel around it), at the top level or inside a
//     dynamic panel or matrix row: survey-core's clearInvisibleValues would drop it;
//  4. survey-core's own `clearIncorrectValues(true)` changes the answer (expression questions and
//     calculated values excepted: survey-core recomputes those from the other answers);
//  5. the server's extra checks, strict `===` and no type coercion (see `valueProblem`): ratings among the
//     rate values, choices among the visible choices, lists of distinct choices within
//     maxSelectedChoices (checkbox, tagbox, image picker, ranking), booleans, text (numbers for number
//     inputs), maxLength, date and time formats down to real days, matrix rows and columns, known row
//     keys and row counts, every nested value checked like a top-level one; and, as survey-core's inputs
//     produce them, a signature is text and a file answer is a list of { name, type, content }.
//
// survey-core behaviour this relies on (3.0.0):
//  - loading data (`model.data = …`) trims every key, and runs no trigger: a legacy "visible" trigger
//    shows its question only when `runTriggers()` is called, as a respondent's survey-core did live;
//  - `validate()` changes data: it drops a choice value it does not know (then reports "required"), so
//    what is shown is read before it; clearIncorrectValues needs the answers as given, so validation
//    runs on a second new model (the baseline) or, on a reused model, clearIncorrectValues runs after
//    validate() on the same model only when validate() left the data as loaded, else on a new model;
//  - survey-core keeps state that loading data does not replace, so one model per form is reused across
//    answers only for forms without such state (`REUSABLE_TYPES`, `STATEFUL_KEYS`), and is brought back
//    to a new model's state before each answer, or built anew when it cannot be (`reset`); other forms
//    get the baseline. DIFF_FRESH=1 (the test's option) gives the baseline for every form;
//    DIFF_FRESH=compare checks that both give the same verdicts, reasons included (the numbers are in
//    test/external-forms.test.ts);
//  - survey-core compares choices loosely ("3" equals 3), so only the extra checks catch a wrong type;
//  - a matrix's clearIncorrectValues drops a row whose value is falsy (a column valued 0 would be lost):
//    no form here has one.
import { Model } from "survey-core";
import { registerFormProperties } from "../forms/survey-properties.ts";
import {
  COMMENT,
  isObject,
  json,
  jsonClone,
  NO_VALUE,
  type Q,
  valueProblem,
} from "./reference-verdict/value-checks.ts";

export interface Verdict {
  ok: boolean;
  /** Names the verdict rejects (empty when the answers are not an object). */
  questions: Set<string>;
  /** One line per problem, for failure reports. */
  reasons: string[];
}

export interface ReferenceOptions {
  /**
   * The baseline without reuse (DIFF_FRESH=1): a new model for every verdict, and a second new one for
   * validate(), as first written, which is also what forms that are not `reusable` always get. Otherwise
   * one model per form is reloaded with each answer, once per verdict (see `referenceVerdict`).
   */
  freshModels?: boolean;
}

/** One model per form object, reloaded with each answer; only for forms `reusable` accepts. */
const models = new WeakMap<object, Model>();
const reusableForms = new WeakMap<object, boolean>();

/**
 * Question types whose whole survey-core state is their value and the form's conditions, so loading the
 * next answer into the same model leaves it as a new model would be. A simple matrix keeps the row models
 * it built for an earlier answer: they are dropped before each load (`clearGeneratedRows`), since
 * survey-core reads a matrix value differently with and without them. Anything else gets a new model per
 * verdict; in particular dynamic matrices and panels (they keep their row and panel count when the next
 * answer has no value for them), dropdown matrices and multiple text (models per row or item), and
 * question types this list does not name.
 */
const REUSABLE_TYPES = new Set([
  ...["text", "comment", "rating", "radiogroup", "dropdown", "checkbox", "tagbox", "boolean", "ranking"],
  ...["expression", "html", "image", "panel", "matrix"],
]);
/**
 * Form features with state of their own: a legacy "visible" trigger sets question.visible for good;
 * setValueIf, resetValueIf, setValueExpression and defaultValueExpression act on changes, which depend on
 * the answer before; choicesByUrl and choicesFromQuestion fill a question's choices from elsewhere; an
 * "other" choice keeps its text in the question (`otherValue`, beside the survey's comment), which a
 * reused model failed to pick up from the next answer (found by DIFF_FRESH=compare), and comment areas,
 * "none" and "select all" items go the same ways in survey-core's choice code.
 */
const STATEFUL_KEYS = new Set([
  ...["triggers", "setValueIf", "resetValueIf", "setValueExpression", "defaultValueExpression"],
  ...["choicesByUrl", "choicesFromQuestion", "showOtherItem", "hasOther", "showCommentArea", "hasComment"],
  ...["showNoneItem", "hasNone", "showSelectAllItem", "hasSelectAll"],
]);

/** Whether the reference reuses one model for this form (unless asked for new ones). */
export function referenceReusesModel(form: object): boolean {
  return reusable(form);
}

function reusable(form: object): boolean {
  let ok = reusableForms.get(form);
  if (ok === undefined) {
    ok = !stateful(form);
    reusableForms.set(form, ok);
  }
  return ok;
}

function stateful(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(stateful);
  if (!isObject(value)) return false;
  // An element is an object with a type and a name or elements (choices and validators have no name).
  const element = typeof value.type === "string" && ("name" in value || "elements" in value);
  if (element && !REUSABLE_TYPES.has(String(value.type).toLowerCase())) return true;
  return Object.entries(value).some(([key, v]) => STATEFUL_KEYS.has(key) || stateful(v));
}

/** The form's own model, brought back to a new model's state (or built anew when it cannot be). */
function reusedModel(form: object): Model {
  let model = models.get(form);
  if (model && !reset(model)) {
    modelStats.rebuilt++;
    model = undefined;
  }
  if (!model) {
    model = created(form);
    models.set(form, model);
  }
  return model;
}

/** Reused models that `reset` could not bring back, so were built anew (for the test's summary). */
export const modelStats = { rebuilt: 0 };

/**
 * What the questions of a new model hold, to check that `reset` brought a used model back to it.
 * Expression questions are left out: survey-core computes them again from each answer (and today() moves).
 */
const pristine = new WeakMap<Model, string>();
const held = (model: Model) =>
  json(
    (
      model.getAllQuestions() as unknown as {
        value: unknown;
        comment: unknown;
        renderedValue?: unknown;
        getType(): string;
      }[]
    )
      .filter((q) => q.getType() !== "expression")
      .map((q) => [q.value, q.comment, q.renderedValue]),
  );

function created(form: object): Model {
  const model = new Model(form);
  pristine.set(model, held(model));
  return model;
}

/**
 * Brings a model that has held answers back to a new model's state, as far as loading the next answers
 * can tell; false when it cannot (a new model is then built). `model.data = …` alone would not do: a
 * question keeps its earlier value when the new one is "equal" to it in survey-core's loose sense ("" and
 * no value, [] and no value) or is refused as the wrong shape, and survey-core revalidates, while loading,
 * a question that still shows errors (validate() may then drop a value). So the errors go first, then the
 * values (`clear`, which also restores default values), then a simple matrix's row models (survey-core
 * reads a matrix value differently with and without them); a value that even `clear` leaves (a rating
 * once given a list keeps [], which survey-core deems equal to no value) fails the check.
 */
function reset(model: Model): boolean {
  for (const page of model.pages) page.clearErrors();
  model.clear(true, false);
  for (const q of model.getAllQuestions() as unknown as { getType(): string; clearGeneratedRows?(): void }[])
    if (q.getType() === "matrix") q.clearGeneratedRows?.();
  return held(model) === pristine.get(model);
}

/** Loads the answers as given (survey-core trims the keys); triggers do not run. */
function load(model: Model, answers: unknown): void {
  model.locale = "vi";
  model.data = jsonClone(answers);
}

type Rejection = [name: string, why: string];

export function referenceVerdict(form: object, answers: unknown, options: ReferenceOptions = {}): Verdict {
  if (!isObject(answers))
    return { ok: false, questions: new Set(), reasons: ["the answers are not an object"] };
  registerFormProperties();
  // A new model per verdict (the baseline) unless the form's model can be reused.
  const reuse = options.freshModels !== true && reusable(form);
  let model = reuse ? reusedModel(form) : created(form);
  load(model, answers);
  // The respondent's survey-core ran the triggers as answers were given; loading data does not.
  const triggerProblems = runTriggers(model);
  // Everything is read from the answers as given, before validate() or clearIncorrectValues change them.
  const byName = new Map<string, Q>();
  for (const q of model.getAllQuestions() as unknown as Q[]) byName.set(q.getValueName(), q);
  const calculated = new Set(model.calculatedValues.filter((c) => c.includeIntoResult).map((c) => c.name));
  const checked = checks(answers, byName, calculated);

  let cleared: ReturnType<typeof clearStep>;
  let validated: ReturnType<typeof validateStep>;
  if (!reuse) {
    // As first written: clearIncorrectValues on the model read, validate() on a second new model.
    cleared = clearStep(model, answers, byName, calculated);
    const second = created(form);
    load(second, answers);
    runTriggers(second);
    validated = validateStep(second, true);
  } else {
    // One load: validate() first, on the model read; then clearIncorrectValues on the same model when
    // validate() left the data as loaded, else on a new model. (validate() drops a choice value it does
    // not know; reloading the answers into the validated model is not enough: survey-core's
    // clearIncorrectValues then also drops an "other" comment that it keeps on a new model.) Rendering a
    // model changes what clearIncorrectValues does to a matrix: that is why only forms whose questions
    // nest nothing (`REUSABLE_TYPES`) take this way, where validateStep need not list nested questions.
    const loaded = json(model.data);
    validated = validateStep(model, false);
    if (json(model.data) !== loaded) {
      model = created(form);
      load(model, answers);
      runTriggers(model);
    }
    cleared = clearStep(model, answers, byName, calculated);
  }

  // The reasons in a fixed order whatever the order of the steps: triggers, keys and values (2, 3, 5),
  // clearIncorrectValues (4), survey-core's validation (1).
  const questions = new Set<string>();
  const reasons = [...triggerProblems];
  for (const item of [...checked, ...cleared.rejections, ...validated.rejections]) {
    if (typeof item === "string") reasons.push(item);
    else {
      questions.add(item[0]);
      reasons.push(`${item[0] || "(no name)"}: ${item[1]}`);
    }
  }
  return { ok: validated.valid && reasons.length === 0, questions, reasons };
}

/** 2, 3 and 5: keys, answers to hidden questions, the server's extra checks of each value. */
function checks(
  answers: Record<string, unknown>,
  byName: Map<string, Q>,
  calculated: Set<string>,
): Rejection[] {
  const out: Rejection[] = [];
  const owners = new Map<string, Q>();
  for (const q of byName.values()) if (q.hasComment || q.hasOther) owners.set(q.getValueName() + COMMENT, q);
  for (const [key, value] of Object.entries(answers)) {
    const q = byName.get(key);
    const owner = owners.get(key);
    if (q) {
      if (NO_VALUE.has(q.getType())) out.push([key, "an element that holds no value"]);
    } else if (!owner && !calculated.has(key)) out.push([key, "no question has this name"]);
    const asked = q ?? owner;
    if (!asked || value === null || value === undefined || NO_VALUE.has(asked.getType())) continue;
    // 3. hidden.
    if (!asked.isVisible || !asked.isParentVisible) {
      out.push([key, "the question is hidden"]);
      continue;
    }
    // 5. extra checks.
    const problem = q ? valueProblem(q, value) : typeof value === "string" ? null : "a comment must be text";
    if (problem) out.push([key, problem]);
  }
  return out;
}

/**
 * 4. survey-core's clearIncorrectValues, on a model holding the answers as given. survey-core trims the
 * keys of the data it is given, so a key it changed is traced back to every answer key that trims to it.
 * A throw is a reason without a question (the extra checks name the question).
 */
function clearStep(
  model: Model,
  answers: Record<string, unknown>,
  byName: Map<string, Q>,
  calculated: Set<string>,
): { rejections: (Rejection | string)[] } {
  const rejections: (Rejection | string)[] = [];
  const before = jsonClone(model.data) as Record<string, unknown>;
  try {
    model.clearIncorrectValues(true);
    const after = model.data as Record<string, unknown>;
    for (const key of Object.keys(answers)) {
      const core = key.trim();
      // Expression questions and calculated values are recomputed by survey-core from other answers:
      // clearing a wrong answer elsewhere changes them, which says nothing about their own value.
      if (calculated.has(core) || byName.get(core)?.getType() === "expression") continue;
      if (json(before[core]) !== json(after[core]))
        rejections.push([
          key,
          `survey-core's clearIncorrectValues changes ${json(before[core])} to ${json(after[core])}`,
        ]);
    }
  } catch (err) {
    rejections.push(`survey-core's clearIncorrectValues throws: ${(err as Error).message}`);
  }
  return { rejections };
}

/**
 * 1. survey-core's own validation, on a model holding the answers as given; each element's errors, nested
 * questions' (matrix cells, dynamic panels) included. survey-core lists nested questions by first
 * rendering every page (styles, rows), after which each change of a value restyles its question: a
 * reused model, whose question types nest nothing, is not asked for them.
 */
function validateStep(model: Model, nested: boolean): { valid: boolean; rejections: (Rejection | string)[] } {
  const valid = model.validate(true, false);
  const rejections: (Rejection | string)[] = [];
  for (const element of [
    ...(model.getAllQuestions(false, false, nested) as unknown as Q[]),
    ...(model.getAllPanels(false, true) as unknown as Q[]),
  ]) {
    if (element.errors.length === 0) continue;
    rejections.push([topOwner(element), `survey-core: ${element.errors.map((e) => e.getText()).join("; ")}`]);
  }
  if (!valid && rejections.length === 0)
    rejections.push("survey-core: validate() is false with no error on any element");
  return { valid, rejections };
}

/** Runs the form's triggers; a problem when survey-core throws. */
function runTriggers(model: Model): string[] {
  try {
    model.runTriggers();
    return [];
  } catch (err) {
    // An answer key named "hasOwnProperty" breaks survey-core's trigger code (`keys.hasOwnProperty(…)`).
    return [`survey-core's runTriggers throws: ${(err as Error).message}`];
  }
}

/** The top-level question around a nested one; a panel is named by its name. */
function topOwner(element: Q): string {
  let top = element;
  while (top.parentQuestion) top = top.parentQuestion;
  return typeof top.getValueName === "function" ? top.getValueName() : top.name;
}
