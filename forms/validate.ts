import { type ItemValue, Model, type Question, settings } from "survey-core";
import { type MessageKey, message } from "./messages.ts";
import { registerFormProperties } from "./survey-properties.ts";
import type { AnswerError, Answers, FormJson, Locale } from "./types.ts";

/** Types that show content but hold no answer. */
const NO_VALUE_TYPES = new Set(["html", "image"]);
const SINGLE_CHOICE_TYPES = new Set(["radiogroup", "dropdown", "buttongroup"]);
const MULTI_CHOICE_TYPES = new Set(["checkbox", "tagbox"]);

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

  const byName = new Map<string, Question>();
  for (const q of model.getAllQuestions()) byName.set(q.getValueName(), q);
  const commentOwners = new Map<string, Question>();
  for (const q of model.getAllQuestions()) {
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
    const problem = checkValue(q, value);
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
  for (const q of model.getAllQuestions(false, false, true)) {
    const owner = topOwner(q);
    if (reported.has(owner)) continue;
    for (const err of q.errors) errors.push({ question: owner, message: err.getText() });
  }
  for (const panel of model.getAllPanels(false, true) as unknown as (SurveyElement &
    Pick<Question, "errors">)[]) {
    const owner = topOwner(panel);
    if (reported.has(owner)) continue;
    for (const err of panel.errors) errors.push({ question: owner, message: err.getText() });
  }
  return errors;
}

interface SurveyElement {
  name: string;
  parentQuestion?: unknown;
  getValueName?: () => string;
}

/** The value name of the top-level question around a nested one (matrix cell, dynamic panel question). */
function topOwner(element: SurveyElement): string {
  let top = element;
  while (top.parentQuestion) top = top.parentQuestion as SurveyElement;
  return top.getValueName ? top.getValueName() : top.name;
}

export type Problem = { key: MessageKey; params?: Record<string, string | number> } | null;

function checkValue(q: Question, value: unknown): Problem {
  const type = q.getType();
  if (type === "rating") {
    const values = (q as unknown as { visibleRateValues: ItemValue[] }).visibleRateValues.map((i) => i.value);
    return values.some((v) => v === value)
      ? null
      : { key: "ratingRange", params: { values: values.join(", ") } };
  }
  if (SINGLE_CHOICE_TYPES.has(type) || (type === "imagepicker" && !q.multiSelect)) {
    if (hasRemoteChoices(q)) return null;
    return choiceValues(q).some((v) => v === value) ? null : { key: "notChoice" };
  }
  // A ranking's value is the choices in the respondent's order: a list of distinct choices too.
  if (MULTI_CHOICE_TYPES.has(type) || type === "imagepicker" || type === "ranking") {
    if (!Array.isArray(value)) return { key: "notList" };
    if (new Set(value).size !== value.length) return { key: "duplicate" };
    const max = (q as unknown as { maxSelectedChoices: number }).maxSelectedChoices;
    if (max > 0 && value.length > max) return { key: "tooMany", params: { n: max } };
    if (hasRemoteChoices(q)) return null;
    const allowed = choiceValues(q);
    return value.every((v) => allowed.some((a) => a === v)) ? null : { key: "notChoice" };
  }
  if (type === "boolean") {
    const b = q as unknown as { getValueTrue(): unknown; getValueFalse(): unknown };
    return value === b.getValueTrue() || value === b.getValueFalse() ? null : { key: "notBoolean" };
  }
  if (type === "text" || type === "comment") return checkText(q, value);
  // What survey-core's own inputs produce: a data URL for a signature, a list of files for a file input.
  if (type === "signaturepad") return typeof value === "string" ? null : { key: "notText" };
  if (type === "file") {
    if (!Array.isArray(value)) return { key: "notList" };
    return value.every(isFileItem) ? null : { key: "badFormat" };
  }
  if (type === "matrix") {
    if (!isPlainObject(value)) return { key: "notTable" };
    // visibleRows are row models (honouring rowsVisibleIf); their name is the row's value.
    const m = q as unknown as {
      visibleRows: { name: unknown }[];
      visibleColumns: ItemValue[];
      isMultiSelect: boolean;
    };
    const rows = m.visibleRows.map((r) => String(r.name));
    const columns = m.visibleColumns.map((c) => c.value);
    const isColumn = (cell: unknown) => columns.some((c) => c === cell);
    for (const [row, cell] of Object.entries(value)) {
      if (!rows.includes(row)) return { key: "unknownRow", params: { row } };
      // cellType "checkbox": several columns per row.
      if (m.isMultiSelect) {
        if (!Array.isArray(cell)) return { key: "notList" };
        if (new Set(cell).size !== cell.length) return { key: "duplicate" };
        if (!cell.every(isColumn)) return { key: "notChoice" };
      } else if (!isColumn(cell)) return { key: "notChoice" };
    }
    return null;
  }
  if (type === "multipletext") {
    if (!isPlainObject(value)) return { key: "notTable" };
    const items = (q as unknown as { items: { name: string; editor: Question }[] }).items;
    for (const [key, cell] of Object.entries(value)) {
      const item = items.find((i) => i.name === key);
      if (!item) return { key: "unknownCell", params: { key } };
      if (cell === null || cell === undefined) continue;
      const problem = checkText(item.editor, cell);
      if (problem) return problem;
    }
    return null;
  }
  if (type === "matrixdropdown") {
    if (!isPlainObject(value)) return { key: "notTable" };
    const rows = (q as unknown as { visibleRows: MatrixRow[] }).visibleRows;
    for (const [name, cells] of Object.entries(value)) {
      const row = rows.find((r) => String(r.rowName) === name);
      if (!row) return { key: "unknownRow", params: { row: name } };
      const problem = checkRow(cellsOf(row), cells);
      if (problem) return problem;
    }
    return null;
  }
  if (type === "matrixdynamic") {
    const m = q as unknown as { visibleRows: MatrixRow[]; maxRowCount: number };
    return checkList(value, m.maxRowCount, (i) => {
      const row = m.visibleRows[i];
      return row ? cellsOf(row) : [];
    });
  }
  if (type === "paneldynamic") {
    const p = q as unknown as { panels: { questions: Question[] }[]; maxPanelCount: number };
    return checkList(value, p.maxPanelCount, (i) =>
      (p.panels[i]?.questions ?? []).map((question) => ({ key: question.getValueName(), question })),
    );
  }
  return null;
}

/** A row of a matrix with cells, or one dynamic panel: its questions by the key of their value. */
type RowQuestions = { key: string; question: Question }[];
interface MatrixRow {
  rowName: unknown;
  cells: { column: { name: string }; question: Question }[];
}
const cellsOf = (row: MatrixRow): RowQuestions =>
  row.cells.map((c) => ({ key: c.column.name, question: c.question }));

/** A list of rows (dynamic matrix or panel), at most `max`, each checked against its own questions. */
function checkList(value: unknown, max: number, questionsOf: (index: number) => RowQuestions): Problem {
  if (!Array.isArray(value)) return { key: "notList" };
  if (max > 0 && value.length > max) return { key: "tooManyRows", params: { n: max } };
  for (let i = 0; i < value.length; i++) {
    const problem = checkRow(questionsOf(i), value[i]);
    if (problem) return problem;
  }
  return null;
}

/**
 * One row's values: every key names a question of the row (or its comment), the question is shown, and
 * the value passes the same checks as at the top level.
 */
function checkRow(questions: RowQuestions, row: unknown): Problem {
  if (!isPlainObject(row)) return { key: "notTable" };
  const suffix = settings.commentSuffix;
  for (const [key, cell] of Object.entries(row)) {
    const own = questions.find((c) => c.key === key)?.question;
    const owner = own
      ? undefined
      : questions.find((c) => key === c.key + suffix && (c.question.hasComment || c.question.hasOther))
          ?.question;
    const q = own ?? owner;
    if (!q) return { key: "unknownCell", params: { key } };
    if (cell === null || cell === undefined) continue;
    if (NO_VALUE_TYPES.has(q.getType())) return { key: "noValue" };
    if (!q.isVisible) return { key: "hiddenCell", params: { key } };
    if (owner) {
      if (typeof cell !== "string") return { key: "notText" };
      continue;
    }
    const problem = checkValue(q, cell);
    if (problem) return problem;
  }
  return null;
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const isDay = (y: string, m: string, d: string) =>
  +m >= 1 && +m <= 12 && +d >= 1 && +d <= daysInMonth(+y, +m);
const isTime = (h: string, m: string, s = "0") => +h <= 23 && +m <= 59 && +s <= 59;

/** What the HTML date and time inputs submit (so what survey-core stores), down to real calendar days. */
export const INPUT_FORMATS: Record<string, (value: string) => boolean> = {
  date: (v) => {
    const m = v.match(/^(\d{4})-(\d{2})-(\d{2})$/);
    return !!m && isDay(m[1] as string, m[2] as string, m[3] as string);
  },
  "datetime-local": (v) => {
    const m = v.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/);
    return (
      !!m &&
      isDay(m[1] as string, m[2] as string, m[3] as string) &&
      isTime(m[4] as string, m[5] as string, m[6])
    );
  },
  time: (v) => {
    const m = v.match(/^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/);
    return !!m && isTime(m[1] as string, m[2] as string, m[3]);
  },
  month: (v) => {
    const m = v.match(/^\d{4}-(\d{2})$/);
    return !!m && +(m[1] as string) >= 1 && +(m[1] as string) <= 12;
  },
  week: (v) => {
    const m = v.match(/^\d{4}-W(\d{2})$/);
    return !!m && +(m[1] as string) >= 1 && +(m[1] as string) <= 53;
  },
};

function checkText(q: Question, value: unknown): Problem {
  const inputType =
    q.getType() === "comment" ? undefined : (q as unknown as { inputType?: string }).inputType;
  const format = inputType ? INPUT_FORMATS[inputType] : undefined;
  const max = (q as unknown as { getMaxLength(): number | null }).getMaxLength() ?? 0;
  return checkTextValue(value, inputType, format, max);
}

/** A text answer: a finite number for number inputs, else text in the input's format, within maxLength. */
export function checkTextValue(
  value: unknown,
  inputType: string | undefined,
  format: ((value: string) => boolean) | undefined,
  maxLength: number,
): Problem {
  if (inputType === "number" || inputType === "range") {
    return typeof value === "number" && Number.isFinite(value) ? null : { key: "notNumber" };
  }
  if (typeof value !== "string") return { key: "notText" };
  if (format && !format(value)) return { key: "badFormat" };
  return maxLength > 0 && value.length > maxLength ? { key: "tooLong", params: { n: maxLength } } : null;
}

const FILE_KEYS = new Set(["name", "type", "content"]);
/** One uploaded file as survey-core stores it: `{ name, type?, content? }`, all text. */
function isFileItem(item: unknown): boolean {
  return (
    isPlainObject(item) &&
    typeof item.name === "string" &&
    Object.entries(item).every(([k, v]) => FILE_KEYS.has(k) && typeof v === "string")
  );
}

function choiceValues(q: Question): unknown[] {
  return (q as unknown as { visibleChoices: ItemValue[] }).visibleChoices.map((c) => c.value);
}

function hasRemoteChoices(q: Question): boolean {
  return !!(q as unknown as { choicesByUrl?: { url?: string } }).choicesByUrl?.url;
}

function isPlainObject(v: unknown): v is Answers {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
