import type { Locale } from "./types.ts";

/** Respondent-facing validation messages that survey-core does not provide. */
const MESSAGES = {
  notObject: { vi: "Câu trả lời phải là một đối tượng JSON.", en: "Answers must be a JSON object." },
  unknown: { vi: "Câu hỏi này không có trong phiếu.", en: "This question is not in the form." },
  hidden: {
    vi: "Câu hỏi này đang bị ẩn nên không được trả lời.",
    en: "This question is hidden and must not be answered.",
  },
  noValue: { vi: "Mục này không nhận câu trả lời.", en: "This element does not take an answer." },
  notChoice: {
    vi: "Câu trả lời không nằm trong các lựa chọn của câu hỏi.",
    en: "The answer is not one of the question's choices.",
  },
  ratingRange: {
    vi: "Mức đánh giá phải là một trong các giá trị: {values}.",
    en: "The rating must be one of: {values}.",
  },
  duplicate: { vi: "Một lựa chọn được chọn hai lần.", en: "A choice is selected twice." },
  tooMany: { vi: "Chỉ được chọn tối đa {n} lựa chọn.", en: "Select at most {n} choices." },
  tooLong: { vi: "Câu trả lời dài quá {n} ký tự.", en: "The answer is longer than {n} characters." },
  notText: { vi: "Câu trả lời phải là văn bản.", en: "The answer must be text." },
  notNumber: { vi: "Câu trả lời phải là một số.", en: "The answer must be a number." },
  notBoolean: { vi: "Câu trả lời phải là Có hoặc Không.", en: "The answer must be yes or no." },
  notList: { vi: "Câu trả lời phải là một danh sách.", en: "The answer must be a list." },
  notTable: { vi: "Câu trả lời phải là một bảng theo dòng.", en: "The answer must be a table of rows." },
  tooManyKeys: {
    vi: "Câu trả lời có quá nhiều mục (tối đa {n}).",
    en: "The answers hold too many items (at most {n}).",
  },
  tooManyRows: { vi: "Chỉ được nhập tối đa {n} dòng.", en: "Enter at most {n} rows." },
  badFormat: { vi: "Câu trả lời không đúng định dạng.", en: "The answer is not in the expected format." },
  unknownRow: { vi: "Dòng “{row}” không có trong câu hỏi.", en: "Row “{row}” is not in the question." },
  hiddenCell: {
    vi: "Mục “{key}” đang bị ẩn nên không được trả lời.",
    en: "Item “{key}” is hidden and must not be answered.",
  },
  commentWithoutChoice: {
    vi: "Phần ghi thêm này thuộc về một câu trả lời không hợp lệ.",
    en: "This note belongs to an answer that is not valid.",
  },
  unknownCell: { vi: "Mục “{key}” không có trong câu hỏi.", en: "Item “{key}” is not in the question." },
} as const;

export type MessageKey = keyof typeof MESSAGES;

export function message(
  key: MessageKey,
  locale: Locale,
  params: Record<string, string | number> = {},
): string {
  return MESSAGES[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ""));
}
