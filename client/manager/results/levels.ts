import type { ResultsBody } from "../../../api/results.ts";
import { type Locale, localize } from "../../i18n.ts";

/** The id under which the total score travels (server: forms/contributions.ts). */
export const TOTAL = "*";

export type LevelText = ResultsBody["levelsTexts"][number];

/** The level a score reaches: the highest `min` it is at or above. */
export function levelOf(score: number | null | undefined, levels: LevelText[]): LevelText | undefined {
  if (score === null || score === undefined) return undefined;
  return [...levels].sort((a, b) => b.min - a.min).find((l) => score >= l.min);
}

/** Levels best first, as the distribution `levels: {label: n}` should be read. */
export function levelsBestFirst(levels: LevelText[]): LevelText[] {
  return [...levels].sort((a, b) => b.min - a.min);
}

export function criterionTitle(results: ResultsBody, id: string, locale: Locale, totalLabel: string): string {
  if (id === TOTAL) return totalLabel;
  const text = results.criteriaTexts.find((c) => c.id === id)?.title;
  return localize(text, locale) || id;
}

/** How many responses reach each level, best first, those reached by none left out: "Tốt 3 · Đạt 5". */
export function levelDistribution(
  levels: LevelText[],
  counts: Record<string, number> | undefined,
  locale: Locale,
): string {
  return levelsBestFirst(levels)
    .map((l) => ({ label: localize(l.label, locale), n: counts?.[localize(l.label, "vi")] ?? 0 }))
    .filter((l) => l.n > 0)
    .map((l) => `${l.label} ${l.n}`)
    .join(" · ");
}
