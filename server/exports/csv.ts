import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import type { Cell, ExportColumn } from "./rows.ts";

/**
 * CSV for Excel: UTF-8 with a BOM, CRLF lines, quoted where needed; headers "question text [id]";
 * rows sent in ~64 KB chunks, not one by one.
 */
export function csvStream(
  columns: ExportColumn[],
  pages: AsyncGenerator<Cell[][]>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let text = `\uFEFF${columns.map((c) => csvField(`${c.title} [${c.id}]`)).join(",")}\r\n`;
  return new ReadableStream({
    async pull(controller) {
      // A chunk per row would hand compression a million tiny writes; ~64 KB chunks keep it cheap.
      while (text.length < 64 * 1024) {
        const { value, done } = await pages.next();
        if (done) {
          if (text) controller.enqueue(encoder.encode(text));
          return controller.close();
        }
        for (const row of value) text += csvLine(row);
      }
      controller.enqueue(encoder.encode(text));
      text = "";
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}

/** One CSV line: numbers as written by JavaScript (a point for decimals), text neutralised and quoted. */
export function csvLine(row: Cell[]): string {
  let line = "";
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (i > 0) line += ",";
    if (typeof v === "number") line += String(v);
    else if (v) line += csvField(v);
  }
  return `${line}\r\n`;
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

/** A CSV field, neutralised and quoted when it must be. */
export function csvField(value: string): string {
  const safe = neutralizeCell(value);
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or tab / CR, which some strip first) as a
 * formula, so a respondent's text could do so in a manager's Excel: OWASP's fix is a leading
 * apostrophe. Plain numbers (a negative score, -3) are left as numbers.
 */
export function neutralizeCell(value: string): string {
  if (!/^[=+\-@\t\r]/.test(value) || /^-\d+(\.\d+)?$/.test(value)) return value;
  return `'${value}`;
}
