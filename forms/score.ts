import { COUNTED_TYPES } from "./contributions.ts";
import { judgeScores } from "./levels.ts";
import type { Answers, CriterionScore, ElementJson, FormJson, Scores } from "./types.ts";
import { listElements, toChoice } from "./walk.ts";

/** Question types whose answers can carry a score. */
export const SCORABLE_TYPES = new Set([...COUNTED_TYPES, "text"]);

/** How one scored question turns its answer into item scores in 0..1 (null: leave the item out). */
type ItemReader = (value: unknown) => (number | null)[];

interface ScoredQuestion {
  name: string;
  criterion: string;
  weight: number;
  read: ItemReader;
}

export interface ScoringPlan {
  criteria: string[];
  /** Criteria that score their weakest item instead of the weighted mean. */
  lowest: Set<string>;
  questions: ScoredQuestion[];
}

interface Sum {
  weighted: number;
  weights: number;
  answered: number;
  lowest: number;
}

const plans = new WeakMap<FormJson, ScoringPlan | null>();

/**
 * Scores per criterion, the total and the level (with each criterion's own level and, for forms with
 * level rules, what blocks the next level); null for a form that declares no criteria. Never throws on odd answers.
 */
export function scoreResponse(form: FormJson, answers: Answers): Scores | null {
  const plan = planScoring(form);
  if (!plan) return null;
  const sums = new Map<string, Sum>();
  for (const id of plan.criteria) sums.set(id, { weighted: 0, weights: 0, answered: 0, lowest: 1 });
  for (const q of plan.questions) {
    const value = answers[q.name];
    if (value === undefined || value === null) continue;
    const sum = sums.get(q.criterion);
    if (!sum) continue;
    for (const item of q.read(value)) {
      if (item === null) continue;
      sum.weighted += q.weight * item;
      sum.weights += q.weight;
      sum.answered += 1;
      sum.lowest = Math.min(sum.lowest, item);
    }
  }
  const raw = plan.criteria.map((id) => {
    const s = sums.get(id) ?? { weighted: 0, weights: 0, answered: 0, lowest: 1 };
    const score = s.weights === 0 ? null : plan.lowest.has(id) ? s.lowest : s.weighted / s.weights;
    return { id, score: score === null ? null : score * 100, answered: s.answered };
  });
  const scored = raw.map((c) => c.score).filter((s): s is number => s !== null);
  const total = scored.length > 0 ? round2(scored.reduce((a, b) => a + b, 0) / scored.length) : null;
  const criteria: CriterionScore[] = raw.map((c) => ({
    ...c,
    score: c.score === null ? null : round2(c.score),
  }));
  return judgeScores(form, { total, level: null, criteria });
}

/** The scoring plan of a form, built once per form object. */
export function planScoring(form: FormJson): ScoringPlan | null {
  let plan = plans.get(form);
  if (plan === undefined) {
    plan = buildPlan(form);
    plans.set(form, plan);
  }
  return plan;
}

function buildPlan(form: FormJson): ScoringPlan | null {
  if (!Array.isArray(form.criteria) || form.criteria.length === 0) return null;
  const questions: ScoredQuestion[] = [];
  for (const el of listElements(form)) {
    if (typeof el.criterion !== "string" || typeof el.name !== "string") continue;
    const read = itemReader(el);
    if (!read) continue;
    questions.push({ name: el.name, criterion: el.criterion, weight: el.weight ?? 1, read });
  }
  return {
    criteria: form.criteria.map((c) => c.id),
    lowest: new Set(form.criteria.filter((c) => c.scoring === "lowest").map((c) => c.id)),
    questions,
  };
}

/** The numeric range of a scored question's items, or null if it has none; used by checks too. */
export function itemRange(el: ElementJson): { min: number; max: number } | null {
  switch (el.type) {
    case "rating": {
      const values = ratingScores(el);
      return values.size > 0 ? spanOf([...values.values()]) : null;
    }
    case "boolean":
      return { min: 0, max: 1 };
    case "checkbox":
    case "tagbox": {
      const scores = choiceScores(el.choices).values();
      let min = 0;
      let max = 0;
      for (const s of scores) {
        if (s < 0) min += s;
        else max += s;
      }
      return { min, max: typeof el.maxScore === "number" ? el.maxScore : max };
    }
    case "matrix":
      return spanOf([...columnScores(el).values()]);
    case "text":
      // A numeric indicator scores its share of the target, capped at the target.
      return el.inputType === "number" && typeof el.target === "number" && el.target > 0
        ? { min: 0, max: el.target }
        : null;
    default:
      return spanOf([...choiceScores(el.choices).values()]);
  }
}

function itemReader(el: ElementJson): ItemReader | null {
  const range = itemRange(el);
  if (!range || range.max <= range.min) return null;
  const norm = (score: number | undefined) =>
    score === undefined ? null : (clamp(score, range.min, range.max) - range.min) / (range.max - range.min);
  switch (el.type) {
    case "rating": {
      const scores = ratingScores(el);
      return (v) => [norm(scores.get(String(v)))];
    }
    case "boolean": {
      const yes = String(el.valueTrue ?? true);
      const no = String(el.valueFalse ?? false);
      return (v) => [String(v) === yes ? 1 : String(v) === no ? 0 : null];
    }
    case "checkbox":
    case "tagbox": {
      const scores = choiceScores(el.choices);
      return (v) => {
        if (!Array.isArray(v)) return [null];
        const picked = v.map((x) => scores.get(String(x))).filter((s): s is number => s !== undefined);
        return [picked.length === 0 ? null : norm(picked.reduce((a, b) => a + b, 0))];
      };
    }
    case "text":
      return (v) => [typeof v === "number" && Number.isFinite(v) ? norm(v) : null];
    case "matrix": {
      const scores = columnScores(el);
      return (v) =>
        v && typeof v === "object" && !Array.isArray(v)
          ? Object.values(v as Record<string, unknown>).map((cell) => norm(scores.get(String(cell))))
          : [null];
    }
    default: {
      const scores = choiceScores(el.choices);
      return (v) => [norm(scores.get(String(v)))];
    }
  }
}

/** Rating value → score: explicit rateValues (their `score`, else their numeric value) or rateMin..rateMax. */
function ratingScores(el: ElementJson): Map<string, number> {
  const out = new Map<string, number>();
  if (Array.isArray(el.rateValues) && el.rateValues.length > 0) {
    for (const item of el.rateValues.map(toChoice)) {
      const score = typeof item.score === "number" ? item.score : Number(item.value);
      if (Number.isFinite(score)) out.set(String(item.value), score);
    }
    return out;
  }
  const min = el.rateMin ?? 1;
  const step = el.rateStep ?? 1;
  const max = el.rateMax ?? (el.rateCount ? min + (el.rateCount - 1) * step : 5);
  if (step <= 0) return out;
  for (let v = min; v <= max + 1e-9; v += step) out.set(String(v), v);
  return out;
}

function choiceScores(items: ElementJson["choices"]): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of (items ?? []).map(toChoice)) {
    if (typeof item.score === "number" && Number.isFinite(item.score))
      out.set(String(item.value), item.score);
  }
  return out;
}

/** Matrix columns score their `score`, or their value when no column has a score and all are numeric. */
function columnScores(el: ElementJson): Map<string, number> {
  const scored = choiceScores(el.columns);
  if (scored.size > 0) return scored;
  const out = new Map<string, number>();
  for (const col of (el.columns ?? []).map(toChoice)) {
    const n = typeof col.value === "number" ? col.value : Number.NaN;
    if (!Number.isFinite(n)) return new Map();
    out.set(String(col.value), n);
  }
  return out;
}

function spanOf(values: number[]): { min: number; max: number } | null {
  if (values.length === 0) return null;
  return { min: Math.min(...values), max: Math.max(...values) };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round2 = (x: number) => Math.round(x * 100) / 100;
