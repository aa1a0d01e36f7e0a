import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { scoreResponse } from "../forms/score.ts";
import type { Answers, Scores } from "../forms/types.ts";
import { validateAnswers } from "../forms/validate.ts";
import { catalogueForm } from "./helpers.ts";

const fullAnswer = (formId: string): Answers =>
  JSON.parse(readFileSync(new URL(`./fixtures/answers/${formId}.json`, import.meta.url), "utf8"));

type Expected = {
  total: number;
  level: string;
  criteria: Record<string, number | null>;
  blocking?: string[];
};

// Each expected figure was computed by hand from the fixture's answers (see the form's choice scores).
const scored: [string, Expected][] = [
  [
    "five-no-staff",
    // Each commitment scores its weakest item: kept 100, not yet kept well 50, breached 0.
    {
      total: 50,
      level: "Chưa đạt",
      criteria: { K1: 100, K2: 50, K3: 50, K4: 0, K5: 50 },
      blocking: ["K4"],
    },
  ],
  [
    "dvk-collective-award",
    {
      total: 72.92,
      level: "Chưa đủ tiêu chuẩn đề nghị khen thưởng",
      criteria: { TC1: 100, TC2: 50, TC3: 100, TC4: 100, TC5: 0, TC6: 50, TC7: 100, TC8: 83.33 },
      blocking: ["TC2", "TC5", "TC6", "TC8"],
    },
  ],
  [
    "dvk-individual-award",
    {
      total: 72.92,
      level: "Chưa đủ tiêu chuẩn đề nghị khen thưởng",
      blocking: ["LEADER", "CIVIL_SERVANT", "EXEMPLAR"],
      criteria: { LEADER: 62.5, PARTY_MEMBER: null, UNION_MEMBER: null, CIVIL_SERVANT: 81.25, EXEMPLAR: 75 },
    },
  ],
  [
    "democracy-transparency",
    // TC3 leaves out mediation ("Không phát sinh trong kỳ"): (50 + 100 + 100 + 50 + 100) / 5.
    { total: 82.67, level: "Tốt", criteria: { TC1: 70, TC2: 90, TC3: 80, TC4: 83.33, TC5: 90 } },
  ],
  [
    "unit-periodic-report",
    {
      // A 6-month report: one parent dialogue meets that period's target (two a year).
      total: 98.75,
      level: "Cơ bản hoàn thành chỉ tiêu",
      criteria: { CT1: 100, CT2: 95, CT3: 100, CT4: 100 },
      blocking: ["CT2"],
    },
  ],
];

describe("a full answer to each scored catalogue form", () => {
  test.each(scored)("%s validates and scores as computed by hand", (formId, expected) => {
    const form = catalogueForm(formId);
    const answers = fullAnswer(formId);
    expect(validateAnswers(form.json, answers)).toEqual([]);
    const scores = scoreResponse(form.json, answers) as Scores;
    expect(scores.total).toBe(expected.total);
    expect(scores.level).toBe(expected.level);
    expect(Object.fromEntries(scores.criteria.map((c) => [c.id, c.score]))).toEqual(expected.criteria);
    expect(scores.blocking).toEqual(expected.blocking ?? []);
  });
});

describe("unscored catalogue forms", () => {
  test.each([
    "dvk-model-registration",
    "dvk-model-results",
    "emulation-registration",
    "emulation-results",
    "unit-quarterly-report",
  ])("%s accepts a full answer and scores null", (formId) => {
    const form = catalogueForm(formId);
    expect(validateAnswers(form.json, fullAnswer(formId))).toEqual([]);
    expect(scoreResponse(form.json, fullAnswer(formId))).toBeNull();
  });
});

describe("dvk-individual-award shows and scores only the chosen roles", () => {
  const form = catalogueForm("dvk-individual-award");
  const full = fullAnswer("dvk-individual-award");
  const civilAnswers = Object.keys(full).filter((k) => k.startsWith("civil_"));

  test("the fixture chooses leader and civil servant", () => {
    expect(full.roles).toEqual(["leader", "civil_servant"]);
    expect(civilAnswers.length).toBeGreaterThan(0);
  });

  test("answers to a role that was not chosen are refused as hidden", () => {
    const answers = { ...full, roles: ["leader"] };
    const refused = validateAnswers(form.json, answers).map((e) => e.question);
    expect(refused.sort()).toEqual(civilAnswers.sort());
  });

  test("without the unchosen role's answers, only the chosen roles' criteria are scored", () => {
    const answers: Answers = { ...full, roles: ["leader"] };
    for (const k of civilAnswers) delete answers[k];
    expect(validateAnswers(form.json, answers)).toEqual([]);
    const scores = scoreResponse(form.json, answers) as Scores;
    const scoredIds = scores.criteria.filter((c) => c.score !== null).map((c) => c.id);
    expect(scoredIds).toEqual(["LEADER", "EXEMPLAR"]);
    expect(scores.total).toBe(68.75); // (62.5 + 75) / 2
  });

  test("a chosen role's criteria are required", () => {
    const answers: Answers = { ...full, roles: ["leader", "civil_servant", "party_member"] };
    expect(validateAnswers(form.json, answers).length).toBeGreaterThan(0);
  });
});

describe("unit-periodic-report: the parent-dialogue target follows the reporting period", () => {
  const form = catalogueForm("unit-periodic-report");
  const full = fullAnswer("unit-periodic-report");
  const withDialogues = (period: string, question: string, n: number): Answers => {
    const answers: Answers = { ...full, period, [question]: n };
    if (question !== "parent_dialogues_midyear") delete answers.parent_dialogues_midyear;
    return answers;
  };

  test.each<[string, string, number, number]>([
    ["m6", "parent_dialogues_midyear", 1, 100],
    ["m9", "parent_dialogues_midyear", 1, 100],
    ["m9", "parent_dialogues_midyear", 0, 0],
    ["m12", "parent_dialogues", 1, 50],
    ["m12", "parent_dialogues", 2, 100],
  ])("report %s, %s = %i → CT4 %i", (period, question, n, ct4) => {
    const answers = withDialogues(period, question, n);
    expect(validateAnswers(form.json, answers)).toEqual([]);
    const scores = scoreResponse(form.json, answers) as Scores;
    expect(scores.criteria.find((c) => c.id === "CT4")?.score).toBe(ct4);
  });

  test("a 6-month report cannot answer the year's dialogue target", () => {
    const answers = { ...withDialogues("m6", "parent_dialogues", 2), parent_dialogues_midyear: 1 };
    expect(validateAnswers(form.json, answers).map((e) => e.question)).toEqual(["parent_dialogues"]);
  });

  test("quarters are not periods of this report (they have their own form)", () => {
    expect(validateAnswers(form.json, { ...full, period: "q2" }).map((e) => e.question)).toContain("period");
  });
});

describe("emulation-registration: quantified targets, and a pledge from a collective", () => {
  const form = catalogueForm("emulation-registration");
  const full = fullAnswer("emulation-registration");
  const collective: Answers = {
    school_year: "2025–2026",
    registrant: "collective",
    collective_name: "Tổ khối 4",
    members: 9,
    representative: "Phạm Văn Nam, tổ trưởng",
    collective_title: "tap_the_lao_dong_tien_tien",
    pledge: "100% thành viên đăng ký danh hiệu thi đua; không có thành viên vi phạm đạo đức nhà giáo.",
    movements: ["day_tot_hoc_tot"],
    targets: [{ content: "Giờ dạy đạt loại tốt", target: 20, unit: "tiết" }],
  };
  const refused = (answers: Answers) => validateAnswers(form.json, answers).map((e) => e.question);

  test("a collective's registration with its pledge is accepted", () => {
    expect(refused(collective)).toEqual([]);
  });

  test.each<[string, Answers, string]>([
    ["no target at all", { ...full, targets: [] }, "targets"],
    [
      "a target without a number",
      { ...full, targets: [{ content: "Dạy tốt", target: "nhiều", unit: "tiết" }] },
      "targets",
    ],
    ["a target without its unit", { ...full, targets: [{ content: "Dạy tốt", target: 4 }] }, "targets"],
    ["a calendar year instead of a school year", { ...full, school_year: "2026" }, "school_year"],
    ["a collective without its pledge", { ...collective, pledge: undefined }, "pledge"],
    [
      "a collective giving a person's title",
      { ...collective, emulation_title: "lao_dong_tien_tien" },
      "emulation_title",
    ],
  ])("refused: %s", (_label, answers, question) => {
    expect(refused(answers)).toContain(question);
  });
});

describe("forms are shared across requests, so checking answers must not change them", () => {
  test.each(scored.map(([id]) => id))(
    "%s is the same JSON after validating and scoring a full answer",
    (formId) => {
      const form = catalogueForm(formId);
      const before = JSON.stringify(form.json);
      validateAnswers(form.json, fullAnswer(formId));
      validateAnswers(form.json, { bogus: 1 }, "en");
      scoreResponse(form.json, fullAnswer(formId));
      expect(JSON.stringify(form.json)).toBe(before);
    },
  );
});
