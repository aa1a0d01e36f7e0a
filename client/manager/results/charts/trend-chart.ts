import type { ResultsBody } from "../../../../api/results.ts";
import type { Locale } from "../../../i18n.ts";
import { COLOURS } from "../colours.ts";
import { fmt, wrap } from "../format.ts";
import type { ResultsWords } from "./bars.ts";
import { type AnyConfig, valueLabels } from "./plugins.ts";

/** The unit's total score per period, the campaign shown with a larger point; withheld periods are gaps. */
export function buildTrendChart(
  r: ResultsBody,
  locale: Locale,
  words: Pick<ResultsWords, "total" | "n">,
): AnyConfig {
  const points = r.trend;
  return {
    type: "line",
    data: {
      labels: points.map((p) => wrap(p.period, 16, 2)),
      datasets: [
        {
          label: r.unit.name,
          data: points.map((p) => p.mean),
          borderColor: COLOURS.unit,
          backgroundColor: COLOURS.unit,
          pointRadius: points.map((p) => (p.campaignId === r.campaign.id ? 7 : 4)),
          pointHoverRadius: 8,
          borderWidth: 2,
          spanGaps: false,
          tension: 0,
        },
      ],
    },
    options: {
      layout: { padding: { top: 20, left: 8, right: 16 } },
      scales: {
        y: { min: 0, max: 100, ticks: { stepSize: 20 } },
        x: { offset: true, grid: { display: false } },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => points[items[0]?.dataIndex ?? 0]?.period ?? "",
            label: (item) => {
              const p = points[item.dataIndex];
              return `${words.total}: ${fmt(p?.mean, locale)} (${words.n.toLowerCase()}: ${fmt(p?.n, locale, 0)})`;
            },
          },
        },
      },
    },
    plugins: [valueLabels<"line">((v) => fmt(v, locale))],
  };
}
