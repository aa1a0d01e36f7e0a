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
  /** Units to export (a subtree), or every unit of the campaign. */
  unitIds: number[] | "all";
  /** Units that may be named; others get blank unit columns (parents' groups under the threshold). */
  namedUnits: Set<number> | "all";
}

/** The header row and then one row per response, read page by page, yielding between pages. */
export async function* exportRows(store: Store, scope: ExportScope): AsyncGenerator<string[]> {
  const questions = listElements(scope.form)
    .filter((el) => el.name && el.type && !NO_ANSWER_TYPES.has(el.type))
    .map((el) => el.name as string);
  const criteria = (scope.form.criteria ?? []).map((c) => c.id);
  yield [
    "unit_code",
    "unit_name",
    "submitted_at",
    "revision",
    ...questions,
    ...criteria.map((id) => `score_${id}`),
    "score_total",
    "level",
  ];
  let after = 0;
  for (;;) {
    const page = await store.responses.exportPage(scope.campaign.id, scope.unitIds, after, PAGE);
    if (page.length === 0) return;
    for (const r of page) {
      const named = scope.namedUnits === "all" || scope.namedUnits.has(r.unit_id);
      const answers = JSON.parse(r.answers) as Record<string, unknown>;
      yield [
        named ? r.unit_code : "",
        named ? r.unit_name : "",
        r.submitted_at,
        String(r.revision),
        ...questions.map((q) => cell(answers[q])),
        ...criteria.map((id) => numberCell(r.scores[id])),
        numberCell(r.total),
        r.level ?? "",
      ];
    }
    after = page[page.length - 1]?.id ?? after;
    await yieldToEventLoop();
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
