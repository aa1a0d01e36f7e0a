import type { ScoreAggregate } from "../store/aggregates.ts";

export interface Stat {
  id: string;
  n: number;
  mean: number;
  sd: number;
}

/** n, mean and sample standard deviation per criterion from count, sum and sum of squares. */
export function toStats(rows: ScoreAggregate[]): Map<string, Stat> {
  const out = new Map<string, Stat>();
  for (const r of rows) {
    const mean = r.sum / r.n;
    const variance = r.n > 1 ? Math.max(0, (r.sumsq - r.n * mean * mean) / (r.n - 1)) : 0;
    out.set(r.criterion, { id: r.criterion, n: r.n, mean: round(mean), sd: round(Math.sqrt(variance)) });
  }
  return out;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** The cells answered by at least k people: a smaller cell is withheld even inside a shown group. */
export function cellsOver(stats: Map<string, Stat>, k: number): Map<string, Stat> {
  return new Map([...stats].filter(([, s]) => s.n >= k));
}
