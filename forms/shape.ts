import type { AnswerError, Answers, Locale } from "./types.ts";

/** Real SurveyJS answers (dynamic panels in dynamic panels, matrices) stay well within this. */
export const MAX_ANSWER_DEPTH = 16;

const TOO_DEEP = {
  vi: `Câu trả lời lồng nhau quá sâu (tối đa ${MAX_ANSWER_DEPTH} cấp).`,
  en: `The answer is nested too deeply (at most ${MAX_ANSWER_DEPTH} levels).`,
};

/**
 * Answers nested deeper than any form needs, found without recursion: deeper values would exhaust the
 * stack of every recursive step after this one (cloning, survey-core) and must be refused first.
 */
export function findTooDeep(answers: Answers, locale: Locale): AnswerError[] {
  const errors: AnswerError[] = [];
  for (const [question, value] of Object.entries(answers)) {
    const stack: [unknown, number][] = [[value, 1]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop() as [unknown, number];
      if (node === null || typeof node !== "object") continue;
      if (depth > MAX_ANSWER_DEPTH) {
        errors.push({ question, message: TOO_DEEP[locale] });
        break;
      }
      for (const child of Object.values(node)) stack.push([child, depth + 1]);
    }
  }
  return errors;
}
