// The survey-core question types by how the server checks their values: one list for the compiled
// validator, its fallback and what compile-support.ts lets through.

/** Types that show content but hold no answer. */
export const NO_VALUE_TYPES = new Set(["html", "image"]);
/** One value among the visible choices (buttongroup: survey-core keeps nothing else either). */
export const SINGLE_CHOICE_TYPES = new Set(["radiogroup", "dropdown", "buttongroup"]);
/** A list of distinct values among the visible choices, within maxSelectedChoices. */
export const MULTI_CHOICE_TYPES = new Set(["checkbox", "tagbox"]);
/** The single and multiple choice questions: choices, an "other" item and its text. */
export const SELECT_TYPES = new Set([...SINGLE_CHOICE_TYPES, ...MULTI_CHOICE_TYPES]);
/** Text inputs whose value is a number, checked against min and max. */
export const NUMBER_INPUTS = new Set(["number", "range"]);
