import { AnswerRequiredError, Helpers } from "survey-core";
import type { CoreQuestion } from "./core-model.ts";
import type { MessageKey } from "./messages.ts";
import { isPlainObject, type Problem, type ValueCheck, valueCheck } from "./value-checks.ts";

// A dynamic matrix compiled (compile-validator.ts): its value is a list of rows, each row an object of
// cells. Only the columns compile-support.ts lets through (text or comment cells with static flags and
// no validators), so a cell's checks are those of a top-level text question, taken from survey-core's own
// cell question. What survey-core adds around the cells was read from its QuestionMatrixDynamicModel and
// checked against it by test/external-forms.test.ts: a matrix with no value shows `rowCount` empty rows
// (an empty list shows none), each shown row's cells are validated, and a required matrix also wants a
// value and at least `minRowCount` rows that are not empty.

/** survey-core's emptiness of a cell or value: blank text counts as empty. */
export const isEmpty = (value: unknown) =>
  Helpers.isValueEmpty(typeof value === "string" ? value.trim() : value);

/** A question's checks beyond "required" (other text, min/max, validators), as compile-validator.ts builds them. */
export type CoreErrors = (value: unknown) => string[];

interface Column {
  name: string;
  required: boolean;
  requiredText: string;
  check: ValueCheck;
  coreErrors: CoreErrors;
}

export interface DynamicPlan {
  /** The server's check of the value's shape (a list of rows of known cells), as valueCheck gives it. */
  check: ValueCheck;
  /** survey-core's errors for the matrix and its cells, given whether the matrix is required now. */
  errors(value: unknown, required: boolean): string[];
}

export function compileMatrixDynamic(
  q: CoreQuestion,
  cellErrors: (cell: CoreQuestion) => CoreErrors,
): DynamicPlan {
  const defaultRows = q.rowCount;
  const max = q.maxRowCount;
  const min = q.minRowCount;
  // The plan's own model: one row is enough to read each column's cell question.
  if (q.visibleRows.length === 0) q.rowCount = 1;
  const columns: Column[] = (q.visibleRows[0]?.cells ?? []).map(({ column, question }) => ({
    name: column.name,
    required: question.isRequired,
    requiredText: new AnswerRequiredError(question.requiredErrorText, question).getText(),
    check: valueCheck(question),
    coreErrors: cellErrors(question),
  }));
  const byName = new Map(columns.map((c) => [c.name, c]));
  const requiredText = new AnswerRequiredError(q.requiredErrorText, q).getText();
  const minRowsText = q.getLocalizationFormatString("minRowCountError", min);

  const rowProblem = (row: unknown): Problem => {
    if (!isPlainObject(row)) return { key: "notTable" };
    for (const [key, cell] of Object.entries(row)) {
      const column = byName.get(key);
      if (!column) return { key: "unknownCell" satisfies MessageKey, params: { key } };
      if (cell === null || cell === undefined) continue;
      const problem = column.check(cell);
      if (problem) return problem;
    }
    return null;
  };
  const check: ValueCheck = (v) => {
    if (!Array.isArray(v)) return { key: "notList" };
    if (max > 0 && v.length > max) return { key: "tooManyRows", params: { n: max } };
    for (const row of v) {
      const problem = rowProblem(row);
      if (problem) return problem;
    }
    return null;
  };

  const errors = (value: unknown, required: boolean): string[] => {
    const rows: unknown[] = Array.isArray(value) ? value : Array.from({ length: defaultRows }, () => ({}));
    const out: string[] = [];
    if (required && isEmpty(value)) out.push(requiredText);
    if (required && min > 0) {
      const filled = rows.filter((row) =>
        columns.some((c) => !isEmpty((row as Record<string, unknown>)[c.name])),
      );
      if (filled.length < min) out.push(minRowsText);
    }
    for (const row of rows) {
      for (const column of columns) {
        const cell = (row as Record<string, unknown>)[column.name];
        if (column.required && isEmpty(cell)) out.push(column.requiredText);
        else out.push(...column.coreErrors(cell));
      }
    }
    return out;
  };
  return { check, errors };
}
