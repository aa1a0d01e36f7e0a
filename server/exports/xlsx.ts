import { PassThrough, Readable } from "node:stream";
import { neutralizeCell } from "./csv.ts";

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
    for await (const row of rows) sheet.addRow(row.map(neutralizeCell)).commit();
    sheet.commit();
    await workbook.commit();
  })().catch((err) => out.destroy(err as Error));
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
