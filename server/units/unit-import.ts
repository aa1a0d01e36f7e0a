import type { NewUnit } from "../store/units.ts";
import { parseCsv } from "./parse-csv.ts";

export const UNIT_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const HEADER = ["code", "name", "kind", "parent_code"];

export interface ImportProblem {
  line: number;
  message: string;
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
    return { units: [], problems: [{ line: 1, message: `the first line must be ${HEADER.join(",")}` }] };

  const units: (NewUnit & { line: number })[] = [];
  const lineOf = new Map<string, number>();
  rows.slice(1).forEach((cells, i) => {
    const line = i + 2;
    if (cells.length === 1 && cells[0]?.trim() === "") return;
    if (cells.length !== 4) {
      problems.push({ line, message: `expected 4 fields, found ${cells.length}` });
      return;
    }
    const [code = "", name = "", kind = "", parent = ""] = cells.map((s) => s.trim().normalize("NFC"));
    if (!UNIT_CODE_PATTERN.test(code))
      problems.push({ line, message: `code "${code}" must be letters, digits, . _ -` });
    if (name === "") problems.push({ line, message: "empty name" });
    if (kind === "") problems.push({ line, message: "empty kind" });
    if (existing.has(code)) problems.push({ line, message: `duplicate code ${code}: it exists already` });
    else if (lineOf.has(code))
      problems.push({ line, message: `duplicate code ${code}: also on line ${lineOf.get(code)}` });
    lineOf.set(code, lineOf.get(code) ?? line);
    units.push({ line, code, name, kind, parentCode: parent || null });
  });

  for (const u of units) {
    if (u.parentCode && !existing.has(u.parentCode) && !lineOf.has(u.parentCode))
      problems.push({ line: u.line, message: `unknown parent ${u.parentCode}` });
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
    if (at && seen.has(at)) problems.push({ line: u.line, message: `cycle: ${u.code} is its own ancestor` });
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
