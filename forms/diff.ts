import { canonicalJson } from "./canonical.ts";
import type { ChoiceJson, ElementJson, FormJson, LocalizedText } from "./types.ts";
import { listElements, toChoice } from "./walk.ts";

/** One question that differs between two versions, with the properties that changed. */
export interface QuestionChange {
  name: string;
  /** Its title in the newer version (the older one for a removed question). */
  title: LocalizedText | string;
  fields: string[];
}

/** What changed from one form version to another, question by question (matched by name). */
export interface FormDiff {
  added: QuestionChange[];
  removed: QuestionChange[];
  /** Texts a respondent reads: title, description, option and scale labels. */
  reworded: QuestionChange[];
  /** How a scored question scores: its criterion, weight, type, range, option values and scores. */
  rescored: QuestionChange[];
  criteria: { added: string[]; removed: string[] };
  /** The form's level rules (levels, criterion levels) differ. */
  levels: boolean;
}

// Texts per question; option lists are compared by their texts only here.
const WORDING = [
  "title",
  "description",
  "minRateDescription",
  "maxRateDescription",
  "labelTrue",
  "labelFalse",
  "placeholder",
] as const;
const OPTION_LISTS = ["choices", "rows", "columns", "rateValues"] as const;
const SCORING = [
  "type",
  "criterion",
  "weight",
  "rateMin",
  "rateMax",
  "rateStep",
  "rateCount",
  "maxScore",
  "target",
  "inputType",
] as const;

/** The changes from `before` to `after`; an unscored question's changed options count as rewording. */
export function diffForms(before: FormJson, after: FormJson): FormDiff {
  const old = questionsOf(before);
  const now = questionsOf(after);
  const diff: FormDiff = {
    added: [],
    removed: [],
    reworded: [],
    rescored: [],
    criteria: diffIds(before.criteria, after.criteria),
    levels:
      !same(before.levels, after.levels) ||
      !same(before.criterionLevels, after.criterionLevels) ||
      !same(criterionRules(before, after), criterionRules(after, before)),
  };
  for (const [name, el] of now) {
    const was = old.get(name);
    const title = titleOf(el);
    if (!was) {
      diff.added.push({ name, title, fields: [] });
      continue;
    }
    const scored = typeof el.criterion === "string" || typeof was.criterion === "string";
    const words: string[] = WORDING.filter((f) => !same(was[f], el[f]));
    const scores: string[] = SCORING.filter((f) => !same(norm(was, f), norm(el, f)));
    for (const list of OPTION_LISTS) {
      if (!same(texts(was[list]), texts(el[list]))) words.push(list);
      if (!same(values(was[list]), values(el[list]))) (scored ? scores : words).push(list);
    }
    if (words.length > 0) diff.reworded.push({ name, title, fields: [...new Set(words)] });
    if (scored && scores.length > 0) diff.rescored.push({ name, title, fields: scores });
  }
  for (const [name, el] of old)
    if (!now.has(name)) diff.removed.push({ name, title: titleOf(el), fields: [] });
  return diff;
}

/** True when nothing a respondent sees or a score depends on changed between two versions. */
export function isEmptyDiff(d: FormDiff): boolean {
  return (
    d.added.length + d.removed.length + d.reworded.length + d.rescored.length === 0 &&
    d.criteria.added.length + d.criteria.removed.length === 0 &&
    !d.levels
  );
}

function titleOf(el: ElementJson): LocalizedText {
  return (el.title as LocalizedText | undefined) ?? el.name ?? "";
}

function questionsOf(form: FormJson): Map<string, ElementJson> {
  const out = new Map<string, ElementJson>();
  for (const el of listElements(form))
    if (typeof el.name === "string" && el.type !== "panel" && el.type !== "html") out.set(el.name, el);
  return out;
}

function diffIds(a: FormJson["criteria"], b: FormJson["criteria"]) {
  const before = new Set((a ?? []).map((c) => c.id));
  const after = new Set((b ?? []).map((c) => c.id));
  return {
    added: [...after].filter((id) => !before.has(id)),
    removed: [...before].filter((id) => !after.has(id)),
  };
}

// The level-related settings of the criteria both versions have (added or removed ones are listed apart).
function criterionRules(form: FormJson, other: FormJson) {
  const shared = new Set((other.criteria ?? []).map((c) => c.id));
  return (form.criteria ?? [])
    .filter((c) => shared.has(c.id))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((c) => [c.id, c.mandatory ?? false, c.scoring ?? "mean", c.levels ?? null]);
}

// An absent weight is 1: writing it out changes nothing.
function norm(el: ElementJson, field: string): unknown {
  return field === "weight" ? (el.weight ?? 1) : el[field];
}

function texts(list: unknown): unknown {
  return Array.isArray(list) ? list.map((i) => toChoice(i as ChoiceJson).text ?? null) : null;
}

function values(list: unknown): unknown {
  return Array.isArray(list)
    ? list.map((i) => {
        const c = toChoice(i as ChoiceJson);
        return [c.value ?? null, c.score ?? null];
      })
    : null;
}

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
