import type { Cell, ExportColumn } from "./rows.ts";

/** Where rows of units that are not named go (their unit columns are blank in the export). */
export const UNNAMED = "(đơn vị không nêu tên)";
export const ALL = "Tất cả";

export interface UnitScoreRow {
  code: string;
  name: string;
  responses: number;
  /** Mean of each score column (criteria, then the total), null where no row had a score. */
  means: (number | null)[];
}

/**
 * The criterion scores of an export summed up per unit as its rows go by (memory: one entry per unit,
 * never per row). Only the export's own rows are counted, so the summary shows nothing the rows do
 * not: released responses, unnamed units pooled under one blank name as they are in the rows.
 */
export class UnitScores {
  private readonly scoreAt: number[];
  private readonly codeAt: number;
  private readonly nameAt: number;
  private readonly units = new Map<string, { name: string; n: number; sum: number[]; count: number[] }>();

  constructor(columns: ExportColumn[]) {
    this.scoreAt = columns.flatMap((c, i) => (c.kind === "score" ? [i] : []));
    this.codeAt = columns.findIndex((c) => c.kind === "unit_code");
    this.nameAt = columns.findIndex((c) => c.kind === "unit_name");
  }

  add(row: Cell[]): void {
    const code = String(row[this.codeAt] ?? "");
    let unit = this.units.get(code);
    if (!unit) {
      const width = this.scoreAt.length;
      unit = {
        name: String(row[this.nameAt] ?? ""),
        n: 0,
        sum: Array(width).fill(0),
        count: Array(width).fill(0),
      };
      this.units.set(code, unit);
    }
    unit.n++;
    this.scoreAt.forEach((at, k) => {
      const v = row[at];
      if (typeof v !== "number" || !unit) return;
      unit.sum[k] = (unit.sum[k] ?? 0) + v;
      unit.count[k] = (unit.count[k] ?? 0) + 1;
    });
  }

  /** One row per unit in the order first seen (the export's unit order), then all of them together. */
  rows(): UnitScoreRow[] {
    const all = { n: 0, sum: this.scoreAt.map(() => 0), count: this.scoreAt.map(() => 0) };
    const out: UnitScoreRow[] = [];
    for (const [code, u] of this.units) {
      out.push({ code, name: code ? u.name : UNNAMED, responses: u.n, means: means(u.sum, u.count) });
      all.n += u.n;
      u.sum.forEach((s, k) => {
        all.sum[k] = (all.sum[k] ?? 0) + s;
        all.count[k] = (all.count[k] ?? 0) + (u.count[k] ?? 0);
      });
    }
    if (out.length > 0) out.push({ code: "", name: ALL, responses: all.n, means: means(all.sum, all.count) });
    return out;
  }
}

function means(sum: number[], count: number[]): (number | null)[] {
  return sum.map((s, k) => ((count[k] ?? 0) > 0 ? s / (count[k] ?? 1) : null));
}
