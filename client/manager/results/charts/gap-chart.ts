import type { ResultsBody } from "../../../../api/results.ts";
import type { Locale } from "../../../i18n.ts";
import { kindColour } from "../colours.ts";
import { fmt, signed, wrap } from "../format.ts";
import { criterionTitle } from "../levels.ts";
import { barSet, type ResultsWords, scoreAxes, seriesLine } from "./bars.ts";
import { type AnyConfig, valueLabels } from "./plugins.ts";

type Kinds = Record<ResultsBody["campaign"]["kind"], string>;

/** This campaign's mean per criterion beside the other respondent kind's; null without a gap to show. */
export function buildGapChart(
  r: ResultsBody,
  locale: Locale,
  words: Pick<ResultsWords, "total" | "gapDiff"> & { kinds: Kinds },
): AnyConfig | null {
  const gap = r.gap;
  if (!gap) return null;
  const labels = gap.criteria.map((c) =>
    wrap(`${c.id}. ${criterionTitle(r, c.id, locale, words.total)}`, 30, 2),
  );
  return {
    type: "bar",
    data: {
      labels,
      datasets: [
        barSet(
          words.kinds[r.campaign.kind],
          gap.criteria.map((c) => c.mean),
          kindColour(r.campaign.kind),
          24,
        ),
        barSet(
          words.kinds[gap.kind],
          gap.criteria.map((c) => c.otherMean),
          kindColour(gap.kind),
          24,
        ),
      ],
    },
    options: {
      indexAxis: "y",
      layout: { padding: { right: 40 } },
      scales: scoreAxes(),
      plugins: {
        legend: { position: "bottom" },
        tooltip: {
          callbacks: {
            label: seriesLine(locale),
            afterBody: (items) => {
              const c = gap.criteria[items[0]?.dataIndex ?? 0];
              return c ? `${words.gapDiff}: ${signed(c.gap, locale)}` : "";
            },
          },
        },
      },
    },
    plugins: [valueLabels((v) => fmt(v, locale))],
  };
}
