import { problem, type SheetProblem, type TemplateSheets } from "./sheet-template.ts";
import { sheetsToForm } from "./sheet-to-form.ts";
import type { FormJson } from "./types.ts";
import { checkUpload } from "./upload.ts";

export interface SheetImport {
  formId: string;
  form: FormJson;
  problems: SheetProblem[];
}

/**
 * Rows → form, then the same check a JSON upload gets; its findings are placed on the row of the
 * question they name (or on no row), so a publishable preview has no problems at all.
 */
export function importSheets(sheets: TemplateSheets): SheetImport {
  const { formId, json, problems, rowOf } = sheetsToForm(sheets);
  const verdict = checkUpload(formId || "x-form", json);
  if (!verdict.ok)
    for (const message of verdict.problems) {
      const named = [...rowOf.keys()].find((name) => message.includes(`"${name}"`));
      const row = named === undefined ? null : (rowOf.get(named) ?? null);
      problems.push(problem(row === null ? null : "items", row, null, `biểu mẫu chưa hợp lệ (${message})`));
    }
  return { formId, form: json, problems };
}
