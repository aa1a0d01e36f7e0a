import { readdirSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { CATALOGUE_DIR, readForm } from "../forms/catalogue.ts";
import { checkForm } from "../forms/check.ts";
import type { FormJson } from "../forms/types.ts";
import { formVersion } from "../forms/version.ts";
import { catalogue } from "./helpers.ts";

const t = (vi: string) => ({ default: vi, en: `${vi} (en)` });

/** A small form that passes every check; each broken variant below changes one thing. */
function goodForm(): FormJson {
  return {
    title: t("Phiếu"),
    audience: "staff",
    source: "003_940463f5e3730ada.txt, III.8.2",
    criteria: [{ id: "TC1", title: t("Tiêu chí 1") }],
    levels: [
      { min: 80, label: t("Tốt") },
      { min: 0, label: t("Chưa đạt") },
    ],
    pages: [{ elements: [{ type: "rating", name: "q1", criterion: "TC1", title: t("Câu 1") }] }],
  };
}

describe("the catalogue in forms/", () => {
  const files = readdirSync(CATALOGUE_DIR).filter((f) => f.endsWith(".json"));

  test("loads every form file, each checked, with a content version", () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(catalogue.map((f) => `${f.id}.json`).sort()).toEqual(files.sort());
    for (const form of catalogue) expect(form.version).toMatch(/^[0-9a-f]{16}$/);
  });

  test.each(catalogue.map((f) => [f.id, f]))("%s passes every check, translations included", (_id, form) => {
    expect(checkForm(form.json, { requireTranslations: true })).toEqual([]);
    expect(form.json.source).toMatch(/^\d{3}_[0-9a-f]{16}\.txt, /);
  });

  test("happy-school-staff encodes all 27 items of seed 003 III.8.2 as 7 / 12 / 8 (a split item's halves weigh ½ each)", () => {
    const form = catalogue.find((f) => f.id === "happy-school-staff");
    const perCriterion: Record<string, number> = {};
    for (const page of form?.json.pages ?? [])
      for (const el of page.elements ?? [])
        if (el.criterion) perCriterion[el.criterion] = (perCriterion[el.criterion] ?? 0) + (el.weight ?? 1);
    expect(perCriterion).toEqual({ TC1: 7, TC2: 12, TC3: 8 });
    expect(form?.json.audience).toBe("staff");
  });

  test("happy-school-parent shares the staff form's criterion ids and is for parents", () => {
    const staff = catalogue.find((f) => f.id === "happy-school-staff");
    const parent = catalogue.find((f) => f.id === "happy-school-parent");
    expect(parent?.json.audience).toBe("parent");
    expect(parent?.json.criteria?.map((c) => c.id)).toEqual(staff?.json.criteria?.map((c) => c.id));
  });
});

describe("checkForm", () => {
  test("accepts the reference form", () => {
    expect(checkForm(goodForm(), { requireTranslations: true })).toEqual([]);
  });

  test.each<[string, (f: FormJson) => void, RegExp]>([
    [
      "an unknown criterion",
      (f) => Object.assign(f.pages?.[0]?.elements?.[0] ?? {}, { criterion: "TC9" }),
      /criterion "TC9", which the form does not declare/,
    ],
    [
      "a criterion without items",
      (f) => f.criteria?.push({ id: "TC2", title: t("Tiêu chí 2") }),
      /criterion "TC2" has no scored question/,
    ],
    [
      "a missing English text",
      (f) => Object.assign(f, { title: { default: "Phiếu" } }),
      /title has no English text/,
    ],
    [
      "a plain-string title",
      (f) => Object.assign(f, { title: "Phiếu" }),
      /title has no Vietnamese text under "default"/,
    ],
    [
      "a missing English choice text",
      (f) =>
        f.pages?.[0]?.elements?.push({
          type: "radiogroup",
          name: "q2",
          title: t("Câu 2"),
          choices: [{ value: "a", text: { default: "A" } }],
        }),
      /choices\[0\]\.text has no English text/,
    ],
    [
      "scored choices without a criterion",
      (f) =>
        f.pages?.[0]?.elements?.push({
          type: "radiogroup",
          name: "q2",
          title: t("Câu 2"),
          choices: [{ value: "a", text: t("A"), score: 1 }],
        }),
      /question "q2" has choices with a score but names no criterion/,
    ],
    [
      "an unscorable type with a criterion",
      (f) =>
        f.pages?.[0]?.elements?.push({ type: "comment", name: "q2", title: t("Câu 2"), criterion: "TC1" }),
      /question "q2" of type "comment" cannot be scored/,
    ],
    [
      "scored text without a numeric target",
      (f) => f.pages?.[0]?.elements?.push({ type: "text", name: "q2", title: t("Câu 2"), criterion: "TC1" }),
      /question "q2" is scored text: it needs inputType "number" and a positive target/,
    ],
    [
      "a zero weight",
      (f) => Object.assign(f.pages?.[0]?.elements?.[0] ?? {}, { weight: 0 }),
      /weight must be a positive number/,
    ],
    ["levels out of order", (f) => f.levels?.reverse(), /levels must be ordered/],
    [
      "a duplicate question name",
      (f) => f.pages?.[0]?.elements?.push({ type: "rating", name: "q1", title: t("Câu 1 lại") }),
      /question name "q1" is used twice/,
    ],
    ["an unknown audience", (f) => Object.assign(f, { audience: "students" }), /audience "students"/],
    [
      "a choice question whose scores do not span a range",
      (f) =>
        f.pages?.[0]?.elements?.push({
          type: "radiogroup",
          name: "q2",
          criterion: "TC1",
          title: t("Câu 2"),
          choices: [{ value: "a", text: t("A"), score: 1 }],
        }),
      /question "q2" is scored but its answers do not span a range/,
    ],
    [
      "an unknown property",
      (f) => Object.assign(f.pages?.[0]?.elements?.[0] ?? {}, { colour: "red" }),
      /survey-core: .*colour/,
    ],
  ])("refuses %s, naming the problem", (_label, breakIt, expected) => {
    const form = goodForm();
    breakIt(form);
    const problems = checkForm(form, { requireTranslations: true });
    expect(problems.join("\n")).toMatch(expected);
  });

  test("readForm refuses a catalogue file with the problem and the file's id in the message", () => {
    const bad = goodForm();
    const first = bad.pages?.[0]?.elements?.[0];
    if (first) delete first.criterion;
    expect(() => readForm("Bad Name", JSON.stringify(goodForm()))).toThrow(/form id "Bad Name"/);
    expect(() => readForm("broken", "{")).toThrow(/not valid JSON/);
    expect(() => readForm("broken", JSON.stringify(bad))).toThrow(/criterion "TC1" has no scored question/);
  });
});

describe("formVersion", () => {
  test("ignores key order and whitespace but not content", () => {
    const a = { title: "x", pages: [{ name: "p" }] };
    const b = JSON.parse(`{ "pages": [ { "name": "p" } ],\n "title": "x" }`);
    expect(formVersion(a)).toBe(formVersion(b));
    expect(formVersion(a)).not.toBe(formVersion({ ...a, title: "y" }));
  });
});
