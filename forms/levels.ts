import type { CriteriaSelector, CriterionLevel, FormJson, LevelRule, Scores } from "./types.ts";
import { localize } from "./walk.ts";

/** A form's levels as the judge reads them, built once per form object. */
export interface LevelPlan {
  levels: { min: number; label: string; rules: LevelRule[] }[];
  /** Whether any level has rules: only then do scores carry `next` and `blocking`. */
  hasRules: boolean;
  /** Each criterion's own levels (or the form's `criterionLevels`), highest first; absent: none. */
  criterionLevels: Map<string, CriterionLevel[]>;
  mandatory: Set<string>;
  order: string[];
}

const plans = new WeakMap<FormJson, LevelPlan>();

export function planLevels(form: FormJson): LevelPlan {
  let plan = plans.get(form);
  if (!plan) {
    plan = buildLevelPlan(form);
    plans.set(form, plan);
  }
  return plan;
}

function buildLevelPlan(form: FormJson): LevelPlan {
  const criteria = Array.isArray(form.criteria) ? form.criteria : [];
  // A stable sort keeps the listed order of levels that share a min (rule levels above their fallback).
  const levels = [...(Array.isArray(form.levels) ? form.levels : [])]
    .sort((a, b) => b.min - a.min)
    .map((l) => ({ min: l.min, label: localize(l.label, "default"), rules: l.rules ?? [] }));
  const shared = Array.isArray(form.criterionLevels) ? form.criterionLevels : undefined;
  const criterionLevels = new Map<string, CriterionLevel[]>();
  for (const c of criteria) {
    const own = Array.isArray(c.levels) ? c.levels : shared;
    if (own && own.length > 0) criterionLevels.set(c.id, own);
  }
  return {
    levels,
    hasRules: levels.some((l) => l.rules.length > 0),
    criterionLevels,
    mandatory: new Set(criteria.filter((c) => c.mandatory === true).map((c) => c.id)),
    order: criteria.map((c) => c.id),
  };
}

type Scored = Map<string, number>;

/**
 * Fills in what follows from the numbers of a response's scores: each criterion's own level, the
 * response's level and, for forms with level rules, the next level and the criteria blocking it.
 * Pure and derived from the rounded scores only, so stored scores give the same answer as fresh ones.
 */
export function judgeScores(form: FormJson, scores: Scores): Scores {
  const plan = planLevels(form);
  const scored: Scored = new Map();
  for (const c of scores.criteria) if (c.score !== null) scored.set(c.id, c.score);
  const criteria = scores.criteria.map((c) => {
    const own = plan.criterionLevels.get(c.id);
    if (!own) return c;
    const reached = c.score === null ? undefined : own.find((l) => (c.score as number) >= l.min);
    return { ...c, level: reached ? localize(reached.label, "default") : null };
  });
  const total = scores.total;
  const holds = (i: number) => {
    const l = plan.levels[i];
    return (
      !!l && total !== null && total >= l.min && l.rules.every((r) => blockersOf(plan, r, scored) === null)
    );
  };
  let index = plan.levels.findIndex((_, i) => holds(i));
  const level = index >= 0 ? (plan.levels[index]?.label ?? null) : null;
  const out: Scores = { total, level, criteria };
  if (!plan.hasRules) return out;
  if (index < 0) index = plan.levels.length;
  const next = total === null || index === 0 ? undefined : plan.levels[index - 1];
  const blocked = new Set<string>();
  for (const rule of next?.rules ?? [])
    for (const id of blockersOf(plan, rule, scored) ?? []) blocked.add(id);
  out.next = next?.label ?? null;
  out.blocking = plan.order.filter((id) => blocked.has(id));
  return out;
}

/** Null when the rule holds; otherwise the selected criteria that fall short of it. */
export function blockersOf(plan: LevelPlan, rule: LevelRule, scored: Scored): string[] | null {
  const selected = selectCriteria(plan, rule.criteria).filter((id) => scored.has(id));
  const short = selected.filter((id) => !reaches(plan, id, scored.get(id) as number, rule.reach));
  const needed = rule.atLeast ?? selected.length;
  return selected.length - short.length >= needed ? null : short;
}

export function selectCriteria(
  plan: Pick<LevelPlan, "mandatory" | "order">,
  selector: CriteriaSelector | undefined,
): string[] {
  if (Array.isArray(selector)) return plan.order.filter((id) => selector.includes(id));
  if (selector === "mandatory") return plan.order.filter((id) => plan.mandatory.has(id));
  if (selector === "others") return plan.order.filter((id) => !plan.mandatory.has(id));
  return plan.order;
}

/** Whether a criterion's score reaches a score, or one of its own levels (named by id). */
function reaches(plan: LevelPlan, id: string, score: number, reach: string | number): boolean {
  if (typeof reach === "number") return score >= reach;
  const level = plan.criterionLevels.get(id)?.find((l) => l.id === reach);
  return level !== undefined && score >= level.min;
}
