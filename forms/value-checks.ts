import { settings } from "survey-core";
import type { CoreMatrixRow, CoreQuestion } from "./core-model.ts";
import { INPUT_FORMATS } from "./input-formats.ts";
import type { MessageKey } from "./messages.ts";
import {
  MULTI_CHOICE_TYPES,
  NO_VALUE_TYPES,
  NUMBER_INPUTS,
  REMOTE_CHOICE_MAX_ITEMS,
  REMOTE_CHOICE_MAX_LENGTH,
  SINGLE_CHOICE_TYPES,
} from "./question-types.ts";
import type { Answers } from "./types.ts";

// The server's checks of one answer's value, beyond survey-core's own: its type, its choices or rating
// values, its format and length, a matrix's rows and columns, nested rows and panels. Strict equality and
// no coercion: survey-core compares choices loosely ("3" equals 3); the Sets' SameValueZero differs from
// `===` only on NaN, which JSON cannot carry. compile-validator.ts builds the checks once per form
// version; validate.ts (the fallback) builds them from a model holding the answers.

/** Why a value is refused (a message key and its parameters), or null when it passes. */
export type Problem = { key: MessageKey; params?: Record<string, string | number> } | null;
export type ValueCheck = (value: unknown) => Problem;

const pass: ValueCheck = () => null;

/**
 * The check of a shown question's value, from the question as its model shows it now (visible choices
 * and rows). Types without one (expression: survey-core recomputes it) accept any value.
 */
export function valueCheck(q: CoreQuestion): ValueCheck {
  const type = q.getType();
  if (type === "rating") {
    const values = q.visibleRateValues.map((i) => i.value);
    const allowed = new Set(values);
    const params = { values: values.join(", ") };
    return (v) => (allowed.has(v) ? null : { key: "ratingRange", params });
  }
  if (SINGLE_CHOICE_TYPES.has(type) || (type === "imagepicker" && !q.multiSelect)) {
    if (hasRemoteChoices(q)) return remoteChoice;
    const allowed = choiceValues(q);
    return (v) => (allowed.has(v) ? null : { key: "notChoice" });
  }
  // A ranking's value is the choices in the respondent's order: a list of distinct choices too.
  if (MULTI_CHOICE_TYPES.has(type) || type === "imagepicker" || type === "ranking") {
    const remote = hasRemoteChoices(q);
    const allowed = remote ? undefined : choiceValues(q);
    const max = remote ? capped(q.maxSelectedChoices, REMOTE_CHOICE_MAX_ITEMS) : q.maxSelectedChoices;
    return (v) => {
      if (!Array.isArray(v)) return { key: "notList" };
      if (new Set(v).size !== v.length) return { key: "duplicate" };
      if (max > 0 && v.length > max) return { key: "tooMany", params: { n: max } };
      if (!allowed) {
        for (const c of v) {
          const problem = remoteChoice(c);
          if (problem) return problem;
        }
        return null;
      }
      return v.every((c) => allowed.has(c)) ? null : { key: "notChoice" };
    };
  }
  if (type === "boolean") {
    const yes = q.getValueTrue();
    const no = q.getValueFalse();
    return (v) => (v === yes || v === no ? null : { key: "notBoolean" });
  }
  if (type === "text" || type === "comment") return textCheck(q);
  // What survey-core's own inputs produce: a data URL for a signature, a list of files for a file input.
  if (type === "signaturepad") return (v) => (typeof v === "string" ? null : { key: "notText" });
  if (type === "file") {
    return (v) => {
      if (!Array.isArray(v)) return { key: "notList" };
      return v.every(isFileItem) ? null : { key: "badFormat" };
    };
  }
  if (type === "matrix") return matrixCheck(q);
  if (type === "multipletext") {
    return (v) => {
      if (!isPlainObject(v)) return { key: "notTable" };
      for (const [key, cell] of Object.entries(v)) {
        const item = q.items.find((i) => i.name === key);
        if (!item) return { key: "unknownCell", params: { key } };
        if (cell === null || cell === undefined) continue;
        const problem = textCheck(item.editor)(cell);
        if (problem) return problem;
      }
      return null;
    };
  }
  if (type === "matrixdropdown") {
    return (v) => {
      if (!isPlainObject(v)) return { key: "notTable" };
      for (const [name, cells] of Object.entries(v)) {
        const row = q.visibleRows.find((r) => String(r.rowName) === name);
        if (!row) return { key: "unknownRow", params: { row: name } };
        const problem = rowProblem(cellsOf(row), cells);
        if (problem) return problem;
      }
      return null;
    };
  }
  if (type === "matrixdynamic") {
    return (v) =>
      listProblem(v, q.maxRowCount, (i) => {
        const row = q.visibleRows[i];
        return row ? cellsOf(row) : [];
      });
  }
  if (type === "paneldynamic") {
    return (v) =>
      listProblem(v, q.maxPanelCount, (i) =>
        (q.panels[i]?.questions ?? []).map((question) => ({ key: question.getValueName(), question })),
      );
  }
  return pass;
}

/** A simple matrix: known rows (visibleRows honour rowsVisibleIf; a row's name is its value), known columns. */
function matrixCheck(q: CoreQuestion): ValueCheck {
  const rows = new Set(q.visibleRows.map((r) => String(r.name)));
  const columns = new Set(q.visibleColumns.map((c) => c.value));
  // cellType "checkbox": several columns per row.
  const multi = q.isMultiSelect;
  return (v) => {
    if (!isPlainObject(v)) return { key: "notTable" };
    for (const [row, cell] of Object.entries(v)) {
      if (!rows.has(row)) return { key: "unknownRow", params: { row } };
      if (multi) {
        if (!Array.isArray(cell)) return { key: "notList" };
        if (new Set(cell).size !== cell.length) return { key: "duplicate" };
        if (!cell.every((c) => columns.has(c))) return { key: "notChoice" };
      } else if (!columns.has(cell)) return { key: "notChoice" };
    }
    return null;
  };
}

/** A row of a matrix with cells, or one dynamic panel: its questions by the key of their value. */
type RowQuestions = { key: string; question: CoreQuestion }[];
const cellsOf = (row: CoreMatrixRow): RowQuestions =>
  row.cells.map((c) => ({ key: c.column.name, question: c.question }));

/** A list of rows (dynamic matrix or panel), at most `max`, each checked against its own questions. */
function listProblem(value: unknown, max: number, questionsOf: (index: number) => RowQuestions): Problem {
  if (!Array.isArray(value)) return { key: "notList" };
  if (max > 0 && value.length > max) return { key: "tooManyRows", params: { n: max } };
  for (let i = 0; i < value.length; i++) {
    const problem = rowProblem(questionsOf(i), value[i]);
    if (problem) return problem;
  }
  return null;
}

/**
 * One row's values: every key names a question of the row (or its comment), the question is shown, and
 * the value passes the same checks as at the top level.
 */
function rowProblem(questions: RowQuestions, row: unknown): Problem {
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
    const problem = valueCheck(q)(cell);
    if (problem) return problem;
  }
  return null;
}

/** A text answer: a finite number for number inputs, else text in the input's format, within maxLength. */
function textCheck(q: CoreQuestion): ValueCheck {
  const inputType = q.getType() === "comment" ? undefined : q.inputType;
  const format = inputType ? INPUT_FORMATS[inputType] : undefined;
  const maxLength = q.getMaxLength() ?? 0;
  if (inputType && NUMBER_INPUTS.has(inputType))
    return (v) => (typeof v === "number" && Number.isFinite(v) ? null : { key: "notNumber" });
  return (v) => {
    if (typeof v !== "string") return { key: "notText" };
    if (format && !format(v)) return { key: "badFormat" };
    return maxLength > 0 && v.length > maxLength ? { key: "tooLong", params: { n: maxLength } } : null;
  };
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

const choiceValues = (q: CoreQuestion) => new Set(q.visibleChoices.map((c) => c.value));
const hasRemoteChoices = (q: CoreQuestion) => !!q.choicesByUrl?.url;
const capped = (max: number, cap: number) => (max > 0 ? Math.min(max, cap) : cap);

/**
 * One choice of a web service's list, which the server does not know: kept as capped text (a finite
 * number too, as a service's numeric ids give it), never an object or a list.
 */
const remoteChoice: ValueCheck = (v) => {
  if (typeof v === "number") return Number.isFinite(v) ? null : { key: "notText" };
  if (typeof v !== "string") return { key: "notText" };
  return v.length > REMOTE_CHOICE_MAX_LENGTH
    ? { key: "tooLong", params: { n: REMOTE_CHOICE_MAX_LENGTH } }
    : null;
};

/** A JSON object (not null, not a list). */
export function isPlainObject(v: unknown): v is Answers {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
