import { PassThrough, Readable } from "node:stream";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { createGzip } from "node:zlib";
import type { FormJson } from "../../forms/types.ts";
import { listElements, localize } from "../../forms/walk.ts";
import type { Store } from "../store/store.ts";
import type { Campaign } from "../store/types.ts";
import { csvField } from "../units/parse-csv.ts";

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

/** CSV for Excel: UTF-8 with a BOM, CRLF lines, quoted where needed; rows sent in chunks, not one by one. */
export function csvStream(rows: AsyncGenerator<string[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let text = "\uFEFF";
  return new ReadableStream({
    async pull(controller) {
      // A chunk per row would hand compression a million tiny writes; ~64 KB chunks keep it cheap.
      while (text.length < 64 * 1024) {
        const { value, done } = await rows.next();
        if (done) {
          if (text) controller.enqueue(encoder.encode(text));
          return controller.close();
        }
        text += `${value.map(csvField).join(",")}\r\n`;
      }
      controller.enqueue(encoder.encode(text));
      text = "";
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}

/**
 * Gzip for a long download, by node's zlib with backpressure: the compress middleware's web
 * CompressionStream held about 200 MB of native memory over a 1M-row export (bench/export.ts).
 */
export function gzipStream(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const source = Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
  const gzip = createGzip();
  source.on("error", (err) => gzip.destroy(err));
  return Readable.toWeb(source.pipe(gzip)) as ReadableStream<Uint8Array>;
}

/** Whether an Accept-Encoding header takes gzip (and does not refuse it with q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  return !!header && /(^|,)\s*(gzip|\*)\s*(;\s*q=(?!0(\.0*)?\s*(,|$))[\d.]+\s*)?(,|$)/i.test(header);
}

/** XLSX written row by row with exceljs's streaming writer (loaded on first use: it is 25–40 MB). */
export function xlsxStream(rows: AsyncGenerator<string[]>, sheetName: string): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  (async () => {
    const { default: ExcelJS } = await import("exceljs");
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: false,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet(sheetName.slice(0, 31) || "Sheet1");
    for await (const row of rows) sheet.addRow(row).commit();
    sheet.commit();
    await workbook.commit();
  })().catch((err) => out.destroy(err as Error));
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
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
