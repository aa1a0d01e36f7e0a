import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { FormJson } from "../../forms/types.ts";
import { listElements, localize } from "../../forms/walk.ts";
import type { Store } from "../store/store.ts";
import type { Campaign } from "../store/types.ts";

const PAGE = 1000;
const NO_ANSWER_TYPES = new Set(["html", "image", "panel", "paneldynamic-template", "expression"]);
const LONG_TEXT_TYPES = new Set([
  "comment",
  "text",
  "multipletext",
  "matrix",
  "matrixdropdown",
  "matrixdynamic",
]);

/** A cell as stored: numbers stay numbers (so SUM and pivots work), dates are "YYYY-MM-DD" strings. */
export type Cell = string | number | null;

/**
 * One column of an export. `id` is the machine name (question name, `score_TC1`…), `title` what a
 * manager reads (the question's Vietnamese text); CSV writes "title [id]", XLSX the title with the ids
 * on a sheet of their own.
 */
export interface ExportColumn {
  id: string;
  title: string;
  /** date: a Vietnam calendar day; score: 0–100; long: free text (wider in XLSX). */
  kind: "unit_code" | "unit_name" | "date" | "answer" | "long" | "score" | "level";
  /** The criterion a question or score belongs to, if any. */
  criterion?: string;
}

export interface ExportScope {
  campaign: Campaign;
  form: FormJson;
  /** Units whose released responses to export: a shown unit's subtree, or none (a withheld unit). */
  units: { id: number; code: string; name: string }[];
  /** Units whose results are shown: only they are named; others get blank unit columns. */
  namedUnits: Set<number>;
}

/** The columns of a form's export, in the order of the rows' cells. */
export function exportColumns(form: FormJson): ExportColumn[] {
  const questions: ExportColumn[] = listElements(form)
    .filter((el) => el.name && el.type && !NO_ANSWER_TYPES.has(el.type))
    .map((el) => ({
      id: el.name as string,
      title: oneLine(localize(el.title, "default")) || (el.name as string),
      kind: LONG_TEXT_TYPES.has(el.type as string) ? "long" : "answer",
      ...(typeof el.criterion === "string" ? { criterion: el.criterion } : {}),
    }));
  const criteria: ExportColumn[] = (form.criteria ?? []).map((c) => ({
    id: `score_${c.id}`,
    title: `Điểm ${c.id}: ${oneLine(localize(c.title, "default"))}`.replace(/: $/, ""),
    kind: "score",
    criterion: c.id,
  }));
  return [
    { id: "unit_code", title: "Mã đơn vị", kind: "unit_code" },
    { id: "unit_name", title: "Tên đơn vị", kind: "unit_name" },
    { id: "released_on", title: "Ngày công bố (giờ Việt Nam)", kind: "date" },
    ...questions,
    ...criteria,
    { id: "score_total", title: "Điểm chung", kind: "score" },
    { id: "level", title: "Mức đánh giá", kind: "level" },
  ];
}

/**
 * One row per released response (store/release.ts), read and handed on a page (1,000 rows) at a time,
 * yielding to the event loop between pages: an async step per row cost more than writing the row. No
 * code, holder, revision or time finer than the day of release; rows by unit, and within a unit in
 * random order, never by submission.
 */
export async function* exportRows(store: Store, scope: ExportScope): AsyncGenerator<Cell[][]> {
  const columns = exportColumns(scope.form);
  const questions = columns.filter((c) => c.kind === "answer" || c.kind === "long").map((c) => c.id);
  const criteria = (scope.form.criteria ?? []).map((c) => c.id);
  for (const unit of scope.units) {
    const named = scope.namedUnits.has(unit.id);
    const code = named ? unit.code : "";
    const name = named ? unit.name : "";
    let after: { sortKey: number; responseId: number } | null = null;
    for (;;) {
      const page = await store.releases.exportPage(scope.campaign.id, unit.id, after, PAGE);
      if (page.length === 0) break;
      const rows: Cell[][] = [];
      for (const r of page) {
        const answers = JSON.parse(r.answers) as Record<string, unknown>;
        const row: Cell[] = [code, name, r.released_on];
        for (const q of questions) row.push(cell(answers[q]));
        for (const id of criteria) row.push(r.scores[id] ?? null);
        row.push(r.total ?? null, r.level ?? null);
        rows.push(row);
      }
      yield rows;
      const last = page[page.length - 1];
      after = last ? { sortKey: last.sort_key, responseId: last.response_id } : after;
      await yieldToEventLoop();
    }
  }
}

export function exportFileName(campaign: Campaign, form: FormJson, unitCode: string, ext: string): string {
  const title = localize(form.title, "default") || campaign.formId;
  const safe = `${title} ${campaign.period} ${unitCode}`
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D");
  return `${safe
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 100)}.${ext}`;
}

/** An answer as a cell: a number stays a number; lists are joined, other objects written as JSON. */
function cell(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string") return value;
  if (Array.isArray(value))
    return value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join("; ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** A header on one line: a title's line breaks would make a CSV header a surprise in Excel. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
