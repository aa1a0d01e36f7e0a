import type { Locale } from "../../../i18n.ts";
import { fmt, wrap } from "../format.ts";
import type { LikertGroup } from "../likert.ts";
import { type AnyConfig, segmentLabels } from "./plugins.ts";

/** The width of the question labels of the answer charts, for a chart `width` pixels wide. */
export function labelColumn(width: number): number {
  return Math.min(340, Math.max(150, width * 0.38));
}

/** "3. Title", or the title alone for a question without a number. */
export function numbered(row: { number: string; title: string }): string {
  return `${row.number ? `${row.number}. ` : ""}${row.title}`;
}

/** One group's answers per question as stacked horizontal bars of percentages, one dataset per answer. */
export function buildLikertChart(group: LikertGroup, locale: Locale): AnyConfig {
  return {
    type: "bar",
    data: {
      labels: group.rows.map(numbered),
      datasets: group.scale.values.map((_, k) => ({
        label: group.scale.labels[k] ?? "",
        data: group.rows.map((row) => Math.round((row.percents[k] ?? 0) * 10) / 10),
        backgroundColor: group.scale.colours[k] ?? "#a8a8a8",
        borderColor: "#ffffff",
        borderWidth: { right: 1 },
        barPercentage: 0.85,
        categoryPercentage: 0.9,
      })),
    },
    options: {
      indexAxis: "y",
      scales: {
        x: { stacked: true, min: 0, max: 100, ticks: { callback: (v) => `${v}%` } },
        y: {
          stacked: true,
          grid: { display: false },
          ticks: {
            font: { size: 11.5 },
            // Cut to the label column's width (about 6 px a character), in at most two lines.
            callback(_value, index) {
              return wrap(
                String(this.getLabels()[index] ?? ""),
                Math.floor(labelColumn(this.chart.width) / 6.2),
                2,
              );
            },
          },
          // The same label column in every group, so that the bars line up from one chart to the next.
          afterFit: (scale) => {
            scale.width = labelColumn(scale.chart.width);
          },
        },
      },
      plugins: {
        legend: { position: "top", labels: { boxWidth: 14 } },
        tooltip: {
          callbacks: {
            title: (items) => {
              const row = group.rows[items[0]?.dataIndex ?? 0];
              return row ? wrap(numbered(row), 60, 6) : "";
            },
            label: (item) => {
              const row = group.rows[item.dataIndex];
              const count = row?.counts[item.datasetIndex] ?? 0;
              return `${item.dataset.label}: ${fmt(count, locale, 0)} (${fmt(item.raw as number, locale, 0)}%)`;
            },
          },
        },
      },
    },
    plugins: [segmentLabels()],
  };
}
