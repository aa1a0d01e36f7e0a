import type { ChildResult } from "../../../../api/results.ts";
import type { Locale } from "../../../i18n.ts";
import { COLOURS } from "../colours.ts";
import { fmt, pct, wrap } from "../format.ts";
import { barSet, type ResultsWords, rowTooltip } from "./bars.ts";
import { type AnyConfig, markLine, valueLabels } from "./plugins.ts";

/** Below half the expected responses a unit is behind. */
export function isBehind(c: { completion: number | null }): boolean {
  return c.completion !== null && c.completion < 0.5;
}

/** Children least complete first; by response count (then name) when no unit has an expected number. */
export function sortByCompletion(children: ChildResult[], withRate: boolean): ChildResult[] {
  return [...children].sort((a, b) =>
    withRate ? (a.completion ?? 0) - (b.completion ?? 0) : a.n - b.n || a.name.localeCompare(b.name, "vi"),
  );
}

/** Completion per child unit in percent (or responses, without expected numbers), those behind in red. */
export function buildCompletionChart(
  rows: ChildResult[],
  withRate: boolean,
  locale: Locale,
  words: Pick<ResultsWords, "completion" | "n">,
): AnyConfig {
  // Raw percentages: the labels round them once, by the rule of the tables (format.ts).
  const values = rows.map((c) => (withRate ? (c.completion ?? 0) * 100 : c.n));
  const max = withRate ? Math.max(100, Math.ceil(Math.max(...values) / 10) * 10) : undefined;
  return {
    type: "bar",
    data: {
      labels: rows.map((c) => wrap(c.name, 30, 2)),
      datasets: [
        barSet(
          withRate ? words.completion : words.n,
          values,
          rows.map((c) => (isBehind(c) ? COLOURS.behind : COLOURS.onTrack)),
          22,
        ),
      ],
    },
    options: {
      indexAxis: "y",
      layout: { padding: { top: 16, right: 44 } },
      scales: {
        x: {
          min: 0,
          ...(max ? { max } : {}),
          ticks: { callback: (v) => (withRate ? `${v}%` : String(v)) },
        },
        y: { grid: { display: false } },
      },
      plugins: rowTooltip(
        rows,
        (c) =>
          `${fmt(c.n, locale, 0)}${c.expected !== null ? `/${fmt(c.expected, locale, 0)}` : ""} · ${pct(c.completion, locale)}`,
      ),
    },
    plugins: [
      valueLabels((v) => (withRate ? `${fmt(v, locale, 0)}%` : fmt(v, locale, 0))),
      ...(withRate ? [markLine(50, "50%")] : []),
    ],
  };
}
