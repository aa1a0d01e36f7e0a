import type { TooltipItem } from "chart.js";
import type { ResultsBody } from "../../../../api/results.ts";
import { type Locale, localize } from "../../../i18n.ts";
import { COLOURS } from "../colours.ts";
import { fmt, wrap } from "../format.ts";
import { barSet, scoreAxes, seriesLine } from "./bars.ts";
import { type AnyConfig, levelLines, valueLabels } from "./plugins.ts";

export type CriteriaMode = "radar" | "bars";

/** The unit's mean per criterion, beside its parent's when there is one: a radar or horizontal bars. */
export function buildCriteriaChart(r: ResultsBody, mode: CriteriaMode, locale: Locale): AnyConfig {
  const ids = r.criteriaTexts.map((c) => c.id);
  const titles = r.criteriaTexts.map((c) => localize(c.title, locale) || c.id);
  const unitData = ids.map((id) => r.criteria.find((c) => c.id === id)?.mean ?? null);
  const parent = r.parent;
  const parentData = parent ? ids.map((id) => parent.criteria.find((c) => c.id === id)?.mean ?? null) : null;
  const tooltip = {
    callbacks: {
      title: (items: TooltipItem<"bar" | "radar">[]) => titles[items[0]?.dataIndex ?? 0] ?? "",
      label: seriesLine(locale),
    },
  };
  if (mode === "radar")
    return {
      type: "radar",
      data: {
        labels: titles.map((t, i) => wrap(`${ids[i]}. ${t}`, 24, 3)),
        datasets: [
          {
            label: r.unit.name,
            data: unitData,
            borderColor: COLOURS.unit,
            backgroundColor: COLOURS.unitFill,
            pointBackgroundColor: COLOURS.unit,
            borderWidth: 2,
            pointRadius: 4,
            fill: true,
          },
          ...(parent && parentData
            ? [
                {
                  label: parent.name,
                  data: parentData,
                  borderColor: COLOURS.parent,
                  backgroundColor: COLOURS.parentFill,
                  pointBackgroundColor: COLOURS.parent,
                  pointStyle: "rectRot" as const,
                  borderDash: [6, 4],
                  borderWidth: 2,
                  pointRadius: 4,
                  fill: true,
                },
              ]
            : []),
        ],
      },
      options: {
        scales: {
          r: {
            min: 0,
            max: 100,
            ticks: { stepSize: 20, backdropColor: "rgba(255,255,255,0.8)", color: "#4a4a4a", z: 1 },
            pointLabels: { font: { size: 12 }, color: "#161616" },
            grid: { color: "#d6d6d6" },
            angleLines: { color: "#d6d6d6" },
          },
        },
        plugins: { legend: { position: "bottom" }, tooltip },
      },
    };
  return {
    type: "bar",
    data: {
      labels: titles.map((t, i) => wrap(`${ids[i]}. ${t}`, 30, 2)),
      datasets: [
        barSet(r.unit.name, unitData, COLOURS.unit, 26),
        ...(parent && parentData ? [barSet(parent.name, parentData, COLOURS.parent, 26)] : []),
      ],
    },
    options: {
      indexAxis: "y",
      layout: { padding: { top: 16, right: 40 } },
      scales: scoreAxes(),
      plugins: { legend: { position: "bottom" }, tooltip },
    },
    plugins: [
      valueLabels((v) => fmt(v, locale)),
      levelLines(r.levelsTexts.map((l) => ({ min: l.min, label: localize(l.label, locale) }))),
    ],
  };
}
