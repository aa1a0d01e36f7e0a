import type { Answers, FormJson, Scores } from "./types.ts";
import { listElements, localize } from "./walk.ts";

/** The total score is aggregated like a criterion under this id. */
export const TOTAL = "*";

/** Types whose answers are counted per value for the answer-distribution charts. */
const COUNTED_TYPES = new Set([
  "rating",
  "radiogroup",
  "dropdown",
  "imagepicker",
  "boolean",
  "checkbox",
  "tagbox",
  "matrix",
]);
/** Free-text types: shown as quotes (above the anonymity threshold), never counted. */
const TEXT_TYPES = new Set(["comment"]);

/** What one response adds to the aggregates of its campaign and units. */
export interface Contribution {
  /** Criterion (or TOTAL) → score 0..100. */
  scores: { criterion: string; score: number }[];
  /** The level each criterion score and the total reaches. */
  levels: { criterion: string; level: string }[];
  /** One per answered choice; matrix rows as `question.row`. */
  answers: { question: string; value: string }[];
  texts: { question: string; text: string }[];
}

export function contributionOf(form: FormJson, answers: Answers, scores: Scores | null): Contribution {
  const out: Contribution = { scores: [], levels: [], answers: [], texts: [] };
  const levels = [...(form.levels ?? [])]
    .sort((a, b) => b.min - a.min)
    .map((l) => ({ min: l.min, label: localize(l.label, "default") }));
  const levelOf = (score: number) => levels.find((l) => score >= l.min)?.label;
  const addScore = (criterion: string, score: number | null) => {
    if (score === null) return;
    out.scores.push({ criterion, score });
    const level = levelOf(score);
    if (level) out.levels.push({ criterion, level });
  };
  for (const c of scores?.criteria ?? []) addScore(c.id, c.score);
  if (scores) addScore(TOTAL, scores.total);

  for (const el of listElements(form)) {
    const name = el.name;
    if (!name || !el.type) continue;
    const value = answers[name];
    if (value === undefined || value === null) continue;
    if (TEXT_TYPES.has(el.type)) {
      if (typeof value === "string" && value.trim() !== "") out.texts.push({ question: name, text: value });
    } else if (COUNTED_TYPES.has(el.type)) {
      if (el.type === "matrix" && typeof value === "object" && !Array.isArray(value)) {
        for (const [row, cell] of Object.entries(value))
          out.answers.push({ question: `${name}.${row}`, value: String(cell) });
      } else if (Array.isArray(value)) {
        for (const v of value) out.answers.push({ question: name, value: String(v) });
      } else out.answers.push({ question: name, value: String(value) });
    }
  }
  return out;
}
