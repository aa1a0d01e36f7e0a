import type { Context } from "hono";
import type { Locale } from "../../forms/types.ts";

/** The respondent's language: an explicit choice, else the browser's, else Vietnamese. */
export function pickLocale(c: Context, explicit?: string): Locale {
  const choice = explicit ?? c.req.query("lang");
  if (choice === "en" || choice === "vi") return choice;
  return /^en\b/i.test(c.req.header("accept-language") ?? "") ? "en" : "vi";
}

const MESSAGES = {
  code_not_found: {
    vi: "Không tìm thấy mã này. Vui lòng kiểm tra lại đường dẫn hoặc hỏi nhà trường.",
    en: "This code does not exist. Please check the link or ask the school.",
  },
  code_revoked: {
    vi: "Mã này đã bị thu hồi. Vui lòng xin nhà trường mã mới.",
    en: "This code has been withdrawn. Please ask the school for a new one.",
  },
  campaign_not_open: {
    vi: "Đợt đánh giá chưa bắt đầu.",
    en: "This survey period has not started yet.",
  },
  campaign_closed: {
    vi: "Đợt đánh giá đã kết thúc, không nhận thêm phiếu.",
    en: "This survey period has ended; no more answers are accepted.",
  },
  invalid_answers: {
    vi: "Phiếu chưa hợp lệ. Vui lòng xem lại các câu được đánh dấu.",
    en: "Some answers need attention. Please check the marked questions.",
  },
  invalid_json: { vi: "Nội dung gửi lên không phải JSON hợp lệ.", en: "The request body is not valid JSON." },
  invalid_body: {
    vi: "Nội dung gửi lên thiếu hoặc sai trường: {detail}.",
    en: "The request body has missing or wrong fields: {detail}.",
  },
  unsupported_media_type: {
    vi: "Nội dung phải gửi dưới dạng application/json.",
    en: "The request body must be application/json.",
  },
  too_many_requests: {
    vi: "Có quá nhiều lượt gửi. Vui lòng thử lại sau {detail} giây; câu trả lời của bạn vẫn được lưu trên máy.",
    en: "Too many submissions. Please try again in {detail} seconds; your answers are still saved on this device.",
  },
  validation_over_budget: {
    vi: "Máy chủ chưa kiểm tra kịp phiếu này. Vui lòng thử lại sau ít phút; câu trả lời của bạn vẫn được lưu trên máy.",
    en: "The server could not check these answers in time. Please try again in a few minutes; your answers are still saved on this device.",
  },
  revision_key_required: {
    vi: "Mã này đã được dùng để gửi phiếu. Muốn xem hoặc sửa phiếu đã gửi, vui lòng nhập mã sửa phiếu bạn nhận được khi gửi lần đầu.",
    en: "This code has already been used to answer. To see or change that answer, enter the revision key you were given when you first sent it.",
  },
  revision_key_wrong: {
    vi: "Mã sửa phiếu không đúng. Vui lòng kiểm tra lại mã bạn đã ghi lại khi gửi phiếu lần đầu.",
    en: "The revision key is wrong. Please check the key you wrote down when you first sent your answers.",
  },
  code_used: {
    vi: "Mã này đã được dùng để gửi phiếu (mỗi mã chỉ dùng một lần). Nếu chưa gửi, vui lòng xin nhà trường mã khác.",
    en: "This code has already been used (each code answers once). If you did not send it, please ask the school for another.",
  },
  body_too_large: {
    vi: "Phiếu quá lớn (tối đa 64 KB).",
    en: "The submission is too large (at most 64 KB).",
  },
} as const;

export type RespondentMessage = keyof typeof MESSAGES;

export function respondentMessage(key: RespondentMessage, locale: Locale, detail = ""): string {
  return MESSAGES[key][locale].replace("{detail}", detail);
}
