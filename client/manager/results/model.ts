import type { ChoiceJson, ElementJson, FormJson, LocalizedText } from "../../../forms/types.ts";
import { listElements, toChoice } from "../../../forms/walk.ts";
import { type Locale, localize } from "../../i18n.ts";
import type { CampaignInfo, UnitRow } from "../types.ts";
import type { QuestionResult, ResultsBody } from "./types.ts";

// Pure helpers of the results pages: numbers, levels, colours, answer scales. No React, no Chart.js.

/** The id under which the total score travels (server: forms/contributions.ts). */
export const TOTAL = "*";

export function resultsHref(id: number | string, unit: string, compare?: string | null): string {
  const q = new URLSearchParams();
  if (unit) q.set("unit", unit);
  if (compare) q.set("compare", compare);
  const s = q.toString();
  return `/manage/campaigns/${id}/results${s ? `?${s}` : ""}`;
}

export function reportHref(id: number | string, unit: string, compare?: string | null): string {
  return resultsHref(id, unit, compare).replace(/\/results(\?|$)/, "/report$1");
}

/** "57,7" in Vietnamese, "57.7" in English; "—" for nothing. */
export function fmt(x: number | null | undefined, locale: Locale, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  return new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB", {
    minimumFractionDigits: 0,
    maximumFractionDigits: digits,
  }).format(x);
}

/** A signed difference: "+2,8", "−1,3" (a real minus sign), "0". */
export function signed(x: number, locale: Locale): string {
  const r = Math.round(x * 10) / 10;
  if (r === 0) return fmt(0, locale);
  return `${r > 0 ? "+" : "−"}${fmt(Math.abs(r), locale)}`;
}

/** A rate 0..1 (or more) as a whole percentage: "44%". */
export function pct(rate: number | null | undefined, locale: Locale): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "—";
  return `${fmt(rate * 100, locale, 0)}%`;
}

export type LevelText = ResultsBody["levelsTexts"][number];

/** The level a score reaches: the highest `min` it is at or above. */
export function levelOf(score: number | null | undefined, levels: LevelText[]): LevelText | undefined {
  if (score === null || score === undefined) return undefined;
  return [...levels].sort((a, b) => b.min - a.min).find((l) => score >= l.min);
}

/** Levels best first, as the distribution `levels: {label: n}` should be read. */
export function levelsBestFirst(levels: LevelText[]): LevelText[] {
  return [...levels].sort((a, b) => b.min - a.min);
}

export function criterionTitle(results: ResultsBody, id: string, locale: Locale, totalLabel: string): string {
  if (id === TOTAL) return totalLabel;
  const text = results.criteriaTexts.find((c) => c.id === id)?.title;
  return localize(text, locale) || id;
}

// Score colours for the heat table: light tints (dark text stays readable, and they print), red below
// half marks through amber to green, continuous so that close scores look close.
const HEAT: [number, [number, number, number]][] = [
  [30, [242, 161, 154]],
  [50, [249, 210, 125]],
  [65, [227, 236, 154]],
  [80, [166, 219, 180]],
  [100, [108, 195, 145]],
];

export function heatColour(score: number): string {
  const s = Math.max(HEAT[0]?.[0] ?? 0, Math.min(100, score));
  for (let i = 1; i < HEAT.length; i++) {
    const [x1, c1] = HEAT[i] as [number, [number, number, number]];
    const [x0, c0] = HEAT[i - 1] as [number, [number, number, number]];
    if (s <= x1) {
      const t = (s - x0) / (x1 - x0);
      const c = c0.map((v, j) => Math.round(v + ((c1[j] as number) - v) * t));
      return `rgb(${c.join(" ")})`;
    }
  }
  return "rgb(108 195 145)";
}

/** The CSS gradient of the heat legend, with its stops. */
export function heatLegend(): { gradient: string; stops: number[] } {
  const span = 100 - (HEAT[0]?.[0] ?? 0);
  return {
    gradient: `linear-gradient(to right, ${HEAT.map(
      ([x, c]) => `rgb(${c.join(" ")}) ${(((x - (HEAT[0]?.[0] ?? 0)) / span) * 100).toFixed(0)}%`,
    ).join(", ")})`,
    stops: HEAT.map(([x]) => x),
  };
}

/** Colours of the charts: colour-blind-safe pairs, dark enough on white. */
export const COLOURS = {
  unit: "#0b6e5a",
  unitFill: "rgba(11, 110, 90, 0.18)",
  parent: "#c75b00",
  parentFill: "rgba(199, 91, 0, 0.08)",
  staff: "#1d4b8f",
  parentKind: "#c75b00",
  unitKind: "#0b6e5a",
  up: "#1a7f4b",
  down: "#b3261e",
  behind: "#b3261e",
  onTrack: "#0b6e5a",
  grid: "#e3e3e3",
  text: "#161616",
};

export function kindColour(kind: string): string {
  return kind === "staff" ? COLOURS.staff : kind === "parent" ? COLOURS.parentKind : COLOURS.unitKind;
}

// Diverging red → grey → blue (ColorBrewer RdBu), for ordered answers from worst to best.
const DIVERGING: [number, number, number][] = [
  [178, 24, 43],
  [239, 138, 98],
  [217, 217, 217],
  [103, 169, 207],
  [33, 102, 172],
];
const CATEGORICAL = ["#1d4b8f", "#c75b00", "#0b6e5a", "#8e3b8e", "#7a6a00", "#b3261e", "#4a4a4a", "#2a8fbd"];
const UNSCORED = "#a8a8a8";

function diverging(t: number): string {
  const x = Math.max(0, Math.min(1, t)) * (DIVERGING.length - 1);
  const i = Math.min(DIVERGING.length - 2, Math.floor(x));
  const f = x - i;
  const a = DIVERGING[i] as [number, number, number];
  const b = DIVERGING[i + 1] as [number, number, number];
  return `rgb(${a.map((v, j) => Math.round(v + ((b[j] as number) - v) * f)).join(" ")})`;
}

/** Black or white, whichever reads better on a background colour ("#rrggbb" or "rgb(r g b)"). */
export function inkOn(colour: string): string {
  let rgb: number[] = [];
  const hex = /^#([0-9a-f]{6})$/i.exec(colour);
  if (hex?.[1]) rgb = [0, 2, 4].map((i) => Number.parseInt(hex[1]?.slice(i, i + 2) ?? "0", 16));
  else rgb = (colour.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.36 ? "#161616" : "#ffffff";
}

/** The answer values of one scale, in reading order, with their labels and colours. */
export interface Scale {
  key: string;
  values: string[];
  labels: string[];
  /** Column headings: the value of a rating, the label of a choice. */
  short: string[];
  colours: string[];
}

export interface LikertRow {
  name: string;
  /** "1", "2", … the question's number in the form; "3.2" for a matrix row. */
  number: string;
  title: string;
  total: number;
  counts: number[];
  percents: number[];
}

export interface LikertGroup {
  key: string;
  /** The criterion's title, or null for questions outside any criterion. */
  title: string | null;
  scale: Scale;
  rows: LikertRow[];
}

const NOT_QUESTIONS = new Set(["panel", "html", "image", "expression", "paneldynamic"]);

function choiceText(c: ChoiceJson, locale: Locale): string {
  return localize(c.text as LocalizedText | undefined, locale) || String(c.value ?? "");
}

function scaleOf(el: ElementJson | undefined, locale: Locale, yes: string, no: string): Scale | null {
  if (!el) return null;
  const from = (given: ChoiceJson[], ordered: boolean): Scale => {
    // Scored choices read from the lowest score to the highest (like a rating), unscored ones after.
    const score = (c: ChoiceJson) => (typeof c.score === "number" ? c.score : null);
    const choices =
      !ordered && given.filter((c) => score(c) !== null).length >= 2
        ? [
            ...given.filter((c) => score(c) !== null).sort((a, b) => (score(a) ?? 0) - (score(b) ?? 0)),
            ...given.filter((c) => score(c) === null),
          ]
        : given;
    const values = choices.map((c) => String(c.value));
    const scores = choices.map((c) => (typeof c.score === "number" ? c.score : null));
    const scored = scores.filter((s): s is number => s !== null);
    const lo = Math.min(...scored);
    const hi = Math.max(...scored);
    const colours = choices.map((_, i) => {
      const s = scores[i];
      if (ordered) return diverging(choices.length === 1 ? 1 : i / (choices.length - 1));
      if (scored.length >= 2 && s !== null && s !== undefined)
        return diverging(hi === lo ? 1 : (s - lo) / (hi - lo));
      if (scored.length >= 2) return UNSCORED;
      return CATEGORICAL[i % CATEGORICAL.length] as string;
    });
    const labels = choices.map((c) => choiceText(c, locale));
    return { key: values.join("|"), values, labels, short: labels, colours };
  };
  if (el.type === "rating") {
    if (Array.isArray(el.rateValues) && el.rateValues.length > 0)
      return from(el.rateValues.map(toChoice), true);
    const min = typeof el.rateMin === "number" ? el.rateMin : 1;
    const step = typeof el.rateStep === "number" && el.rateStep > 0 ? el.rateStep : 1;
    const max =
      typeof el.rateMax === "number"
        ? el.rateMax
        : min + step * ((typeof el.rateCount === "number" ? el.rateCount : 5) - 1);
    const values: ChoiceJson[] = [];
    for (let v = min; v <= max + 1e-9 && values.length < 50; v += step) values.push({ value: v });
    const scale = from(values, true);
    scale.short = [...scale.values];
    const lo = localize(el.minRateDescription as LocalizedText | undefined, locale);
    const hi = localize(el.maxRateDescription as LocalizedText | undefined, locale);
    scale.labels = scale.values.map((v, i) =>
      i === 0 && lo ? `${v} · ${lo}` : i === scale.values.length - 1 && hi ? `${v} · ${hi}` : v,
    );
    return scale;
  }
  if (el.type === "boolean") {
    const t = localize(el.labelTrue as LocalizedText | undefined, locale) || yes;
    const f = localize(el.labelFalse as LocalizedText | undefined, locale) || no;
    return {
      key: "bool",
      values: ["true", "false"],
      labels: [t, f],
      short: [t, f],
      colours: [diverging(1), diverging(0)],
    };
  }
  if (el.type === "matrix" && Array.isArray(el.columns)) return from(el.columns.map(toChoice), false);
  if (Array.isArray(el.choices)) return from(el.choices.map(toChoice), false);
  return null;
}

/** Values seen in the counts, in a sensible order when the form does not say one. */
function fallbackScale(values: string[]): Scale {
  const numeric = values.every((v) => v.trim() !== "" && Number.isFinite(Number(v)));
  const sorted = [...values].sort((a, b) => (numeric ? Number(a) - Number(b) : a.localeCompare(b, "vi")));
  return {
    key: `?${sorted.join("|")}`,
    values: sorted,
    labels: sorted,
    short: sorted,
    colours: sorted.map((_, i) =>
      numeric
        ? diverging(sorted.length === 1 ? 1 : i / (sorted.length - 1))
        : (CATEGORICAL[i % CATEGORICAL.length] as string),
    ),
  };
}

/**
 * Per-question answer distributions grouped for stacked bars: one group per criterion and answer scale
 * (questions outside any criterion last), rows in the form's order, values in the scale's order.
 */
export function likertGroups(
  form: FormJson | null,
  questions: QuestionResult[],
  locale: Locale,
  words: { yes: string; no: string },
): LikertGroup[] {
  const elements = new Map<string, ElementJson>();
  const numbers = new Map<string, number>();
  let n = 0;
  for (const el of form ? listElements(form) : []) {
    if (!el.name || !el.type || NOT_QUESTIONS.has(el.type)) continue;
    elements.set(el.name, el);
    numbers.set(el.name, ++n);
  }
  const criteria = new Map((Array.isArray(form?.criteria) ? form.criteria : []).map((c) => [c.id, c.title]));
  const groups = new Map<string, LikertGroup>();
  for (const q of questions) {
    const dot = q.name.indexOf(".");
    const base = dot < 0 ? q.name : q.name.slice(0, dot);
    const row = dot < 0 ? null : q.name.slice(dot + 1);
    const el = elements.get(base);
    let scale = scaleOf(el, locale, words.yes, words.no) ?? fallbackScale(Object.keys(q.counts));
    const extra = Object.keys(q.counts).filter((v) => !scale.values.includes(v));
    if (extra.length > 0)
      scale = {
        key: `${scale.key}|${extra.join("|")}`,
        values: [...scale.values, ...extra],
        labels: [...scale.labels, ...extra],
        short: [...scale.short, ...extra],
        colours: [...scale.colours, ...extra.map(() => UNSCORED)],
      };
    const criterion = typeof el?.criterion === "string" ? el.criterion : "";
    const key = `${criterion}#${scale.key}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        title: criterion ? localize(criteria.get(criterion), locale) || criterion : null,
        scale,
        rows: [],
      };
      groups.set(key, group);
    }
    let title = localize(el?.title ?? q.title, locale) || base;
    let number = String(numbers.get(base) ?? "");
    if (row !== null) {
      const rows = Array.isArray(el?.rows) ? el.rows.map(toChoice) : [];
      const at = rows.findIndex((r) => String(r.value) === row);
      const r = rows[at];
      title = `${title} — ${r ? choiceText(r, locale) : row}`;
      if (number && at >= 0) number = `${number}.${at + 1}`;
    }
    const counts = scale.values.map((v) => q.counts[v] ?? 0);
    const total = counts.reduce((a, b) => a + b, 0);
    group.rows.push({
      name: q.name,
      number,
      title,
      total,
      counts,
      percents: counts.map((c) => (total > 0 ? (c / total) * 100 : 0)),
    });
  }
  return [...groups.values()].sort((a, b) => (a.title === null ? 1 : 0) - (b.title === null ? 1 : 0));
}

/** A long label cut into lines of at most `width` characters (words kept whole), at most `lines` lines. */
export function wrap(text: string, width: number, lines = 2): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  const last = kept[lines - 1] ?? "";
  kept[lines - 1] = `${last.length > width - 1 ? last.slice(0, width - 1) : last}…`;
  return kept;
}

/** Units from the top of `scope` down to `code` (the breadcrumb of a drill-down). */
export function unitPath(scope: UnitRow[], code: string): UnitRow[] {
  const byCode = new Map(scope.map((u) => [u.code, u]));
  const out: UnitRow[] = [];
  let u = byCode.get(code);
  while (u) {
    out.unshift(u);
    u = u.parentCode ? byCode.get(u.parentCode) : undefined;
  }
  return out;
}

/**
 * Campaigns to compare with: the same form, another campaign, covering the chosen unit (its unit is the
 * unit or above it; a unit the account cannot see lies above every unit it can). Newest first.
 */
export function compareOptions(
  campaigns: CampaignInfo[],
  current: CampaignInfo,
  unit: string,
  units: UnitRow[],
): CampaignInfo[] {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const path = new Set<string>();
  for (let u = byCode.get(unit); u; u = u.parentCode ? byCode.get(u.parentCode) : undefined) path.add(u.code);
  return campaigns
    .filter((c) => c.id !== current.id && c.formId === current.formId && c.kind === current.kind)
    .filter((c) => !c.unit || path.has(c.unit.code) || !byCode.has(c.unit.code))
    .sort((a, b) => b.opensAt.localeCompare(a.opensAt));
}

/** Identical quotes shown once with how many said it, most said first, then in the order given. */
export function groupQuotes(texts: { question: string; text: string }[]): { text: string; n: number }[] {
  const seen = new Map<string, { text: string; n: number; at: number }>();
  texts.forEach((t, at) => {
    const key = t.text.trim().replace(/\s+/g, " ");
    const had = seen.get(key);
    if (had) had.n++;
    else seen.set(key, { text: key, n: 1, at });
  });
  return [...seen.values()].sort((a, b) => b.n - a.n || a.at - b.at).map(({ text, n }) => ({ text, n }));
}
