import { expect, test } from "vitest";
import { findTooDeep, MAX_ANSWER_DEPTH } from "../forms/shape.ts";

const nest = (depth: number): unknown => (depth <= 1 ? [1] : [nest(depth - 1)]);

test.each([
  ["a flat answer", { q: 3 }, []],
  [`nesting at the limit (${MAX_ANSWER_DEPTH})`, { q: nest(MAX_ANSWER_DEPTH) }, []],
  ["nesting one past the limit", { q: nest(MAX_ANSWER_DEPTH + 1) }, ["q"]],
  [
    "deep objects as well as arrays",
    { ok: { a: { b: 1 } }, deep: JSON.parse(`${'{"x":'.repeat(40)}1${"}".repeat(40)}`) },
    ["deep"],
  ],
  [
    "100,000 levels, without a stack overflow",
    { q: JSON.parse(`${"[".repeat(100_000)}${"]".repeat(100_000)}`) },
    ["q"],
  ],
])("findTooDeep: %s", (_label, answers, questions) => {
  expect(findTooDeep(answers as Record<string, unknown>, "vi").map((e) => e.question)).toEqual(questions);
});
