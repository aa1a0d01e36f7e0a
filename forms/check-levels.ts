import { selectCriteria } from "./levels.ts";
import type { Criterion, CriterionLevel, FormJson, LevelRule } from "./types.ts";
import { localize } from "./walk.ts";

const SELECTORS = new Set(["all", "mandatory", "others"]);

/** Problems with a form's levels, criterion levels and level rules; empty when they are sound. */
export function checkLevels(form: FormJson, ids: Set<string>): string[] {
  const problems: string[] = [];
  const criteria = (Array.isArray(form.criteria) ? form.criteria : []).filter(
    (c): c is Criterion => !!c && typeof c.id === "string",
  );
  for (const c of criteria) {
    if (c.mandatory !== undefined && typeof c.mandatory !== "boolean")
      problems.push(`criterion "${c.id}": mandatory must be true or false`);
    if (c.scoring !== undefined && c.scoring !== "mean" && c.scoring !== "lowest")
      problems.push(`criterion "${c.id}": scoring "${String(c.scoring)}" is not "mean" or "lowest"`);
    if (c.levels !== undefined) problems.push(...checkCriterionLevels(c.levels, `criterion "${c.id}"`));
  }
  if (form.criterionLevels !== undefined)
    problems.push(...checkCriterionLevels(form.criterionLevels, "criterionLevels"));
  if (form.levels === undefined) return problems;
  if (!Array.isArray(form.levels) || ids.size === 0)
    return [...problems, "levels need a list and declared criteria"];

  const shared = Array.isArray(form.criterionLevels) ? form.criterionLevels : [];
  const levelsOf = new Map(criteria.map((c) => [c.id, Array.isArray(c.levels) ? c.levels : shared]));
  const plan = {
    order: criteria.map((c) => c.id),
    mandatory: new Set(criteria.filter((c) => c.mandatory === true).map((c) => c.id)),
  };
  let previous: { min: number; rules: boolean; name: string } | undefined;
  for (const level of form.levels) {
    const name = `level "${localize(level?.label, "default") || "?"}"`;
    if (typeof level?.min !== "number" || level.min < 0 || level.min > 100) {
      problems.push(`${name}: min ${String(level?.min)} is not a number in 0..100`);
      continue;
    }
    const rules = level.rules;
    if (rules !== undefined && (!Array.isArray(rules) || rules.length === 0)) {
      problems.push(`${name}: rules must be a non-empty list`);
      continue;
    }
    if (previous && level.min > previous.min)
      problems.push("levels must be ordered from the highest min to the lowest");
    // A level below one that asks for no more (same or lower min, no rules) could never be reached.
    else if (previous && !previous.rules && level.min >= previous.min)
      problems.push(
        `levels must be ordered from the highest min to the lowest: ${name} can never be reached below ${previous.name}`,
      );
    for (const rule of rules ?? []) problems.push(...checkRule(rule, name, ids, plan, levelsOf));
    previous = { min: level.min, rules: !!rules, name };
  }
  return problems;
}

function checkRule(
  rule: LevelRule,
  name: string,
  ids: Set<string>,
  plan: { order: string[]; mandatory: Set<string> },
  levelsOf: Map<string, CriterionLevel[]>,
): string[] {
  if (!rule || typeof rule !== "object") return [`${name}: a rule is not an object`];
  const problems: string[] = [];
  const selector = rule.criteria;
  if (Array.isArray(selector)) {
    if (selector.length === 0) problems.push(`${name}: a rule names an empty list of criteria`);
    for (const id of selector)
      if (typeof id !== "string" || !ids.has(id))
        problems.push(`${name}: a rule names criterion "${String(id)}", which the form does not declare`);
  } else if (selector !== undefined && !SELECTORS.has(selector))
    problems.push(
      `${name}: criteria "${String(selector)}" is not "all", "mandatory", "others" or a list of ids`,
    );
  const selected = selectCriteria(plan, selector);
  if (selector === "mandatory" && selected.length === 0)
    problems.push(`${name}: a rule is about the mandatory criteria, but no criterion is mandatory`);

  const reach = rule.reach;
  if (typeof reach === "number") {
    if (!(reach >= 0 && reach <= 100)) problems.push(`${name}: reach ${reach} is not a score in 0..100`);
  } else if (typeof reach === "string") {
    for (const id of selected)
      if (!(levelsOf.get(id) ?? []).some((l) => l.id === reach))
        problems.push(
          `${name}: a rule asks criterion "${id}" to reach level "${reach}", which it does not have`,
        );
  } else problems.push(`${name}: a rule needs reach, a criterion level id or a score`);

  const atLeast = rule.atLeast;
  if (atLeast !== undefined && !(Number.isInteger(atLeast) && atLeast >= 1 && atLeast <= selected.length))
    problems.push(`${name}: atLeast ${String(atLeast)} is not a whole number from 1 to ${selected.length}`);
  return problems;
}

function checkCriterionLevels(levels: unknown, where: string): string[] {
  if (!Array.isArray(levels) || levels.length === 0) return [`${where}: levels must be a non-empty list`];
  const problems: string[] = [];
  const seen = new Set<string>();
  let previous = Number.POSITIVE_INFINITY;
  for (const level of levels as CriterionLevel[]) {
    if (typeof level?.id !== "string" || level.id === "") problems.push(`${where}: a level has no id`);
    else if (seen.has(level.id)) problems.push(`${where}: level id "${level.id}" is used twice`);
    else seen.add(level.id);
    if (typeof level?.min !== "number" || level.min < 0 || level.min > 100)
      problems.push(`${where}: level min ${String(level?.min)} is not a number in 0..100`);
    else if (level.min >= previous)
      problems.push(`${where}: levels must be ordered from the highest min to the lowest`);
    else previous = level.min;
  }
  return problems;
}
