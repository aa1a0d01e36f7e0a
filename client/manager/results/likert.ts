import type { QuestionResult } from "../../../api/results.ts";
import type { ChoiceJson, ElementJson, FormJson, LocalizedText } from "../../../forms/types.ts";
import { listElements, toChoice } from "../../../forms/walk.ts";
import { type Locale, localize } from "../../i18n.ts";
import { CATEGORICAL, diverging, UNSCORED } from "./colours.ts";

// The answer scales of the questions and their distributions, for the stacked answer charts.

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
      // A rating's unscored extra value ("Không rõ") is grey, not the far end of the scale.
      if (scored.length >= 2 && s !== null && s !== undefined)
        return diverging(hi === lo ? 1 : (s - lo) / (hi - lo));
      if (scored.length >= 2) return UNSCORED;
      if (ordered) return diverging(choices.length === 1 ? 1 : i / (choices.length - 1));
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
