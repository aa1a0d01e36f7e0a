import type { ElementJson, LocalizedText } from "./types.ts";

/**
 * The criteria template: a "Thiết lập" (settings) sheet of `key | value…` rows and a "Câu hỏi" (items)
 * sheet with one question a row. Both sides of the conversion (sheet-to-form, form-to-sheet) read
 * these definitions, so the headers and scale names exist once.
 */
export type Cell = string | number | boolean | null;

/** One sheet row with its 1-based line number in the file (so problems can name it). */
export interface SheetRow {
  row: number;
  cells: Cell[];
}

export interface TemplateSheets {
  settings: SheetRow[];
  /** Header row first. */
  items: SheetRow[];
}

export type SheetName = "settings" | "items";

export interface SheetProblem {
  sheet: SheetName | null;
  row: number | null;
  column: string | null;
  /** Vietnamese, with its place first: "Dòng 12, cột Thang điểm: …". */
  message: string;
}

export const SHEET_NAMES: Record<SheetName, string> = { settings: "Thiết lập", items: "Câu hỏi" };

export const ITEM_COLUMNS = {
  page: "Trang",
  group: "Nhóm",
  criterion: "Mã tiêu chí",
  criterionTitle: "Tên tiêu chí",
  criterionTitleEn: "Tên tiêu chí (en)",
  id: "Mã câu hỏi",
  text: "Nội dung",
  textEn: "Nội dung (en)",
  scale: "Thang điểm",
  labels: "Nhãn hai đầu thang",
  labelsEn: "Nhãn hai đầu thang (en)",
  target: "Chỉ tiêu",
  weight: "Trọng số",
  required: "Bắt buộc",
  na: "Cho phép Không áp dụng",
  description: "Hướng dẫn",
  descriptionEn: "Hướng dẫn (en)",
  extra: "Thuộc tính khác (JSON)",
} as const;
export type ItemColumn = keyof typeof ITEM_COLUMNS;
export const REQUIRED_ITEM_COLUMNS: ItemColumn[] = ["id", "text", "scale"];

/** Settings rows: the key in column A, then values. */
export const SETTING_KEYS = {
  formId: "Mã biểu mẫu",
  title: "Tiêu đề",
  description: "Mô tả",
  audience: "Đối tượng",
  source: "Nguồn",
  page: "Trang",
  group: "Nhóm",
  criterion: "Tiêu chí",
  criterionLevel: "Mức tiêu chí",
  level: "Mức",
  extra: "Khác (JSON)",
} as const;
export type SettingKey = keyof typeof SETTING_KEYS;

/** What each settings row's value columns mean (B, C, D…), shown in the template and in problems. */
export const SETTING_COLUMNS: Record<SettingKey, string[]> = {
  formId: ["Mã (chữ thường, số, dấu -)"],
  title: ["Tiếng Việt", "English"],
  description: ["Tiếng Việt", "English"],
  audience: ["Cán bộ, giáo viên, nhân viên / Cha mẹ học sinh / Đơn vị"],
  source: ["Văn bản gốc"],
  page: ["Mã trang", "Tiêu đề", "Title (en)", "Khác (JSON)"],
  group: ["Mã nhóm", "Tiêu đề", "Title (en)", "Khác (JSON)"],
  criterion: ["Mã tiêu chí", "Bắt buộc", "Cách tính (trung bình / thấp nhất)", "Mức riêng (JSON)"],
  criterionLevel: ["Mã mức", "Tên mức", "Name (en)", "Điểm tối thiểu"],
  level: ["Tên mức", "Name (en)", "Điểm tổng tối thiểu", "Điều kiện"],
  extra: ["JSON"],
};

export const AUDIENCE_NAMES = {
  staff: "Cán bộ, giáo viên, nhân viên",
  parent: "Cha mẹ học sinh",
  unit: "Đơn vị",
} as const;

export const NA_CHOICE = { value: "na", text: { default: "Không áp dụng", en: "Not applicable" } };

const choice = (value: string, vi: string, en: string, score: number) => ({
  value,
  text: { default: vi, en },
  score,
});

/** Answer scales whose choices the template fixes; the names are what the "Thang điểm" column says. */
export const CHOICE_SCALES: { name: string; choices: ReturnType<typeof choice>[] }[] = [
  {
    name: "Đạt/Chưa đạt",
    choices: [choice("met", "Đạt", "Met", 1), choice("not_met", "Chưa đạt", "Not met", 0)],
  },
  {
    name: "Cam kết",
    choices: [
      choice("kept", "Thực hiện tốt", "Kept well", 2),
      choice("not_yet", "Chưa thực hiện tốt", "Not yet kept well", 1),
      choice("breached", "Có vi phạm", "Breached", 0),
    ],
  },
  {
    name: "Mức thực hiện",
    choices: [
      choice("done", "Đã thực hiện", "Done", 2),
      choice("partly_done", "Thực hiện một phần", "Partly done", 1),
      choice("not_done", "Chưa thực hiện", "Not done", 0),
    ],
  },
  { name: "Có/Không", choices: [choice("yes", "Có", "Yes", 1), choice("no", "Không", "No", 0)] },
];

export const NUMBER_SCALE = "Số";
export const TEXT_SCALE = "Văn bản";
export const SHORT_TEXT_SCALE = "Văn bản ngắn";
export const OTHER_SCALE = "Khác";
/** A rating from a to b: "1-5". */
export const RATING_SCALE = /^(\d{1,2})\s*[-–]\s*(\d{1,2})$/;

export const SCALE_NAMES = [
  "1-5",
  ...CHOICE_SCALES.map((s) => s.name),
  NUMBER_SCALE,
  TEXT_SCALE,
  SHORT_TEXT_SCALE,
  OTHER_SCALE,
];

/** The columns that say what the question is; the scale decides type and answers. */
export interface ItemFields {
  id: string;
  text: LocalizedText;
  scale: string;
  criterion?: string;
  labels?: [LocalizedText, LocalizedText];
  target?: number;
  weight?: number;
  required: boolean;
  na: boolean;
  description?: LocalizedText;
  extra: ElementJson;
}

/** A text from its Vietnamese and English cells: a plain string when there is no English. */
export function textOf(vi: string, en: string | undefined): LocalizedText {
  return en ? { default: vi, en } : vi;
}

export function splitText(text: unknown): [string, string] {
  if (typeof text === "string") return [text, ""];
  if (text && typeof text === "object") {
    const t = text as Record<string, unknown>;
    return [typeof t.default === "string" ? t.default : "", typeof t.en === "string" ? t.en : ""];
  }
  return ["", ""];
}

export function placeOf(sheet: SheetName, row: number | null, column: string | null): string {
  const where = [
    sheet === "settings"
      ? `Trang tính ${SHEET_NAMES.settings}, dòng ${row ?? "?"}`
      : row
        ? `Dòng ${row}`
        : "",
    column ? `cột ${column}` : "",
  ].filter(Boolean);
  return where.join(", ");
}

export function problem(sheet: SheetName | null, row: number | null, column: string | null, what: string) {
  const place = sheet ? placeOf(sheet, row, column) : "";
  return { sheet, row, column, message: place ? `${place}: ${what}` : what };
}

/** Rows as written (first row is line 1) → rows with their line numbers. */
export function numbered(rows: Cell[][]): SheetRow[] {
  return rows.map((cells, i) => ({ row: i + 1, cells }));
}
