import type { FormJson } from "../forms/types.ts";

/** One thing wrong with an uploaded criteria spreadsheet; `message` starts with its place ("Dòng 12, cột Thang điểm: …"). */
export interface ImportProblem {
  /** "settings" (Thiết lập) or "items" (Câu hỏi); null when the problem concerns the whole form. */
  sheet: "settings" | "items" | null;
  /** The line in that sheet (1 = its first row), or null. */
  row: number | null;
  /** The column's header (items) or letter (settings), or null. */
  column: string | null;
  message: string;
}

/** `POST /api/forms/import` → 200: the form the file describes; nothing is stored. */
export interface FormImportPreview {
  formId: string;
  form: FormJson;
  /** Empty when the form can be published as it is. */
  problems: ImportProblem[];
  /** The content version the form would get. */
  version: string;
  /** The newest stored version of `formId`: null for a new form; equal to `version` when nothing changed. */
  currentVersion: string | null;
}
