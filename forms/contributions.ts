import { judgeScores, planLevels } from "./levels.ts";
import type { Answers, FormJson, Scores } from "./types.ts";
import { listElements } from "./walk.ts";

/** The total score is aggregated like a criterion under this id. */
export const TOTAL = "*";

/** Types whose answers are counted per value for the answer-distribution charts (and can carry a score). */
export const COUNTED_TYPES = new Set([
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
const isRemoteChoice = (el: Record<string, unknown>) => {
  const remote = el.choicesByUrl;
  return typeof remote === "object" && remote !== null && !!(remote as { url?: unknown }).url;
};

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
  // Levels are derived again from the numbers, so a stored response (read back without them) gives
  // back exactly what it added. Criteria with their own levels use them; a form without level rules
  // or criterion levels rates its criteria on its response levels, as before rule levels existed.
  const judged = scores ? judgeScores(form, scores) : null;
  const plan = planLevels(form);
  const legacy = !plan.hasRules && plan.criterionLevels.size === 0;
  const levelOf = (score: number) => plan.levels.find((l) => score >= l.min)?.label;
  for (const c of judged?.criteria ?? []) {
    if (c.score === null) continue;
    out.scores.push({ criterion: c.id, score: c.score });
    const level = c.level ?? (legacy ? levelOf(c.score) : undefined);
    if (level) out.levels.push({ criterion: c.id, level });
  }
  if (judged && judged.total !== null) {
    out.scores.push({ criterion: TOTAL, score: judged.total });
    if (judged.level) out.levels.push({ criterion: TOTAL, level: judged.level });
  }

  for (const el of listElements(form)) {
    const name = el.name;
    if (!name || !el.type) continue;
    const value = answers[name];
    if (value === undefined || value === null) continue;
    if (isRemoteChoice(el)) {
      // Choices from a web service (choicesByUrl) can be anything, a person's name included: kept as one
      // quote (shown only above the anonymity threshold), never counted per value.
      const text = (Array.isArray(value) ? value : [value]).map(String).join(", ");
      if (text.trim() !== "") out.texts.push({ question: name, text });
    } else if (TEXT_TYPES.has(el.type)) {
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
