import * as parts from "chart.js";
import { Chart, type ChartConfiguration, type ChartType } from "chart.js";
import { type ReactNode, useEffect, useRef } from "react";
import type { AnyConfig } from "./charts/plugins.ts";

// Only what the dashboards draw, so the rest of Chart.js is shaken out of the bundle.
Chart.register(
  parts.BarController,
  parts.BarElement,
  parts.CategoryScale,
  parts.Filler,
  parts.Legend,
  parts.LinearScale,
  parts.LineController,
  parts.LineElement,
  parts.PointElement,
  parts.RadarController,
  parts.RadialLinearScale,
  parts.Tooltip,
);
Chart.defaults.font.family =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
Chart.defaults.font.size = 12;
Chart.defaults.color = "#161616";
Chart.defaults.borderColor = "#e3e3e3";

// The print layout can be narrower than the screen: redraw at the paper's width before printing.
if (typeof window !== "undefined")
  window.addEventListener("beforeprint", () => {
    for (const chart of Object.values(Chart.instances)) chart.resize();
  });

interface ChartBoxProps {
  /** The `data-chart` hook of the canvas. */
  name: string;
  config: AnyConfig;
  /** CSS height of the chart (the width follows its container). */
  height: number | string;
  /** What the chart shows, for screen readers. */
  label: string;
  testId?: string;
  /** No animation: the chart is complete at once (print, screenshots). */
  still?: boolean;
  /** Read by screen readers instead of the picture (usually the numbers). */
  children?: ReactNode;
}

/** A Chart.js chart in a box of the given height; rebuilt when `config` changes (memoise it). */
export function ChartBox({ name, config, height, label, testId, still, children }: ChartBoxProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const options = { ...config.options, responsive: true, maintainAspectRatio: false };
    if (still)
      Object.assign(options, { animation: false, devicePixelRatio: Math.max(2, window.devicePixelRatio) });
    const chart = new Chart(canvas, { ...config, options } as ChartConfiguration<ChartType>);
    return () => chart.destroy();
  }, [config, still]);
  return (
    <div className="chart-box" style={{ height }} data-testid={testId}>
      <canvas ref={ref} data-chart={name} role="img" aria-label={label}>
        {children}
      </canvas>
    </div>
  );
}
