import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { FormJson } from "../../forms/types.ts";
import { listElements, localize } from "../../forms/walk.ts";
import type { Store } from "../store/store.ts";
import type { Campaign } from "../store/types.ts";

const PAGE = 1000;
const NO_ANSWER_TYPES = new Set(["html", "image", "panel", "paneldynamic-template", "expression"]);

export interface ExportScope {
  campaign: Campaign;
  form: FormJson;
  /** Units whose released responses to export: a shown unit's subtree, or none (a withheld unit). */
  units: { id: number; code: string; name: string }[];
  /** Units whose results are shown: only they are named; others get blank unit columns. */
  namedUnits: Set<number>;
}

/**
 * The header row and then one row per released response (store/release.ts), read page by page,
 * yielding between pages: the same rule as results. No code, holder, revision or time finer than the
 * day of release; rows by unit, and within a unit in random order, never by submission.
 */
export async function* exportRows(store: Store, scope: ExportScope): AsyncGenerator<string[]> {
  const questions = listElements(scope.form)
    .filter((el) => el.name && el.type && !NO_ANSWER_TYPES.has(el.type))
    .map((el) => el.name as string);
  const criteria = (scope.form.criteria ?? []).map((c) => c.id);
  yield [
    "unit_code",
    "unit_name",
    "released_on",
    ...questions,
    ...criteria.map((id) => `score_${id}`),
    "score_total",
    "level",
  ];
  for (const unit of scope.units) {
    const named = scope.namedUnits.has(unit.id);
    let after: { sortKey: number; responseId: number } | null = null;
    for (;;) {
      const page = await store.releases.exportPage(scope.campaign.id, unit.id, after, PAGE);
      if (page.length === 0) break;
      for (const r of page) {
        const answers = JSON.parse(r.answers) as Record<string, unknown>;
        yield [
          named ? unit.code : "",
          named ? unit.name : "",
          r.released_on,
          ...questions.map((q) => cell(answers[q])),
          ...criteria.map((id) => numberCell(r.scores[id])),
          numberCell(r.total),
          r.level ?? "",
        ];
      }
      const last = page[page.length - 1];
      after = last ? { sortKey: last.sort_key, responseId: last.response_id } : after;
      await yieldToEventLoop();
    }
  }
}

export function exportFileName(campaign: Campaign, form: FormJson, unitCode: string, ext: string): string {
  const title = localize(form.title, "default") || campaign.formId;
  const safe = `${title} ${campaign.period} ${unitCode}`
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D");
  return `${safe
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 100)}.${ext}`;
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value))
    return value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join("; ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function numberCell(value: number | null | undefined): string {
  return value === null || value === undefined ? "" : String(value);
}
