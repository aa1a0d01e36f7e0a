import type { ResultsBody, WithheldReason } from "../../../../api/results.ts";
import { useManager } from "../../context.ts";
import type { ResultsWords } from "../charts/bars.ts";

export interface SectionProps {
  r: ResultsBody;
  /** Charts drawn at once, without animation (the print report). */
  still?: boolean;
}

/** The words, locale and units a section writes with. */
export function useWords() {
  const { t, locale, units } = useManager();
  return { tr: t.results, t, locale, units };
}

/** Why the unit's own charts are empty: no responses, or withheld (and how). */
export function whyEmpty(r: ResultsBody, tr: ResultsWords): string {
  if (r.totals.responses === 0) return tr.empty;
  if (r.totals.withheld) return withheldUnitText(r, tr, r.withheld.find((w) => w.group === "unit")?.reason);
  return tr.emptyChart;
}

/** Why the unit's own results are withheld. */
export function withheldUnitText(
  r: ResultsBody,
  tr: ResultsWords,
  reason: WithheldReason | undefined,
): string {
  return reason === "complement"
    ? tr.withheldUnitComplement
    : tr.withheldUnit(r.totals.responses, r.threshold);
}

/** Why a chart of the unit's own responses is empty, else `otherwise` (the chart's own reason). */
export function whyNone(r: ResultsBody, tr: ResultsWords, otherwise: string): string {
  return r.totals.responses === 0 || r.totals.withheld ? whyEmpty(r, tr) : otherwise;
}
