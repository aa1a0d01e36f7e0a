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
//    what is shown must be read before it; and clearIncorrectValues needs the answers as given, so
//    validation reloads them (the same verdicts as a third, fresh model over 2,699 answers, DIFF_FRESH=1);
//  - survey-core compares choices loosely ("3" equals 3), so only the extra checks catch a wrong type;
//  - a matrix's clearIncorrectValues drops a row whose value is falsy (a column valued 0 would be lost):
//    no form here has one.
import { type ItemValue, Model } from "survey-core";
import { registerFormProperties } from "../forms/survey-properties.ts";

export interface Verdict {
  ok: boolean;
  /** Names the verdict rejects (empty when the answers are not an object). */
  questions: Set<string>;
  /** One line per problem, for failure reports. */
  reasons: string[];
}

/** The survey-core members read here (spread over many survey-core classes). */
interface Q {
  name: string;
  getType(): string;
  getValueName(): string;
  isVisible: boolean;
  isParentVisible: boolean;
  parentQuestion?: Q | null;
  errors: { getText(): string }[];
  hasComment?: boolean;
  hasOther?: boolean;
  multiSelect?: boolean;
  visibleRateValues?: ItemValue[];
  visibleChoices?: ItemValue[];
  choicesByUrl?: { url?: string };
  maxSelectedChoices?: number;
  getValueTrue?(): unknown;
  getValueFalse?(): unknown;
  inputType?: string;
  getMaxLength?(): number | null;
  visibleRows?: { name?: unknown; rowName?: unknown; cells?: { column: { name: string }; question: Q }[] }[];
  visibleColumns?: ItemValue[];
  isMultiSelect?: boolean;
  items?: { name: string; editor: Q }[];
  maxRowCount?: number;
  maxPanelCount?: number;
  panels?: { questions: Q[] }[];
}

const NO_VALUE = new Set(["html", "image"]);
const COMMENT = "-Comment";

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const json = (v: unknown) => JSON.stringify(v) ?? "undefined";
const jsonClone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

export interface ReferenceOptions {
  /** Validate on a model of its own rather than reloading the answers into the one already used. */
  freshModels?: boolean;
}

export function referenceVerdict(form: object, answers: unknown, options: ReferenceOptions = {}): Verdict {
  const questions = new Set<string>();
  const reasons: string[] = [];
  const reject = (name: string, why: string) => {
    questions.add(name);
    reasons.push(`${name || "(no name)"}: ${why}`);
  };
  if (!isObject(answers)) return { ok: false, questions, reasons: ["the answers are not an object"] };
  registerFormProperties();

  // Everything is read from the answers as given, before validate(): survey-core's validate() itself
  // changes data (it drops a choice value it does not know, so a question shown by that value hides).
  const model = new Model(form);
  model.locale = "vi";
  model.data = jsonClone(answers);
  // The respondent's survey-core ran the triggers as answers were given; loading data does not.
  runTriggers(model, reasons);
  // 2. keys.
  const byName = new Map<string, Q>();
  const owners = new Map<string, Q>();
  for (const q of model.getAllQuestions() as unknown as Q[]) {
    byName.set(q.getValueName(), q);
    if (q.hasComment || q.hasOther) owners.set(q.getValueName() + COMMENT, q);
  }
  const calculated = new Set(model.calculatedValues.filter((c) => c.includeIntoResult).map((c) => c.name));
  for (const [key, value] of Object.entries(answers)) {
    const q = byName.get(key);
    const owner = owners.get(key);
    if (q) {
      if (NO_VALUE.has(q.getType())) reject(key, "an element that holds no value");
    } else if (!owner && !calculated.has(key)) reject(key, "no question has this name");
    const asked = q ?? owner;
    if (!asked || value === null || value === undefined || NO_VALUE.has(asked.getType())) continue;
    // 3. hidden.
    if (!asked.isVisible || !asked.isParentVisible) {
      reject(key, "the question is hidden");
      continue;
    }
    // 5. extra checks.
    const problem = q ? valueProblem(q, value) : typeof value === "string" ? null : "a comment must be text";
    if (problem) reject(key, problem);
  }

  // 4. survey-core's clearIncorrectValues. survey-core trims the keys of the data it is given, so a key
  // it changed is traced back to every answer key that trims to it.
  // The model has only been read so far, so it is as fresh as a new one; validate() comes after.
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
        reject(
          key,
          `survey-core's clearIncorrectValues changes ${json(before[core])} to ${json(after[core])}`,
        );
    }
  } catch (err) {
    // survey-core cannot even clear such a value (a row that is a string, …): a reason, not a question;
    // the extra checks name the question.
    reasons.push(`survey-core's clearIncorrectValues throws: ${(err as Error).message}`);
  }

  // 1. survey-core's own validation, on the answers as given again (clearIncorrectValues changed them).
  // Loading data into a used model is how survey-core itself reloads answers; DIFF_FRESH=1 (the test's
  // option) builds a third model instead, to check that this changes no verdict.
  const validated = options.freshModels ? new Model(form) : model;
  validated.locale = "vi";
  validated.data = jsonClone(answers);
  runTriggers(validated, []);
  const valid = validated.validate(true, false);
  let named = 0;
  for (const element of [
    ...(validated.getAllQuestions(false, false, true) as unknown as Q[]),
    ...(validated.getAllPanels(false, true) as unknown as Q[]),
  ]) {
    if (element.errors.length === 0) continue;
    named++;
    reject(topOwner(element), `survey-core: ${element.errors.map((e) => e.getText()).join("; ")}`);
  }
  if (!valid && named === 0) reasons.push("survey-core: validate() is false with no error on any element");

  return { ok: valid && reasons.length === 0, questions, reasons };
}

function runTriggers(model: Model, reasons: string[]): void {
  try {
    model.runTriggers();
  } catch (err) {
    // An answer key named "hasOwnProperty" breaks survey-core's trigger code (`keys.hasOwnProperty(…)`).
    reasons.push(`survey-core's runTriggers throws: ${(err as Error).message}`);
  }
}

/** The top-level question around a nested one; a panel is named by its name. */
function topOwner(element: Q): string {
  let top = element;
  while (top.parentQuestion) top = top.parentQuestion;
  return typeof top.getValueName === "function" ? top.getValueName() : top.name;
}

/** The server's extra checks for one value of a shown question; null when it passes. */
export function valueProblem(q: Q, value: unknown): string | null {
  const type = q.getType();
  if (type === "rating") {
    const values = (q.visibleRateValues ?? []).map((i) => i.value);
    return values.includes(value) ? null : `rating ${json(value)} is not one of ${json(values)}`;
  }
  if (
    type === "radiogroup" ||
    type === "dropdown" ||
    type === "buttongroup" ||
    (type === "imagepicker" && !q.multiSelect)
  ) {
    if (q.choicesByUrl?.url) return null;
    return choices(q).includes(value) ? null : `${json(value)} is not a choice`;
  }
  if (type === "checkbox" || type === "tagbox" || type === "imagepicker" || type === "ranking") {
    if (!Array.isArray(value)) return "a list is expected";
    if (new Set(value).size !== value.length) return "a choice appears twice";
    const max = q.maxSelectedChoices ?? 0;
    if (max > 0 && value.length > max) return `more than ${max} choices`;
    if (q.choicesByUrl?.url) return null;
    const allowed = choices(q);
    const unknown = value.find((v) => !allowed.includes(v));
    return unknown === undefined && value.every((v) => allowed.includes(v))
      ? null
      : `${json(unknown)} is not a choice`;
  }
  if (type === "boolean") {
    return value === q.getValueTrue?.() || value === q.getValueFalse?.()
      ? null
      : "not one of the two boolean values";
  }
  if (type === "text" || type === "comment")
    return textProblem(q, value, type === "text" ? q.inputType : undefined);
  if (type === "signaturepad") return typeof value === "string" ? null : "a signature is a data URL (text)";
  if (type === "file") {
    if (!Array.isArray(value)) return "a list of files is expected";
    const bad = value.find(
      (f) =>
        !isObject(f) ||
        typeof f.name !== "string" ||
        !Object.keys(f).every((k) => ["name", "type", "content"].includes(k) && typeof f[k] === "string"),
    );
    return bad === undefined ? null : `${json(bad)} is not a file ({ name, type, content })`;
  }
  if (type === "matrix") {
    if (!isObject(value)) return "a table of rows is expected";
    const rows = (q.visibleRows ?? []).map((r) => String(r.name));
    const columns = (q.visibleColumns ?? []).map((c) => c.value);
    for (const [row, cell] of Object.entries(value)) {
      if (!rows.includes(row)) return `row ${json(row)} is not a shown row`;
      if (q.isMultiSelect) {
        if (!Array.isArray(cell)) return `row ${json(row)}: a list of columns is expected`;
        if (new Set(cell).size !== cell.length) return `row ${json(row)}: a column appears twice`;
        if (!cell.every((c) => columns.includes(c))) return `row ${json(row)}: not a column`;
      } else if (!columns.includes(cell)) return `row ${json(row)}: ${json(cell)} is not a column`;
    }
    return null;
  }
  if (type === "multipletext") {
    if (!isObject(value)) return "an object of items is expected";
    for (const [key, cell] of Object.entries(value)) {
      const item = (q.items ?? []).find((i) => i.name === key);
      if (!item) return `item ${json(key)} is not in the question`;
      if (cell === null || cell === undefined) continue;
      const problem = textProblem(item.editor, cell, item.editor.inputType);
      if (problem) return `item ${json(key)}: ${problem}`;
    }
    return null;
  }
  if (type === "matrixdropdown") {
    if (!isObject(value)) return "a table of rows is expected";
    const rows = q.visibleRows ?? [];
    for (const [name, cells] of Object.entries(value)) {
      const row = rows.find((r) => String(r.rowName) === name);
      if (!row) return `row ${json(name)} is not a shown row`;
      const problem = itemProblem(
        (row.cells ?? []).map((c) => ({ key: c.column.name, question: c.question })),
        cells,
      );
      if (problem) return `row ${json(name)}: ${problem}`;
    }
    return null;
  }
  if (type === "matrixdynamic" || type === "paneldynamic") {
    if (!Array.isArray(value)) return "a list of rows is expected";
    const max = type === "matrixdynamic" ? q.maxRowCount : q.maxPanelCount;
    if (max !== undefined && max > 0 && value.length > max) return `more than ${max} rows`;
    const items =
      type === "matrixdynamic"
        ? (q.visibleRows ?? []).map((r) =>
            (r.cells ?? []).map((c) => ({ key: c.column.name, question: c.question })),
          )
        : (q.panels ?? []).map((p) => p.questions.map((pq) => ({ key: pq.getValueName(), question: pq })));
    for (let i = 0; i < value.length; i++) {
      const problem = itemProblem(items[i] ?? [], value[i]);
      if (problem) return `row ${i + 1}: ${problem}`;
    }
    return null;
  }
  return null;
}

/** A row of a matrix or a dynamic panel: known keys, shown questions, values that pass their checks. */
function itemProblem(items: { key: string; question: Q }[], row: unknown): string | null {
  if (!isObject(row)) return "a row must be an object";
  for (const [key, cell] of Object.entries(row)) {
    const item = items.find((i) => i.key === key);
    const owner = items.find(
      (i) => key === i.key + COMMENT && (i.question.hasComment || i.question.hasOther),
    );
    if (!item && !owner) return `${json(key)} is not in the row`;
    if (cell === null || cell === undefined) continue;
    const q = (item ?? owner)?.question as Q;
    if (!q.isVisible) return `${json(key)} is hidden`;
    if (NO_VALUE.has(q.getType())) return `${json(key)} holds no value`;
    const problem = item ? valueProblem(q, cell) : typeof cell === "string" ? null : "a comment must be text";
    if (problem) return `${json(key)}: ${problem}`;
  }
  return null;
}

function choices(q: Q): unknown[] {
  return (q.visibleChoices ?? []).map((c) => c.value);
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const validDay = (y: number, m: number, d: number) => m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
const validTime = (h: number, min: number, s = 0) => h <= 23 && min <= 59 && s <= 59;

/** The numbers a pattern captures (a group that did not match counts as 0), or null without a match. */
function parts(pattern: RegExp, v: string): number[] | null {
  const m = pattern.exec(v);
  return m ? m.slice(1).map((g) => Number(g ?? 0)) : null;
}

/** What an HTML input of each type submits (and so what survey-core stores), checked to the calendar. */
const FORMATS: Record<string, (v: string) => boolean> = {
  date: (v) => {
    const [y = 0, m = 0, d = 0] = parts(/^(\d{4})-(\d{2})-(\d{2})$/, v) ?? [];
    return validDay(y, m, d);
  },
  "datetime-local": (v) => {
    const [y = 0, m = 0, d = 0, h = 0, min = 0, s = 0] =
      parts(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/, v) ?? [];
    return validDay(y, m, d) && validTime(h, min, s);
  },
  time: (v) => {
    const p = parts(/^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/, v);
    return !!p && validTime(p[0] ?? 0, p[1] ?? 0, p[2] ?? 0);
  },
  month: (v) => {
    const [, m = 0] = parts(/^(\d{4})-(\d{2})$/, v) ?? [];
    return m >= 1 && m <= 12;
  },
  week: (v) => {
    const [, w = 0] = parts(/^(\d{4})-W(\d{2})$/, v) ?? [];
    return w >= 1 && w <= 53;
  },
};

function textProblem(q: Q, value: unknown, inputType: string | undefined): string | null {
  if (inputType === "number" || inputType === "range")
    return typeof value === "number" && Number.isFinite(value) ? null : "a finite number is expected";
  if (typeof value !== "string") return "text is expected";
  const format = inputType ? FORMATS[inputType] : undefined;
  if (format && !format(value)) return `${json(value)} is not a valid ${inputType}`;
  const max = q.getMaxLength?.() ?? 0;
  if (max && max > 0 && value.length > max) return `longer than ${max} characters`;
  return null;
}
