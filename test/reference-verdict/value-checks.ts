// The server's extra checks, as the reference verdict (test/reference-verdict.ts) states them: strict
// `===` and no type coercion for ratings, choices, matrices, dynamic panels, text formats and dates.
import type { ItemValue } from "survey-core";
import { REMOTE_CHOICE_MAX_ITEMS, REMOTE_CHOICE_MAX_LENGTH } from "../../forms/question-types.ts";

/** The survey-core members read here (spread over many survey-core classes). */
export interface Q {
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

export const NO_VALUE = new Set(["html", "image"]);
export const COMMENT = "-Comment";

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
export const json = (v: unknown) => JSON.stringify(v) ?? "undefined";
/** A choice from a web service the server never asks: text or a finite number, of bounded length. */
function remoteProblem(value: unknown): string | null {
  if (typeof value === "number") return Number.isFinite(value) ? null : "a remote choice is not a number";
  if (typeof value !== "string") return `${json(value)} is not text or a number`;
  return value.length > REMOTE_CHOICE_MAX_LENGTH ? `longer than ${REMOTE_CHOICE_MAX_LENGTH}` : null;
}
export const jsonClone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
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
    if (q.choicesByUrl?.url) return remoteProblem(value);
    return choices(q).includes(value) ? null : `${json(value)} is not a choice`;
  }
  if (type === "checkbox" || type === "tagbox" || type === "imagepicker" || type === "ranking") {
    if (!Array.isArray(value)) return "a list is expected";
    if (new Set(value).size !== value.length) return "a choice appears twice";
    const remote = !!q.choicesByUrl?.url;
    const own = q.maxSelectedChoices ?? 0;
    const max = remote && !(own > 0 && own < REMOTE_CHOICE_MAX_ITEMS) ? REMOTE_CHOICE_MAX_ITEMS : own;
    if (max > 0 && value.length > max) return `more than ${max} choices`;
    if (remote) return value.map(remoteProblem).find((p) => p !== null) ?? null;
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
export function itemProblem(items: { key: string; question: Q }[], row: unknown): string | null {
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

export function choices(q: Q): unknown[] {
  return (q.visibleChoices ?? []).map((c) => c.value);
}

export const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
export const validDay = (y: number, m: number, d: number) => m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
export const validTime = (h: number, min: number, s = 0) => h <= 23 && min <= 59 && s <= 59;

/** The numbers a pattern captures (a group that did not match counts as 0), or null without a match. */
export function parts(pattern: RegExp, v: string): number[] | null {
  const m = pattern.exec(v);
  return m ? m.slice(1).map((g) => Number(g ?? 0)) : null;
}

/** What an HTML input of each type submits (and so what survey-core stores), checked to the calendar. */
export const FORMATS: Record<string, (v: string) => boolean> = {
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

export function textProblem(q: Q, value: unknown, inputType: string | undefined): string | null {
  if (inputType === "number" || inputType === "range")
    return typeof value === "number" && Number.isFinite(value) ? null : "a finite number is expected";
  if (typeof value !== "string") return "text is expected";
  const format = inputType ? FORMATS[inputType] : undefined;
  if (format && !format(value)) return `${json(value)} is not a valid ${inputType}`;
  const max = q.getMaxLength?.() ?? 0;
  if (max && max > 0 && value.length > max) return `longer than ${max} characters`;
  return null;
}
