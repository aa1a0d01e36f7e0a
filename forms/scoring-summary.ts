import { formatRules } from "./level-rules-text.ts";
import { itemRange } from "./score.ts";
import type { ElementJson, FormJson } from "./types.ts";
import { listElements, localize, toChoice } from "./walk.ts";

export interface ScoredQuestion {
  name: string;
  title: string;
  criterion: string;
  weight: number;
  /** Each answer and the share of its item it scores, 0–100; null for an unscored answer ("Không áp dụng"). */
  answers: { text: string; points: number | null }[];
  /** For a numeric indicator: its target (the score is value / target, capped at 100). */
  target?: number;
}

export interface LevelSummary {
  label: string;
  min: number;
  rules: string;
}

/**
 * How a form scores, as a manager checks it before publishing: each scored question's answers with
 * their points (the item's own 0–100 share, as `forms/score.ts` normalises it), and the level rules in
 * the spreadsheet's own wording.
 */
export function scoringSummary(
  form: FormJson,
  locale: string,
): { questions: ScoredQuestion[]; levels: LevelSummary[] } {
  const questions: ScoredQuestion[] = [];
  for (const el of listElements(form)) {
    if (typeof el.criterion !== "string") continue;
    const range = itemRange(el);
    if (!range) continue;
    const q: ScoredQuestion = {
      name: String(el.name),
      title: localize(el.title ?? el.name, locale),
      criterion: el.criterion,
      weight: typeof el.weight === "number" ? el.weight : 1,
      answers: answersOf(el, range, locale),
    };
    if (el.type === "text" && typeof el.target === "number") q.target = el.target;
    questions.push(q);
  }
  const levels = (form.levels ?? []).map((l) => ({
    label: localize(l.label, locale),
    min: l.min,
    rules: formatRules(l.rules),
  }));
  return { questions, levels };
}

function answersOf(el: ElementJson, range: { min: number; max: number }, locale: string) {
  const share = (score: number) =>
    range.max === range.min ? 100 : Math.round(((score - range.min) / (range.max - range.min)) * 100);
  if (el.type === "rating" && !el.rateValues?.length) {
    const out = [];
    for (let v = el.rateMin ?? 1; v <= (el.rateMax ?? 5); v += el.rateStep ?? 1)
      out.push({ text: String(v), points: share(v) });
    return out;
  }
  if (el.type === "boolean")
    return [
      { text: localize(el.labelTrue ?? "Có", locale), points: 100 },
      { text: localize(el.labelFalse ?? "Không", locale), points: 0 },
    ];
  if (el.type === "text") return [];
  return (el.rateValues?.length ? el.rateValues : (el.choices ?? [])).map(toChoice).map((c) => {
    const score = typeof c.score === "number" ? c.score : el.type === "rating" ? Number(c.value) : Number.NaN;
    return {
      text: localize(c.text ?? String(c.value), locale),
      points: Number.isFinite(score) ? share(score) : null,
    };
  });
}
