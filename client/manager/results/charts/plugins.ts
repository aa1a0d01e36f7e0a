import { Chart, type ChartConfiguration, type Plugin } from "chart.js";
import { inkOn } from "../colours.ts";

// Chart.js plugins that write on the charts: values at the bars' ends, percentages in stacked segments,
// level marks. Only drawn by a chart that Chart.tsx registered; importing them registers nothing.

export type AnyConfig = ChartConfiguration<"bar"> | ChartConfiguration<"line"> | ChartConfiguration<"radar">;

/** Writes each bar's value next to its end (right of a horizontal bar, left if negative; above a column). */
export function valueLabels<T extends "bar" | "line" = "bar">(format: (v: number) => string): Plugin<T> {
  return {
    id: "valueLabels",
    afterDatasetsDraw(drawn) {
      const chart = drawn as unknown as Chart<"bar">;
      const { ctx } = chart;
      const horizontal = chart.options.indexAxis === "y";
      ctx.save();
      ctx.font = `600 11px ${Chart.defaults.font.family}`;
      ctx.fillStyle = "#161616";
      chart.data.datasets.forEach((ds, i) => {
        const meta = chart.getDatasetMeta(i);
        if (meta.hidden) return;
        meta.data.forEach((el, j) => {
          const v = ds.data[j];
          if (typeof v !== "number") return;
          const { x, y } = el.getProps(["x", "y"], true) as { x: number; y: number };
          if (horizontal) {
            // Past the canvas (or, for a bar to the left, over the axis labels) the label goes inside
            // the bar's end instead, in the bar's ink: "+17,6" whole rather than "+17," cut off.
            const text = format(v);
            const { base } = el.getProps(["base"], true) as { base: number };
            const at = placeLabel(x, base, ctx.measureText(text).width, chart.chartArea.left, chart.width);
            const bar = Array.isArray(ds.backgroundColor) ? ds.backgroundColor[j] : ds.backgroundColor;
            ctx.fillStyle = at.inside && typeof bar === "string" ? inkOn(bar) : "#161616";
            ctx.textBaseline = "middle";
            ctx.textAlign = at.align;
            ctx.fillText(text, at.x, y);
          } else {
            ctx.textAlign = "center";
            ctx.textBaseline = v < 0 ? "top" : "bottom";
            const gap = (chart.config as { type?: string }).type === "line" ? 9 : 4;
            ctx.fillText(format(v), x, y + (v < 0 ? gap : -gap));
          }
        });
      });
      ctx.restore();
    },
  };
}

/**
 * Where a horizontal bar's value label goes: just past the bar's end if it fits between `left` and
 * `right` (pixels), else just inside the end. `end` and `base` are the bar's two ends in pixels.
 */
export function placeLabel(
  end: number,
  base: number,
  width: number,
  left: number,
  right: number,
): { x: number; align: "left" | "right"; inside: boolean } {
  const GAP = 4;
  if (end >= base)
    return end + GAP + width <= right
      ? { x: end + GAP, align: "left", inside: false }
      : { x: end - GAP, align: "right", inside: true };
  return end - GAP - width >= left
    ? { x: end - GAP, align: "right", inside: false }
    : { x: end + GAP, align: "left", inside: true };
}

/** Writes the percentage inside each segment of a stacked bar that is wide enough to hold it. */
export function segmentLabels(format: (v: number) => string): Plugin<"bar"> {
  return {
    id: "segmentLabels",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = `600 11px ${Chart.defaults.font.family}`;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      chart.data.datasets.forEach((ds, i) => {
        const meta = chart.getDatasetMeta(i);
        if (meta.hidden) return;
        const colour = typeof ds.backgroundColor === "string" ? ds.backgroundColor : "#ffffff";
        ctx.fillStyle = inkOn(colour);
        meta.data.forEach((el, j) => {
          const v = ds.data[j];
          if (typeof v !== "number" || v <= 0) return;
          const { x, y, base } = el.getProps(["x", "y", "base"], true) as {
            x: number;
            y: number;
            base: number;
          };
          if (Math.abs(x - base) < 28) return;
          ctx.fillText(format(v), (x + base) / 2, y);
        });
      });
      ctx.restore();
    },
  };
}

/** Dashed lines across a horizontal bar chart at the levels' lower bounds, each with its label on top. */
export function levelLines(levels: { min: number; label: string }[]): Plugin<"bar"> {
  return {
    id: "levelLines",
    afterDatasetsDraw(chart) {
      const x = chart.scales.x;
      if (!x) return;
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.setLineDash([4, 4]);
      ctx.strokeStyle = "#6b6b6b";
      ctx.lineWidth = 1;
      ctx.font = `11px ${Chart.defaults.font.family}`;
      ctx.fillStyle = "#4a4a4a";
      ctx.textAlign = "left";
      ctx.textBaseline = "bottom";
      for (const l of levels) {
        if (l.min <= 0) continue;
        const px = x.getPixelForValue(l.min);
        if (px < chartArea.left || px > chartArea.right) continue;
        ctx.beginPath();
        ctx.moveTo(px, chartArea.top);
        ctx.lineTo(px, chartArea.bottom);
        ctx.stroke();
        ctx.fillText(l.label, px + 3, chartArea.top - 2);
      }
      ctx.restore();
    },
  };
}

/** A dashed line across at a value of the x axis (the 50% mark of completion). */
export function markLine(value: number, label: string): Plugin<"bar"> {
  return levelLines([{ min: value, label }]);
}
