import type { CriteriaSelector, LevelRule } from "./types.ts";

/**
 * Level rules as a spreadsheet cell says them, one rule after another separated by ";":
 * `tất cả ≥ 65` · `bắt buộc ≥ met` · `ít nhất 2 trong TC1, TC2, TC3 ≥ 50` (a criterion level id or a
 * score 0–100 after ≥). Both directions live here, so what an export writes an import reads back.
 */
const SELECTOR_WORDS: Record<string, Exclude<CriteriaSelector, string[]>> = {
  "tất cả": "all",
  all: "all",
  "bắt buộc": "mandatory",
  mandatory: "mandatory",
  "còn lại": "others",
  others: "others",
};
const SELECTOR_TEXT: Record<string, string> = { all: "tất cả", mandatory: "bắt buộc", others: "còn lại" };
const ID = /^[A-Za-z0-9_.-]{1,64}$/;

export function formatRules(rules: LevelRule[] | undefined): string {
  return (rules ?? []).map(formatRule).join("; ");
}

function formatRule(rule: LevelRule): string {
  const c = rule.criteria;
  const selector = c === undefined ? "" : Array.isArray(c) ? c.join(", ") : SELECTOR_TEXT[c];
  const atLeast = rule.atLeast !== undefined ? `ít nhất ${rule.atLeast} trong ` : "";
  return `${atLeast}${selector}${selector ? " " : ""}≥ ${rule.reach}`;
}

export type ParsedRules = { ok: true; rules: LevelRule[] } | { ok: false; message: string };

export function parseRules(text: string): ParsedRules {
  const rules: LevelRule[] = [];
  for (const part of text
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const sides = part.split(/≥|>=/);
    if (sides.length !== 2)
      return { ok: false, message: `điều kiện “${part}” cần dạng “tất cả ≥ 65” (một dấu ≥)` };
    let left = (sides[0] ?? "").trim().toLowerCase();
    const reachText = (sides[1] ?? "").trim();
    const rule: LevelRule = { reach: reachText };
    const atLeast = /^ít nhất\s+(\d+)\s*(?:trong(?:\s+|$))?/.exec(left);
    if (atLeast) {
      rule.atLeast = Number(atLeast[1]);
      left = left.slice(atLeast[0].length).trim();
    }
    const word = SELECTOR_WORDS[left];
    if (word) rule.criteria = word;
    else if (left !== "") {
      // Ids keep the case the criteria sheet uses, so take them from the original text.
      const original = (sides[0] ?? "").trim().replace(/^ít nhất\s+\d+\s*(?:trong(?:\s+|$))?/i, "");
      const ids = original.split(",").map((s) => s.trim());
      const bad = ids.find((id) => !ID.test(id));
      if (bad !== undefined)
        return { ok: false, message: `“${bad}” không phải mã tiêu chí, “tất cả”, “bắt buộc” hay “còn lại”` };
      rule.criteria = ids;
    }
    const number = Number(reachText.replace(",", "."));
    if (reachText !== "" && Number.isFinite(number)) rule.reach = number;
    else if (!ID.test(reachText))
      return {
        ok: false,
        message: `sau ≥ cần một điểm (0–100) hoặc mã mức tiêu chí, không phải “${reachText}”`,
      };
    rules.push(rule);
  }
  return { ok: true, rules };
}
