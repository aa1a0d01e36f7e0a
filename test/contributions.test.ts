import { describe, expect, test } from "vitest";
import { contributionOf } from "../forms/contributions.ts";
import type { FormJson } from "../forms/types.ts";

describe("contributionOf", () => {
  const form = {
    elements: [
      { type: "dropdown", name: "school", choicesByUrl: { url: "https://example.org/schools" } },
      { type: "checkbox", name: "teachers", choicesByUrl: { url: "https://example.org/teachers" } },
      { type: "radiogroup", name: "ok", choices: ["yes", "no"] },
    ],
  } as unknown as FormJson;

  test("keeps remote choices (choicesByUrl) as quotes, never counted per value", () => {
    const c = contributionOf(form, { school: 17, teachers: ["Nguyễn Văn A", "Trần Thị B"], ok: "yes" }, null);
    expect(c.answers).toEqual([{ question: "ok", value: "yes" }]);
    expect(c.texts).toEqual([
      { question: "school", text: "17" },
      { question: "teachers", text: "Nguyễn Văn A, Trần Thị B" },
    ]);
  });

  test("adds no quote for an empty remote choice list", () => {
    expect(contributionOf(form, { teachers: [] }, null).texts).toEqual([]);
  });
});
