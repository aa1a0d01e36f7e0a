import type { ResultsBody } from "../../../../api/results.ts";
import type { Locale } from "../../../i18n.ts";
import { COLOURS } from "../colours.ts";
import { fmt, roundTo, signed, wrap } from "../format.ts";
import { criterionTitle, TOTAL } from "../levels.ts";
import { barSet, type ResultsWords, rowTooltip } from "./bars.ts";
import { type AnyConfig, valueLabels } from "./plugins.ts";

export type ChangeRow = NonNullable<ResultsBody["change"]>["criteria"][number];

/** The change per criterion with the total first, the criteria in the order given. */
export function sortChangeRows(change: ResultsBody["change"]): ChangeRow[] {
  return change ? [...change.criteria].sort((a, b) => (a.id === TOTAL ? -1 : b.id === TOTAL ? 1 : 0)) : [];
}

/** The end of the change axis: symmetric around 0, a multiple of 5 with room for the labels at the bars' ends. */
export function changeAxisEnd(rows: ChangeRow[]): number {
  return Math.max(5, Math.ceil((Math.max(...rows.map((c) => Math.abs(c.change))) + 2) / 5) * 5);
}

/** The change since the compared period per criterion: green bars to the right, red ones to the left. */
export function buildChangeChart(
  r: ResultsBody,
  rows: ChangeRow[],
  locale: Locale,
  words: Pick<ResultsWords, "total" | "change">,
): AnyConfig {
  const top = changeAxisEnd(rows);
  return {
    type: "bar",
    data: {
      labels: rows.map((c) =>
        wrap(
          c.id === TOTAL ? words.total : `${c.id}. ${criterionTitle(r, c.id, locale, words.total)}`,
          30,
          2,
        ),
      ),
      datasets: [
        barSet(
          words.change,
          // The bar as long as its label and the table say: rounded once, by the one rule.
          rows.map((c) => roundTo(c.change, 1)),
          rows.map((c) => (c.change >= 0 ? COLOURS.up : COLOURS.down)),
          24,
        ),
      ],
    },
    options: {
      indexAxis: "y",
      layout: { padding: { left: 8, right: 8 } },
      scales: {
        x: {
          min: -top,
          max: top,
          ticks: { stepSize: top / 2, callback: (v) => signed(Number(v), locale) },
          grid: { color: (c) => (c.tick.value === 0 ? "#6b6b6b" : "#e3e3e3") },
        },
        y: { grid: { display: false } },
      },
      plugins: rowTooltip(
        rows,
        (c) => `${fmt(c.previous, locale)} → ${fmt(c.mean, locale)} (${signed(c.change, locale)})`,
      ),
    },
    plugins: [valueLabels((v) => signed(v, locale))],
  };
}
