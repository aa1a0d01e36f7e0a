import { Chart } from "chart.js";
import type { Locale } from "../../../i18n.ts";
import { fmt, wrap, wrapToWidth } from "../format.ts";
import type { LikertGroup } from "../likert.ts";
import { type AnyConfig, segmentLabels } from "./plugins.ts";

const LABEL_SIZE = 11.5;
/** What the axis keeps between its labels and the bars (tick padding and a margin), in pixels. */
const LABEL_ROOM = 12;

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
        // Raw percentages: a segment's label rounds once, as the table beside it does.
        data: group.rows.map((row) => row.percents[k] ?? 0),
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
            font: { size: LABEL_SIZE },
            // Cut to the label column's width as the canvas measures it, in at most two lines.
            callback(_value, index) {
              const { ctx } = this.chart;
              ctx.save();
              ctx.font = `${LABEL_SIZE}px ${Chart.defaults.font.family}`;
              const lines = wrapToWidth(
                String(this.getLabels()[index] ?? ""),
                labelColumn(this.chart.width) - LABEL_ROOM,
                (s) => ctx.measureText(s).width,
                2,
              );
              ctx.restore();
              return lines;
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
    plugins: [segmentLabels((v) => `${fmt(v, locale, 0)}%`)],
  };
}
