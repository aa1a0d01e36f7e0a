import type { CodeRow } from "../../../../api/manager.ts";

export interface CodeListTexts {
  header: string[];
  kind: (row: CodeRow) => string;
  answered: (row: CodeRow) => string;
  state: (row: CodeRow) => string;
}

/**
 * The code list as a CSV file for Excel: masked codes only (issue 13: a code is shown in full once, when
 * made), a BOM so Excel reads UTF-8, CRLF lines, and cells that start like a formula quoted harmless.
 */
export function codeListCsv(rows: CodeRow[], texts: CodeListTexts): string {
  const lines = [texts.header];
  for (const r of rows)
    lines.push([
      r.mask,
      r.unitCode,
      r.holder ?? "",
      texts.kind(r),
      texts.answered(r),
      r.responses === null ? "" : String(r.responses),
      texts.state(r),
    ]);
  return `\uFEFF${lines.map((cells) => cells.map(cell).join(",")).join("\r\n")}\r\n`;
}

function cell(value: string): string {
  // A holder typed as "=HYPERLINK(…)" must stay text in Excel.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Offers a text as a file to save. */
export function downloadText(name: string, text: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
