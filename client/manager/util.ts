import type { UnitRow } from "../../api/manager.ts";
import { periodOf, VN_OFFSET_MS } from "../../api/period.ts";

export { atLeast } from "../../api/roles.ts";

/**
 * The units of `rows` (depth-first, as `GET /api/units` gives them) inside the subtree of `code`.
 * When `code` is not among them it lies above every visible unit (a campaign over the province seen
 * by a school), so all of them are inside.
 */
export function subtree(rows: UnitRow[], code: string): UnitRow[] {
  const start = rows.findIndex((u) => u.code === code);
  if (start < 0) return rows;
  const out = [rows[start] as UnitRow];
  for (let i = start + 1; i < rows.length; i++) {
    const u = rows[i] as UnitRow;
    if (u.depth <= (rows[start] as UnitRow).depth) break;
    out.push(u);
  }
  return out;
}

/** Units with no children among `rows` (usually the schools). */
export function leaves(rows: UnitRow[]): UnitRow[] {
  const parents = new Set(rows.map((u) => u.parentCode));
  return rows.filter((u) => !parents.has(u.code));
}

/** An option label indented by depth (a select cannot be styled, so with non-breaking spaces). */
export function indented(u: UnitRow, base = 0): string {
  return `${"\u00a0\u00a0\u00a0".repeat(Math.max(0, u.depth - base))}${u.name} (${u.code})`;
}

/** A `datetime-local` value ("2026-03-01T07:30") for a moment, in Vietnam's time. */
export function toLocalInput(date: Date): string {
  return new Date(date.getTime() + VN_OFFSET_MS).toISOString().slice(0, 16);
}

/** An ISO time with offset for a `datetime-local` value read as Vietnam's time; "" if it is not one. */
export function fromLocalInput(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return "";
  const iso = `${value}:00+07:00`;
  return Number.isNaN(Date.parse(iso)) ? "" : iso;
}

export { periodOf };

/** Period labels to suggest: this half-year, the next, the school year, and the plans' 6/9/12-month reports. */
export function periodSuggestions(now: Date): string[] {
  const current = periodOf(now);
  const next = periodOf(new Date(now.getTime() + 183 * 24 * 3600_000));
  const vn = new Date(now.getTime() + VN_OFFSET_MS);
  const year = vn.getUTCFullYear();
  const start = vn.getUTCMonth() + 1 >= 8 ? year : year - 1;
  return [
    ...new Set([
      current,
      next,
      `Năm học ${start}–${start + 1}`,
      `6 tháng ${year}`,
      `9 tháng ${year}`,
      `Năm ${year}`,
    ]),
  ];
}

/**
 * Names from a roster file: one per line, or a CSV (comma, semicolon or tab; quotes allowed) with an
 * optional header row. The names are the first column, or the column headed "Họ tên"/"name", or the
 * first column that is not just numbers (a "STT" column). Blank lines are dropped.
 */
export function parseRoster(text: string): string[] {
  const rows = text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\n|\r/)
    .map(splitRow)
    .filter((cells) => cells.some((c) => c !== ""));
  if (rows.length === 0) return [];
  const first = rows[0] as string[];
  const headerAt = first.findIndex((c) => NAME_HEADERS.includes(c.toLowerCase()));
  const hasHeader = headerAt >= 0 || first.some((c) => OTHER_HEADERS.includes(c.toLowerCase()));
  const body = hasHeader ? rows.slice(1) : rows;
  let column = headerAt;
  if (column < 0) {
    const width = Math.max(...body.map((r) => r.length), 0);
    column = 0;
    for (let i = 0; i < width; i++) {
      if (body.some((r) => (r[i] ?? "") !== "" && !/^\d+[.)]?$/.test(r[i] ?? ""))) {
        column = i;
        break;
      }
    }
  }
  return body
    .map((r) =>
      (r[column] ?? "")
        .replace(/\s+/g, " ")
        .replace(/^\d+[.)]\s+/, "")
        .trim()
        .slice(0, 200),
    )
    .filter((name) => name !== "");
}

function splitRow(line: string): string[] {
  const delimiter = line.includes("\t") ? "\t" : line.includes(";") && !line.includes(",") ? ";" : ",";
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (ch === delimiter) {
      cells.push(cell.trim());
      cell = "";
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

const NAME_HEADERS = [
  "họ tên",
  "họ và tên",
  "ho ten",
  "ho va ten",
  "tên",
  "ten",
  "name",
  "full name",
  "holder",
];
const OTHER_HEADERS = ["stt", "tt", "no", "no.", "#", "chức vụ", "email", "điện thoại"];
