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

/**
 * Choices loaded from a web service at run time (`choicesByUrl`): the server never fetches the URL, so
 * such a question takes what a browser could send: one value (text or a number, as the service's
 * valueName gives it) or a list of them, each at most this long, and at most this many in a list.
 */
export const REMOTE_CHOICE_MAX_LENGTH = 1_000;
export const REMOTE_CHOICE_MAX_ITEMS = 1_000;
