import { describe, expect, test } from "vitest";
import type { ChildResult, ResultsBody } from "../api/results.ts";
import { mstrings } from "../client/manager/i18n.ts";
import {
  buildChangeChart,
  changeAxisEnd,
  sortChangeRows,
} from "../client/manager/results/charts/change-chart.ts";
import {
  buildCompletionChart,
  isBehind,
  sortByCompletion,
} from "../client/manager/results/charts/completion-chart.ts";
import { buildCriteriaChart } from "../client/manager/results/charts/criteria-chart.ts";
import { buildGapChart } from "../client/manager/results/charts/gap-chart.ts";
import { buildLikertChart, labelColumn } from "../client/manager/results/charts/likert-chart.ts";
import { placeLabel } from "../client/manager/results/charts/plugins.ts";
import { buildTrendChart } from "../client/manager/results/charts/trend-chart.ts";
import { diverging, UNSCORED } from "../client/manager/results/colours.ts";
import { fmt, roundTo, signed, wrapToWidth } from "../client/manager/results/format.ts";
import { levelDistribution } from "../client/manager/results/levels.ts";
import { type LikertGroup, likertGroups } from "../client/manager/results/likert.ts";
import { gapTitle } from "../client/manager/results/sections/GapSection.tsx";
import { criteriaList } from "../client/manager/results/sections/Tiles.tsx";
import { catalogueForm } from "./helpers.ts";

// The chart builders turn the results body into Chart.js configurations: what each chart draws (labels,
// values, colours, axes) for a given body, without a canvas.

const tr = mstrings.en.results;
const kinds = mstrings.en.kinds;

function body(over: Partial<ResultsBody> = {}): ResultsBody {
  return {
    campaign: { id: 7, period: "2025–2026 HK1", kind: "staff", formId: "f", title: { default: "Phiếu" } },
    unit: { code: "TH-A", name: "School A", kind: "school" },
    threshold: 5,
    criteriaTexts: [
      { id: "TC1", title: { default: "Môi trường", en: "Environment" } },
      { id: "TC2", title: { default: "Dạy và học", en: "Teaching and learning" } },
    ],
    levelsTexts: [
      { min: 0, label: { default: "Chưa đạt", en: "Not met" } },
      { min: 80, label: { default: "Tốt", en: "Good" } },
      { min: 50, label: { default: "Đạt", en: "Met" } },
    ],
    totals: { responses: 12, expected: 20, completion: 0.6, withheld: false },
    criteria: [
      { id: "TC1", n: 12, mean: 72.5, sd: 10, levels: {} },
      { id: "TC2", n: 12, mean: null, sd: null, levels: {} },
    ],
    total: { id: "*", n: 12, mean: 72.5, sd: 10, levels: { Tốt: 3, Đạt: 8, "Chưa đạt": 0 } },
    parent: null,
    children: [],
    questions: [],
    texts: [],
    gap: null,
    change: null,
    trend: [],
    withheld: [],
    ...over,
  };
}

const parent: ResultsBody["parent"] = {
  code: "XA",
  name: "Commune X",
  total: 70,
  criteria: [
    { id: "TC1", n: 40, mean: 68, sd: 9 },
    { id: "TC2", n: 40, mean: 71, sd: 8 },
  ],
};

function child(code: string, n: number, completion: number | null): ChildResult {
  return {
    code,
    name: `School ${code}`,
    kind: "school",
    n,
    expected: completion === null ? null : 20,
    completion,
    withheld: false,
    total: null,
    criteria: [],
  };
}

type Dataset = { label?: string; data: unknown[]; backgroundColor?: unknown; borderColor?: unknown };
const datasets = (c: { data: { datasets: unknown[] } }) => c.data.datasets as Dataset[];
// biome-ignore lint/suspicious/noExplicitAny: the scales of the four chart types differ; read as plain data
const scales = (c: { options?: unknown }) => (c.options as any).scales;

describe("criteria chart", () => {
  test.each([
    {
      mode: "radar" as const,
      locale: "en" as const,
      withParent: false,
      type: "radar",
      labels: [["TC1. Environment"], ["TC2. Teaching and", "learning"]],
      series: [["School A", [72.5, null], "#0b6e5a"]],
    },
    {
      mode: "bars" as const,
      locale: "vi" as const,
      withParent: true,
      type: "bar",
      labels: [["TC1. Môi trường"], ["TC2. Dạy và học"]],
      series: [
        ["School A", [72.5, null], "#0b6e5a"],
        ["Commune X", [68, 71], "#c75b00"],
      ],
    },
  ])("$mode in $locale, parent $withParent", ({ mode, locale, withParent, type, labels, series }) => {
    const config = buildCriteriaChart(body({ parent: withParent ? parent : null }), mode, locale);
    expect(config.type).toBe(type);
    expect(config.data.labels).toEqual(labels);
    const sets = datasets(config);
    expect(sets.map((d) => [d.label, d.data, mode === "radar" ? d.borderColor : d.backgroundColor])).toEqual(
      series,
    );
    const axis = mode === "radar" ? scales(config).r : scales(config).x;
    expect([axis.min, axis.max, axis.ticks.stepSize]).toEqual([0, 100, 20]);
  });

  test("the bars carry the value labels and the level lines; the radar neither", () => {
    const ids = (mode: "radar" | "bars") =>
      (buildCriteriaChart(body(), mode, "en").plugins ?? []).map((p) => p.id);
    expect(ids("bars")).toEqual(["valueLabels", "levelLines"]);
    expect(ids("radar")).toEqual([]);
  });
});

describe("trend chart", () => {
  test.each([
    { campaignId: 7, radii: [4, 7] },
    { campaignId: 3, radii: [7, 4] },
  ])("the point of campaign $campaignId is the larger", ({ campaignId, radii }) => {
    const trend = [
      { campaignId: 3, period: "2024–2025 HK2", n: 10, mean: 61.25, withheld: false },
      { campaignId: 7, period: "2025–2026 HK1", n: 3, mean: null, withheld: true },
    ];
    const r = body({ trend, campaign: { ...body().campaign, id: campaignId === 7 ? 7 : 3 } });
    const config = buildTrendChart(r, "en", tr);
    expect(config.type).toBe("line");
    expect(config.data.labels).toEqual([["2024–2025 HK2"], ["2025–2026 HK1"]]);
    const [set] = datasets(config);
    expect(set?.data).toEqual([61.25, null]);
    expect((set as unknown as { pointRadius: number[] }).pointRadius).toEqual(radii);
    expect([scales(config).y.min, scales(config).y.max]).toEqual([0, 100]);
  });
});

describe("gap chart", () => {
  test.each([
    { kind: "staff" as const, other: "parent" as const, colours: ["#1d4b8f", "#c75b00"] },
    { kind: "parent" as const, other: "staff" as const, colours: ["#c75b00", "#1d4b8f"] },
  ])("$kind against $other", ({ kind, other, colours }) => {
    const gap = {
      campaignId: 9,
      kind: other,
      criteria: [{ id: "TC1", mean: 72.5, otherMean: 60, gap: 12.5 }],
    };
    const r = body({ gap, campaign: { ...body().campaign, kind } });
    const config = buildGapChart(r, "en", { ...tr, kinds });
    expect(config?.data.labels).toEqual([["TC1. Environment"]]);
    expect(datasets(config as never).map((d) => [d.label, d.data, d.backgroundColor])).toEqual([
      [kinds[kind], [72.5], colours[0]],
      [kinds[other], [60], colours[1]],
    ]);
    expect([scales(config as never).x.min, scales(config as never).x.max]).toEqual([0, 100]);
  });

  test("no gap, no chart", () => {
    expect(buildGapChart(body(), "en", { ...tr, kinds })).toBeNull();
  });
});

describe("change chart", () => {
  test.each([
    { changes: [3.2], end: 10 },
    { changes: [0.5, -0.4], end: 5 },
    { changes: [-12, 4], end: 15 },
    { changes: [8, -3], end: 10 },
    { changes: [0], end: 5 },
  ])("changes $changes: the axis runs from -$end to $end", ({ changes, end }) => {
    const rows = changes.map((change, i) => ({ id: `TC${i + 1}`, mean: 50, previous: 50 - change, change }));
    expect(changeAxisEnd(rows)).toBe(end);
    const config = buildChangeChart(body(), rows, "en", tr);
    expect([scales(config).x.min, scales(config).x.max, scales(config).x.ticks.stepSize]).toEqual([
      -end,
      end,
      end / 2,
    ]);
  });

  test("the total first, rounded changes, green up and red down", () => {
    const change = {
      campaignId: 3,
      period: "2024–2025 HK2",
      criteria: [
        { id: "TC1", mean: 72.5, previous: 70, change: 2.5 },
        { id: "*", mean: 70, previous: 71.234, change: -1.234 },
        { id: "TC2", mean: 60, previous: 60, change: 0 },
      ],
    };
    const rows = sortChangeRows(change);
    expect(rows.map((c) => c.id)).toEqual(["*", "TC1", "TC2"]);
    const config = buildChangeChart(body({ change }), rows, "en", tr);
    expect(config.data.labels).toEqual([
      ["Total score"],
      ["TC1. Environment"],
      ["TC2. Teaching and learning"],
    ]);
    const [set] = datasets(config);
    expect(set?.label).toBe("Change");
    expect(set?.data).toEqual([-1.2, 2.5, 0]);
    expect(set?.backgroundColor).toEqual(["#b3261e", "#1a7f4b", "#1a7f4b"]);
    expect(sortChangeRows(null)).toEqual([]);
  });
});

describe("completion chart", () => {
  test.each([
    {
      name: "rates, one over 100%",
      children: [child("B", 25, 1.234), child("A", 4, 0.2)],
      order: ["A", "B"],
      data: [20, 123.4],
      colours: ["#b3261e", "#0b6e5a"],
      max: 130,
      plugins: ["valueLabels", "levelLines"],
    },
    {
      name: "rates under 100%",
      children: [child("A", 12, 0.6), child("B", 10, 0.5)],
      order: ["B", "A"],
      data: [50, 60],
      colours: ["#0b6e5a", "#0b6e5a"],
      max: 100,
      plugins: ["valueLabels", "levelLines"],
    },
    {
      name: "counts without expected numbers",
      children: [child("B", 3, null), child("C", 9, null), child("A", 3, null)],
      order: ["A", "B", "C"],
      data: [3, 3, 9],
      colours: ["#0b6e5a", "#0b6e5a", "#0b6e5a"],
      max: undefined,
      plugins: ["valueLabels"],
    },
  ])("$name", ({ children, order, data, colours, max, plugins }) => {
    const withRate = children.some((c) => c.completion !== null);
    const rows = sortByCompletion(children, withRate);
    expect(rows.map((c) => c.code)).toEqual(order);
    const config = buildCompletionChart(rows, withRate, "en", tr);
    expect(config.data.labels).toEqual(order.map((c) => [`School ${c}`]));
    const [set] = datasets(config);
    expect(set?.label).toBe(withRate ? "Completion" : "Responses");
    expect(((set?.data ?? []) as number[]).map((v) => roundTo(v, 9))).toEqual(data);
    expect(set?.backgroundColor).toEqual(colours);
    expect([scales(config).x.min, scales(config).x.max]).toEqual([0, max]);
    expect((config.plugins ?? []).map((p) => p.id)).toEqual(plugins);
  });

  test.each([
    [null, false],
    [0, true],
    [0.499, true],
    [0.5, false],
    [1.2, false],
  ])("completion %s is behind: %s", (completion, behind) => {
    expect(isBehind({ completion })).toBe(behind);
  });
});

describe("answers chart", () => {
  const group: LikertGroup = {
    key: "TC1#1|2|3",
    title: "Environment",
    scale: {
      key: "1|2|3",
      values: ["1", "2", "3"],
      labels: ["1 · Poor", "2", "3 · Good"],
      short: ["1", "2", "3"],
      colours: ["rgb(178 24 43)", "rgb(217 217 217)", "rgb(33 102 172)"],
    },
    rows: [
      {
        name: "q1",
        number: "1",
        title: "Safe",
        total: 3,
        counts: [1, 1, 1],
        percents: [100 / 3, 100 / 3, 100 / 3],
      },
      { name: "q2.a", number: "", title: "Clean — yard", total: 2, counts: [0, 0, 2], percents: [0, 0, 100] },
    ],
  };

  test("one stacked dataset per answer, raw percentages (the labels round them once)", () => {
    const config = buildLikertChart(group, "en");
    expect(config.data.labels).toEqual(["1. Safe", "Clean — yard"]);
    expect(datasets(config).map((d) => [d.label, d.data, d.backgroundColor])).toEqual([
      ["1 · Poor", [100 / 3, 0], "rgb(178 24 43)"],
      ["2", [100 / 3, 0], "rgb(217 217 217)"],
      ["3 · Good", [100 / 3, 100], "rgb(33 102 172)"],
    ]);
    expect([scales(config).x.stacked, scales(config).x.min, scales(config).x.max]).toEqual([true, 0, 100]);
    expect((config.plugins ?? []).map((p) => p.id)).toEqual(["segmentLabels"]);
  });

  test.each([
    [200, 150],
    [600, 228],
    [1200, 340],
  ])("a chart %i px wide gives its labels %i px", (width, column) => {
    expect(labelColumn(width)).toBeCloseTo(column);
  });
});

describe("level distribution", () => {
  test.each([
    [{ Tốt: 3, Đạt: 8, "Chưa đạt": 0 }, "en", "Good 3 · Met 8"],
    [{ "Chưa đạt": 2, Tốt: 1 }, "vi", "Tốt 1 · Chưa đạt 2"],
    [{}, "en", ""],
    [undefined, "en", ""],
  ] as const)("%o in %s: %s", (counts, locale, text) => {
    expect(levelDistribution(body().levelsTexts, counts, locale)).toBe(text);
  });
});

describe("tooltips", () => {
  type WithLabel = {
    plugins: { tooltip: { callbacks: { label: (item: { dataIndex: number }) => string } } };
  };
  const label = (c: { options?: unknown }, dataIndex: number) =>
    (c.options as WithLabel).plugins.tooltip.callbacks.label({ dataIndex });
  const rows = [child("A", 4, 0.2), child("B", 7, null)];

  test.each([
    [0, "vi", "4/20 · 20%"],
    [1, "en", "7 · —"],
    [2, "en", ""],
  ] as const)("completion bar %i in %s: %s", (i, locale, text) => {
    expect(label(buildCompletionChart(rows, true, locale, tr), i)).toBe(text);
  });

  test.each([
    [0, "vi", "70 → 72,5 (+2,5)"],
    [1, "en", "61.3 → 60 (−1.3)"],
  ] as const)("change bar %i in %s: %s", (i, locale, text) => {
    const changes = [
      { id: "TC1", mean: 72.5, previous: 70, change: 2.5 },
      { id: "TC2", mean: 60, previous: 61.3, change: -1.3 },
    ];
    expect(label(buildChangeChart(body(), changes, locale, tr), i)).toBe(text);
  });
});

describe("likertGroups: a rating with an unscored extra value", () => {
  test("“Không rõ” comes last in grey; 1..5 keep the scale's colours", () => {
    const form = catalogueForm("happy-school-parent").json;
    const [group] = likertGroups(
      form,
      [{ name: "p_tc1_01", title: "", counts: { "5": 3, unknown: 1 } }],
      "vi",
      {
        yes: "Có",
        no: "Không",
      },
    );
    expect(group?.scale.values).toEqual(["1", "2", "3", "4", "5", "unknown"]);
    expect(group?.scale.labels.at(-1)).toBe("Không rõ");
    expect(group?.scale.colours.at(-1)).toBe(UNSCORED);
    expect(group?.scale.colours.slice(0, 5)).toEqual([0, 0.25, 0.5, 0.75, 1].map(diverging));
    expect(group?.rows[0]?.counts).toEqual([0, 0, 0, 0, 3, 1]);
  });
});

describe("one rounding rule for charts and tables", () => {
  test.each([
    [3.6499, "en", "+3.6"],
    [3.6499, "vi", "+3,6"],
    [17.6, "vi", "+17,6"],
    [17.64, "vi", "+17,6"],
    [-1.25, "vi", "−1,3"],
    [-0.05, "vi", "−0,1"],
    [0.04, "vi", "0"],
    [-0.04, "vi", "0"],
    [2.449, "en", "+2.4"],
  ] as const)("a change of %d is written %s", (x, locale, text) => {
    expect(signed(x, locale)).toBe(text);
  });

  test.each([
    [3.6499, 1, 3.6],
    [3.65, 1, 3.6], // 3.65 is stored as 3.64999…, and is written 3,6 by Intl too
    [12.45, 0, 12],
    [12.5, 0, 13],
    [-0.05, 1, -0.1],
    [-0.04, 1, 0],
  ])("roundTo(%d, %i) is %d, what fmt writes", (x, digits, rounded) => {
    expect(roundTo(x, digits)).toBe(rounded);
    expect(fmt(x, "en", digits)).toBe(fmt(rounded, "en", digits));
  });

  test.each([3.6499, 3.65, 3.55, -1.25, 17.6, 0.049, -2.449])(
    "the change chart's label for %d is the table's",
    (change) => {
      const rows = [{ id: "TC1", mean: 50, previous: 50 - change, change }];
      const config = buildChangeChart(body(), rows, "vi", tr);
      const [set] = datasets(config);
      expect(signed(set?.data[0] as number, "vi")).toBe(signed(change, "vi"));
    },
  );

  test.each([12.45, 44.45, 33.35, 99.5])("an answer segment of %d%% is labelled as its table cell", (p) => {
    const group = {
      key: "k",
      title: "t",
      scale: {
        key: "1|2",
        values: ["1", "2"],
        labels: ["1", "2"],
        short: ["1", "2"],
        colours: ["#000", "#fff"],
      },
      rows: [{ name: "q", number: "1", title: "Q", total: 1, counts: [1, 1], percents: [p, 100 - p] }],
    };
    const [set] = datasets(buildLikertChart(group, "vi"));
    expect(fmt(set?.data[0] as number, "vi", 0)).toBe(fmt(p, "vi", 0));
  });
});

describe("value labels at the bars' ends", () => {
  test.each([
    // end, base, text width, left, right → where
    [200, 100, 30, 50, 400, { x: 204, align: "left", inside: false }],
    [380, 100, 30, 50, 400, { x: 376, align: "right", inside: true }], // "+17,6" would pass the canvas
    [366, 100, 30, 50, 400, { x: 370, align: "left", inside: false }], // just fits
    [100, 200, 30, 50, 400, { x: 96, align: "right", inside: false }],
    [70, 200, 30, 50, 400, { x: 74, align: "left", inside: true }], // would cover the axis labels
  ] as const)(
    "a bar from %i to %i with a %i px label in [%i, %i] puts it at %o",
    (end, base, w, l, r, at) => {
      expect(placeLabel(end, base, w, l, r)).toEqual(at);
    },
  );
});

describe("answer-chart labels cut by measured width", () => {
  const measure = (s: string) => s.length * 7;
  test.each([
    ["Nghiệp vụ sư phạm", 200, ["Nghiệp vụ sư phạm"]],
    ["Bồi dưỡng chuyên môn nghiệp vụ", 100, ["Bồi dưỡng", "chuyên môn…"]],
    ["Bồi dưỡng chuyên môn", 100, ["Bồi dưỡng", "chuyên môn"]],
    ["Siêuuuuuuuuuuuuuuudài", 70, ["Siêuuuuuuu", "uuuuuuuud…"]],
    ["", 70, []],
  ])("%j in %i px is %j", (text, width, lines) => {
    expect(wrapToWidth(text, width, measure, 2)).toEqual(lines);
  });

  test("no line is wider than the column, whatever the text", () => {
    const words = [
      "Thầy",
      "cô",
      "nghiệp",
      "vụ",
      "chuyên",
      "môn",
      "bồi",
      "dưỡng",
      "thường",
      "xuyên",
      "ABCDEFGHIJKLMNOPQRSTU",
    ];
    for (let seed = 1; seed < 200; seed++) {
      const text = Array.from(
        { length: 1 + (seed % 13) },
        (_, i) => words[(seed * (i + 3)) % words.length],
      ).join(" ");
      for (const width of [40, 90, 150]) {
        const lines = wrapToWidth(text, width, measure, 2);
        expect(lines.length).toBeLessThanOrEqual(2);
        for (const line of lines) expect(measure(line)).toBeLessThanOrEqual(width);
      }
    }
  });
});

describe("dashboard words", () => {
  test.each([
    ["vi", "parent", "staff", "Cha mẹ học sinh so với cán bộ, giáo viên, nhân viên"],
    ["vi", "staff", "parent", "Cán bộ, giáo viên, nhân viên so với cha mẹ học sinh"],
    ["vi", "parent", undefined, "Cha mẹ học sinh so với cán bộ, giáo viên, nhân viên"],
    ["en", "parent", "staff", "Parents compared with teachers and staff"],
    ["en", "staff", undefined, "Teachers and staff compared with parents"],
  ] as const)(
    "in %s, the gap section of a %s campaign (against %s) is titled %j",
    (locale, kind, other, title) => {
      const m = mstrings[locale];
      expect(gapTitle(kind, other, m.kinds, m.results.gapTitle)).toBe(title);
    },
  );

  test("the criteria tile lists titles, not internal ids", () => {
    const criteria = [
      { id: "LEADER", title: { default: "Cán bộ lãnh đạo, quản lý", en: "Leaders and managers" } },
      { id: "PARTY_MEMBER", title: { default: "Đảng viên" } },
      { id: "BARE", title: { default: "" } },
    ];
    expect(criteriaList(criteria, "vi")).toBe("Cán bộ lãnh đạo, quản lý · Đảng viên · BARE");
    expect(criteriaList(criteria, "en")).toBe("Leaders and managers · Đảng viên · BARE");
  });
});
