import type { Locale } from "../../../i18n.ts";

// Kept beside the page (not in manager/i18n.ts) so that the form-management work merges without conflicts.
const vi = {
  nav: "Nhập tiêu chí",
  title: "Nhập bộ tiêu chí từ bảng tính",
  intro:
    "Điền bộ tiêu chí vào tệp mẫu (mỗi dòng một nội dung đánh giá), tải lên để xem trước đúng như người trả lời sẽ thấy trên điện thoại, sửa các lỗi được báo rồi xuất bản.",
  blank: "Tải tệp mẫu trống (.xlsx)",
  blankCsv: "Tệp mẫu CSV",
  examples: "Ví dụ đã điền:",
  exportLabel: "Xuất một biểu mẫu có sẵn ra bảng tính",
  exportButton: "Tải về",
  file: "Tệp bảng tính (.xlsx hoặc .csv)",
  preview: "Xem trước",
  reading: "Đang đọc tệp…",
  problems: (n: number) => `${n} lỗi cần sửa trước khi xuất bản`,
  noProblems: "Không có lỗi.",
  isNew: (id: string) => `Biểu mẫu mới “${id}”.`,
  isVersion: (id: string, current: string) =>
    `Phiên bản mới của biểu mẫu “${id}” (bản đang dùng: ${current}).`,
  unchanged: (id: string) => `Giống hệt bản đang dùng của “${id}”: không có gì để xuất bản.`,
  phone: "Người trả lời sẽ thấy (màn hình điện thoại)",
  tryIt: "Thử trả lời để xem điểm và mức đạt.",
  again: "Thử lại",
  scoring: "Cách tính điểm",
  criterion: "Tiêu chí",
  question: "Câu hỏi",
  weight: "Trọng số",
  answers: "Câu trả lời → điểm (trên 100)",
  unscored: "không tính",
  target: (t: number) => `giá trị / ${t} × 100 (tối đa 100)`,
  levels: "Xếp mức (từ cao xuống, lấy mức đầu tiên thoả)",
  levelRow: (label: string, min: number, rules: string) =>
    `${label}: điểm tổng ≥ ${min}${rules ? `; ${rules}` : ""}`,
  noLevels: "Biểu mẫu không xếp mức.",
  publish: "Xuất bản",
  publishing: "Đang xuất bản…",
  published: (id: string, v: string) =>
    `Đã xuất bản “${id}”, phiên bản ${v}. Có thể chọn khi tạo đợt đánh giá.`,
  publishedSame: (id: string) => `“${id}” đã có đúng nội dung này.`,
  publishForbidden:
    "Mã biểu mẫu này thuộc một đơn vị khác (hoặc là biểu mẫu chung của hệ thống): tài khoản này không được xuất bản phiên bản mới của nó. Hãy đặt một mã biểu mẫu mới trong trang Thiết lập.",
};

const en: typeof vi = {
  nav: "Import criteria",
  title: "Import criteria from a spreadsheet",
  intro:
    "Fill the criteria into the template (one item a row), upload it to preview it as respondents will see it on a phone, fix the reported problems, then publish.",
  blank: "Download the empty template (.xlsx)",
  blankCsv: "CSV template",
  examples: "Filled-in examples:",
  exportLabel: "Export an existing form to a spreadsheet",
  exportButton: "Download",
  file: "Spreadsheet (.xlsx or .csv)",
  preview: "Preview",
  reading: "Reading the file…",
  problems: (n: number) => `${n} problem(s) to fix before publishing`,
  noProblems: "No problems.",
  isNew: (id: string) => `New form “${id}”.`,
  isVersion: (id: string, current: string) => `New version of “${id}” (current version: ${current}).`,
  unchanged: (id: string) => `Identical to the current version of “${id}”: nothing to publish.`,
  phone: "What respondents will see (phone screen)",
  tryIt: "Answer it to see the scores and the level.",
  again: "Try again",
  scoring: "How it scores",
  criterion: "Criterion",
  question: "Question",
  weight: "Weight",
  answers: "Answer → points (out of 100)",
  unscored: "not scored",
  target: (t: number) => `value / ${t} × 100 (at most 100)`,
  levels: "Levels (from the highest; the first that holds)",
  levelRow: (label: string, min: number, rules: string) =>
    `${label}: total ≥ ${min}${rules ? `; ${rules}` : ""}`,
  noLevels: "This form has no levels.",
  publish: "Publish",
  publishing: "Publishing…",
  published: (id: string, v: string) =>
    `Published “${id}”, version ${v}. It can be chosen for new campaigns.`,
  publishedSame: (id: string) => `“${id}” already has exactly this content.`,
  publishForbidden:
    "This form id belongs to another unit (or is a shared system form): this account may not publish a new version of it. Give the form a new id on the settings sheet.",
};

export const importStrings: Record<Locale, typeof vi> = { vi, en };
