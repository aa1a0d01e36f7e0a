import type { Locale } from "../../../i18n.ts";
import type { ManagerStrings } from "../../i18n.ts";
import { fmt } from "../format.ts";

// Pieces the dashboards' bar charts share, so that they look alike.

/** The words of the results pages that the chart builders write. */
export type ResultsWords = ManagerStrings["results"];

/** A bar dataset: rounded ends, bars no thicker than `thickness` pixels. */
export function barSet(label: string, data: (number | null)[], colour: string | string[], thickness: number) {
  return { label, data, backgroundColor: colour, borderRadius: 3, maxBarThickness: thickness };
}

/** The axes of a horizontal bar chart of scores: 0 to 100 across, the names down without grid lines. */
export function scoreAxes() {
  return { x: { min: 0, max: 100, ticks: { stepSize: 20 } }, y: { grid: { display: false } } };
}

/** No legend (one series), and a tooltip line written from the bar's row; "" for a bar without one. */
export function rowTooltip<R>(rows: R[], line: (row: R) => string) {
  return {
    legend: { display: false },
    tooltip: {
      callbacks: {
        label: (item: { dataIndex: number }) => {
          const row = rows[item.dataIndex];
          return row ? line(row) : "";
        },
      },
    },
  };
}

/** A tooltip line "series: value". */
export function seriesLine(locale: Locale): (item: { dataset: { label?: string }; raw: unknown }) => string {
  return (item) => `${item.dataset.label}: ${fmt(item.raw as number, locale)}`;
}
