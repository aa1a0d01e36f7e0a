// The aggregate accumulator (server/store/aggregate-rows.ts): contributions in, rows out, no store.
import { describe, expect, test } from "vitest";
import type { Contribution } from "../forms/contributions.ts";
import { AggregateRows, dedupe, type StoredScore, unitPathIn } from "../server/store/aggregate-rows.ts";

const contribution = (score: number, level: string, values: string[], texts = 0): Contribution => ({
  scores: [{ criterion: "A", score }],
  levels: [{ criterion: "A", level }],
  answers: values.map((value) => ({ question: "q", value })),
  texts: Array.from({ length: texts }, () => ({ question: "note", text: "ý kiến" })),
});
const first = contribution(62.5, "Đạt", ["2"]);
const revised = contribution(90, "Tốt", ["5", "1"]);

type Step = [unitPath: number[], c: Contribution, sign: 1 | -1];
/** Every row as [unit, what, n, sum?, sumsq?], for one campaign (7). */
function rowsOf(steps: Step[], stored?: StoredScore) {
  const rows = new AggregateRows(stored);
  for (const [path, c, sign] of steps) rows.add(7, path, c, sign);
  const all = [
    ...[...rows.responses.values()].map((r) => [r.campaign_id, r.unit_id, "responses", r.n]),
    ...[...rows.scores.values()].map((r) => [r.campaign_id, r.unit_id, r.criterion, r.n, r.sum, r.sumsq]),
    ...[...rows.levels.values()].map((r) => [r.campaign_id, r.unit_id, `${r.criterion}=${r.level}`, r.n]),
    ...[...rows.answers.values()].map((r) => [r.campaign_id, r.unit_id, `${r.question}=${r.value}`, r.n]),
  ];
  expect(all.every((r) => r[0] === 7)).toBe(true);
  return all.map((r) => r.slice(1));
}

describe("AggregateRows", () => {
  test.each<{ name: string; steps: Step[]; rows: unknown[][] }>([
    {
      name: "one response: one row per table and key",
      steps: [[[3], first, 1]],
      rows: [
        [3, "responses", 1],
        [3, "A", 1, 62.5, 3906.25],
        [3, "A=Đạt", 1],
        [3, "q=2", 1],
      ],
    },
    {
      name: "ancestors get the same rows as the unit",
      steps: [[[3, 2, 1], first, 1]],
      rows: [3, 2, 1].flatMap((u) => [
        [u, "responses", 1],
        [u, "A", 1, 62.5, 3906.25],
        [u, "A=Đạt", 1],
        [u, "q=2", 1],
      ]),
    },
    {
      name: "add, then revise the same response: the net rows (a count taken back stays, at 0)",
      steps: [
        [[3], first, 1],
        [[3], first, -1],
        [[3], revised, 1],
      ],
      rows: [
        [3, "responses", 1],
        [3, "A", 1, 90, 8100],
        [3, "A=Đạt", 0],
        [3, "A=Tốt", 1],
        [3, "q=2", 0],
        [3, "q=5", 1],
        [3, "q=1", 1],
      ],
    },
    {
      name: "a deletion alone: changes that take the response back",
      steps: [[[3, 1], first, -1]],
      rows: [3, 1].flatMap((u) => [
        [u, "responses", -1],
        [u, "A", -1, -62.5, -3906.25],
        [u, "A=Đạt", -1],
        [u, "q=2", -1],
      ]),
    },
    {
      name: "two units under one parent: the parent counts both",
      steps: [
        [[3, 1], first, 1],
        [[4, 1], revised, 1],
      ],
      rows: [
        [3, "responses", 1],
        [3, "A", 1, 62.5, 3906.25],
        [3, "A=Đạt", 1],
        [3, "q=2", 1],
        [1, "responses", 2],
        [1, "A", 2, 152.5, 12006.25],
        [1, "A=Đạt", 1],
        [1, "A=Tốt", 1],
        [1, "q=2", 1],
        [1, "q=5", 1],
        [1, "q=1", 1],
        [4, "responses", 1],
        [4, "A", 1, 90, 8100],
        [4, "A=Tốt", 1],
        [4, "q=5", 1],
        [4, "q=1", 1],
      ].sort(byKind),
    },
    {
      name: "a value listed twice counts once; texts make no rows",
      steps: [[[3], contribution(0, "Chưa đạt", ["2", "2"], 2), 1]],
      rows: [
        [3, "responses", 1],
        [3, "A", 1, 0, 0],
        [3, "A=Chưa đạt", 1],
        [3, "q=2", 1],
      ],
    },
  ])("$name", ({ steps, rows }) => {
    expect(rowsOf(steps).sort(byKind)).toEqual(rows.sort(byKind));
  });

  test("score rows start from the stored sums and add in order, as one upsert per response would", () => {
    const stored: StoredScore = (_campaign, unit) =>
      unit === 1 ? { n: 3, sum: 0.1, sumsq: 0.3 } : undefined;
    const steps: Step[] = [
      [[3, 1], contribution(0.2, "x", []), 1],
      [[3, 1], contribution(0.3, "x", []), 1],
    ];
    const scores = rowsOf(steps, stored).filter((r) => r[1] === "A");
    expect(scores).toEqual([
      [3, "A", 2, 0.2 + 0.3, 0.2 * 0.2 + 0.3 * 0.3],
      [1, "A", 5, 0.1 + 0.2 + 0.3, 0.3 + 0.2 * 0.2 + 0.3 * 0.3],
    ]);
    // Not the same bits as adding the changes up first: the order shows.
    expect(0.1 + 0.2 + 0.3).not.toBe(0.1 + (0.2 + 0.3));
  });
});

/** Rows in a fixed order: by unit, then by what they count. */
function byKind(a: unknown[], b: unknown[]) {
  return Number(a[0]) - Number(b[0]) || String(a[1]).localeCompare(String(b[1]));
}

test.each([
  { answers: ["a", "b", "a"], kept: ["a", "b"] },
  { answers: ["a", "a", "a"], kept: ["a"] },
  { answers: [], kept: [] },
])("dedupe keeps one of each value: $answers", ({ answers, kept }) => {
  expect(dedupe(answers.map((value) => ({ question: "q", value }))).map((a) => a.value)).toEqual(kept);
});

test.each([
  { unit: 4, path: [4, 2, 1] },
  { unit: 1, path: [1] },
  { unit: 9, path: [9] },
])("unitPathIn: unit $unit has path $path", ({ unit, path }) => {
  const parents = new Map<number, number | null>([
    [1, null],
    [2, 1],
    [4, 2],
  ]);
  expect(unitPathIn(parents, unit)).toEqual(path);
});
