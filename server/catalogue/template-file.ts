import type { Cell as ExcelCell, Worksheet } from "exceljs";
import type { TemplateRows } from "../../forms/form-to-sheet.ts";
import { MAX_ITEM_ROWS } from "../../forms/sheet-item-rows.ts";
import {
  type Cell,
  numbered,
  problem,
  SCALE_NAMES,
  SHEET_NAMES,
  type SheetName,
  type SheetProblem,
  type SheetRow,
  type TemplateSheets,
} from "../../forms/sheet-template.ts";
import { HttpError } from "../http/http-error.ts";
import { parseCsv } from "../units/parse-csv.ts";
import { declaredUnzippedBytes } from "./zip-size.ts";

/** Settings rows, more than any form needs, and a whole-sheet bound that a 10,000-row file exceeds. */
const MAX_SETTINGS_ROWS = 500;
/** A filled 1,000-row template unzips to about 1 MB; 10,000 rows to about 3 MB. */
const MAX_UNZIPPED_BYTES = 40_000_000;

const GUIDE = [
  ["Cách điền", ""],
  [
    "Thiết lập",
    "Mỗi dòng một mục: Mã biểu mẫu, Tiêu đề, Mô tả, Đối tượng, Nguồn, Mức (điều kiện xếp mức), Tiêu chí…",
  ],
  [
    "Câu hỏi",
    "Mỗi dòng một câu hỏi. Bắt buộc: Mã câu hỏi, Nội dung, Thang điểm. Câu tính điểm cần Mã tiêu chí.",
  ],
  ["Thang điểm", SCALE_NAMES.join(" · ")],
  ["1-5", "đánh giá từ 1 đến 5; “Nhãn hai đầu thang”: Hoàn toàn không đồng ý | Hoàn toàn đồng ý"],
  ["Số", "một con số; điểm = giá trị / Chỉ tiêu (tối đa 100%)"],
  ["Văn bản", "câu trả lời tự do, không tính điểm"],
  ["Khác", "loại câu hỏi SurveyJS khác, mô tả trong cột Thuộc tính khác (JSON)"],
  [
    "Mức",
    "Tên mức | Name (en) | Điểm tổng tối thiểu | Điều kiện, ví dụ “tất cả ≥ 65” hoặc “bắt buộc ≥ met; ít nhất 2 trong TC1, TC2 ≥ 50”; mức cao nhất trước",
  ],
  ["Không dùng", "công thức, ô gộp (hãy dán giá trị, bỏ gộp ô)"],
];

export async function templateXlsx(rows: TemplateRows): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  for (const [name, data, widths] of [
    [SHEET_NAMES.settings, rows.settings, [18, 50, 50, 20, 50]],
    [SHEET_NAMES.items, rows.items, [14, 12, 10, 30, 20, 14, 60, 40, 14, 30, 20, 9, 9, 9, 12, 30, 20, 30]],
    ["Hướng dẫn", GUIDE, [16, 120]],
  ] as const) {
    const sheet = book.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    for (const row of data) sheet.addRow(row.map((c) => (c === "" ? null : c)));
    sheet.getRow(1).font = { bold: true };
    widths.forEach((w, i) => {
      sheet.getColumn(i + 1).width = w;
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** One CSV file: the settings rows, an empty line, then the items sheet from its header on. */
export function templateCsv(rows: TemplateRows): string {
  const quote = (c: Cell) => {
    const s = c === null ? "" : String(c);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const lines = [...rows.settings, [], ...rows.items].map((r) => r.map(quote).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export interface ReadTemplate {
  sheets: TemplateSheets;
  problems: SheetProblem[];
}

/** An uploaded XLSX or CSV → the two sheets' rows, or a 4xx naming what is wrong with the file. */
export async function readTemplate(bytes: Uint8Array): Promise<ReadTemplate> {
  if (bytes.length === 0) throw new HttpError(400, "file_empty", "Tệp tải lên trống");
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  return zip ? readXlsx(bytes) : readCsv(bytes);
}

function notSpreadsheet(): HttpError {
  return new HttpError(
    415,
    "not_a_spreadsheet",
    "Tệp không phải bảng tính XLSX hay CSV (UTF-8); hãy tải mẫu, điền rồi lưu dạng .xlsx hoặc .csv",
  );
}

function tooManyRows(sheet: string, count: number): HttpError {
  return new HttpError(
    422,
    "too_many_rows",
    `Trang tính ${sheet} có ${count.toLocaleString("vi-VN")} dòng; một biểu mẫu có tối đa ${MAX_ITEM_ROWS.toLocaleString("vi-VN")} câu hỏi`,
  );
}

function readCsv(bytes: Uint8Array): ReadTemplate {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw notSpreadsheet();
  }
  if (text.includes("\u0000")) throw notSpreadsheet();
  const all = numbered(parseCsv(text));
  if (all.length > MAX_ITEM_ROWS + MAX_SETTINGS_ROWS) throw tooManyRows("CSV", all.length);
  // A CSV holds no formulas (what looks like one is text); the items start at the row naming "Mã câu hỏi".
  const start = all.findIndex((r) => r.cells.some((c) => String(c).trim().toLowerCase() === "mã câu hỏi"));
  if (start < 0)
    throw new HttpError(422, "items_missing", "Tệp CSV không có dòng tiêu đề câu hỏi (cột “Mã câu hỏi”)");
  return { sheets: { settings: all.slice(0, start), items: all.slice(start) }, problems: [] };
}

async function readXlsx(bytes: Uint8Array): Promise<ReadTemplate> {
  const unzipped = declaredUnzippedBytes(bytes);
  if (unzipped === null) throw notSpreadsheet();
  if (unzipped > MAX_UNZIPPED_BYTES)
    throw new HttpError(
      413,
      "spreadsheet_too_large",
      `Bảng tính giải nén ra ${Math.round(unzipped / 1e6)} MB; tối đa ${MAX_UNZIPPED_BYTES / 1e6} MB`,
    );
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw notSpreadsheet();
  }
  const find = (name: string) =>
    book.worksheets.find((s) => s.name.trim().toLowerCase() === name.toLowerCase());
  const settings = find(SHEET_NAMES.settings);
  const items = find(SHEET_NAMES.items);
  if (!settings || !items)
    throw new HttpError(
      422,
      "sheets_missing",
      `Bảng tính cần hai trang tính “${SHEET_NAMES.settings}” và “${SHEET_NAMES.items}” như trong tệp mẫu`,
    );
  if (settings.rowCount > MAX_SETTINGS_ROWS) throw tooManyRows(SHEET_NAMES.settings, settings.rowCount);
  if (items.rowCount > MAX_ITEM_ROWS + 1) throw tooManyRows(SHEET_NAMES.items, items.rowCount);
  const problems: SheetProblem[] = [];
  return {
    sheets: {
      settings: sheetRows(settings, "settings", problems),
      items: sheetRows(items, "items", problems),
    },
    problems,
  };
}

function sheetRows(sheet: Worksheet, name: SheetName, problems: SheetProblem[]): SheetRow[] {
  const header = sheet.getRow(1);
  const columnName = (col: number) =>
    name === "items" ? String(cellValue(header.getCell(col)) ?? col) : sheet.getColumn(col).letter;
  // A merged range keeps its value in the first cell only; every other row it covers would read empty.
  for (const range of (sheet.model as { merges?: string[] }).merges ?? []) {
    const first = sheet.getCell(range.split(":")[0] ?? "A1");
    problems.push(
      problem(
        name,
        Number(first.row),
        columnName(Number(first.col)),
        `ô gộp ${range}; hãy bỏ gộp ô và ghi giá trị vào từng ô`,
      ),
    );
  }
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (isFormula(cell.value)) {
        problems.push(
          problem(name, number, columnName(col), "ô chứa công thức; hãy dán giá trị thay cho công thức"),
        );
        cells[col - 1] = null;
      } else cells[col - 1] = cellValue(cell);
    });
    rows.push({ row: number, cells: Array.from(cells, (c) => c ?? null) });
  });
  return rows;
}

function cellValue(cell: ExcelCell): Cell {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    const o = v as { richText?: { text: string }[]; text?: unknown; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join("");
    if (typeof o.text === "string") return o.text;
    if (typeof o.error === "string") return o.error;
  }
  return String(cell.text ?? "");
}

// Shared formulas (a formula filled down) come as { sharedFormula, result } and have no `formula`.
function isFormula(v: unknown): boolean {
  return !!v && typeof v === "object" && ("formula" in v || "sharedFormula" in v);
}
