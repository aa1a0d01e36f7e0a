import type { NewUnit } from "../store/units.ts";
import { parseCsv } from "./parse-csv.ts";

export const UNIT_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const HEADER = ["code", "name", "kind", "parent_code"];

/** What a line of the file got wrong: `code` and `values` for the manager's language, `message` in English. */
export interface ImportProblem {
  line: number;
  code: ImportProblemCode;
  values: Record<string, string | number>;
  message: string;
}

export type ImportProblemCode =
  | "header"
  | "field_count"
  | "code_format"
  | "empty_name"
  | "empty_kind"
  | "code_exists"
  | "code_repeated"
  | "unknown_parent"
  | "cycle";

const MESSAGES: Record<ImportProblemCode, (v: Record<string, string | number>) => string> = {
  header: () => `the first line must be ${HEADER.join(",")}`,
  field_count: (v) => `expected 4 fields, found ${v.found}`,
  code_format: (v) => `code "${v.code}" must be letters, digits, . _ -`,
  empty_name: () => "empty name",
  empty_kind: () => "empty kind",
  code_exists: (v) => `duplicate code ${v.code}: it exists already`,
  code_repeated: (v) => `duplicate code ${v.code}: also on line ${v.other}`,
  unknown_parent: (v) => `unknown parent ${v.parent}`,
  cycle: (v) => `cycle: ${v.code} is its own ancestor`,
};

function problem(line: number, code: ImportProblemCode, values: Record<string, string | number> = {}) {
  return { line, code, values, message: MESSAGES[code](values) };
}

/**
 * Reads a unit CSV (`code,name,kind,parent_code`) against the codes that exist. Returns the units in an
 * order that creates parents first, or every problem with its line number (and nothing to create).
 */
export function planUnitImport(
  csv: string,
  existing: Set<string>,
): { units: NewUnit[]; problems: [] } | { units: []; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const rows = parseCsv(csv);
  const header = rows[0]?.map((h) => h.trim().toLowerCase());
  if (!header || HEADER.some((h, i) => header[i] !== h))
    return { units: [], problems: [problem(1, "header")] };

  const units: (NewUnit & { line: number })[] = [];
  const lineOf = new Map<string, number>();
  rows.slice(1).forEach((cells, i) => {
    const line = i + 2;
    if (cells.length === 1 && cells[0]?.trim() === "") return;
    if (cells.length !== 4) {
      problems.push(problem(line, "field_count", { found: cells.length }));
      return;
    }
    const [code = "", name = "", kind = "", parent = ""] = cells.map((s) => s.trim().normalize("NFC"));
    if (!UNIT_CODE_PATTERN.test(code)) problems.push(problem(line, "code_format", { code }));
    if (name === "") problems.push(problem(line, "empty_name"));
    if (kind === "") problems.push(problem(line, "empty_kind"));
    if (existing.has(code)) problems.push(problem(line, "code_exists", { code }));
    else if (lineOf.has(code))
      problems.push(problem(line, "code_repeated", { code, other: lineOf.get(code) ?? line }));
    lineOf.set(code, lineOf.get(code) ?? line);
    units.push({ line, code, name, kind, parentCode: parent || null });
  });

  for (const u of units) {
    if (u.parentCode && !existing.has(u.parentCode) && !lineOf.has(u.parentCode))
      problems.push(problem(u.line, "unknown_parent", { parent: u.parentCode }));
  }
  // New units whose parent chain never reaches an existing unit or a root go round in a cycle.
  const parentOf = new Map(units.map((u) => [u.code, u.parentCode]));
  for (const u of units) {
    const seen = new Set<string>();
    let at: string | null | undefined = u.code;
    while (at && parentOf.has(at) && !seen.has(at)) {
      seen.add(at);
      at = parentOf.get(at);
    }
    if (at && seen.has(at)) problems.push(problem(u.line, "cycle", { code: u.code }));
  }
  if (problems.length > 0) return { units: [], problems: problems.sort((a, b) => a.line - b.line) };

  const ordered: NewUnit[] = [];
  const placed = new Set<string>();
  const place = (u: (typeof units)[number]) => {
    if (placed.has(u.code)) return;
    const parent = u.parentCode ? units.find((p) => p.code === u.parentCode) : undefined;
    if (parent) place(parent);
    placed.add(u.code);
    ordered.push({ code: u.code, name: u.name, kind: u.kind, parentCode: u.parentCode });
  };
  for (const u of units) place(u);
  return { units: ordered, problems: [] };
}
