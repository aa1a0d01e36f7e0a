export type Locale = "vi" | "en";

interface ErrorText {
  title: string;
  body: (date?: string) => string;
}

const errorTexts = <K extends string>(texts: Record<K, ErrorText>) => texts;

const vi = {
  language: "Ngôn ngữ",
  loading: "Đang tải phiếu…",
  sending: "Đang gửi phiếu…",
  period: "Đợt",
  previousNotice: (date: string) =>
    `Bạn đã gửi phiếu lúc ${date}; bạn có thể sửa và gửi lại đến khi đợt đánh giá kết thúc.`,
  viewPrevious: "Xem kết quả đã gửi",
  answeredLocked: (date: string) =>
    `Mã này đã được dùng để gửi phiếu lúc ${date}. Để xem hoặc sửa phiếu, nhập mã sửa phiếu bạn đã ghi lại khi gửi lần đầu.`,
  revisionKeyLabel: "Mã sửa phiếu",
  revisionKeyOpen: "Mở phiếu đã gửi",
  revisionKeyShown: (key: string) => `Mã sửa phiếu của bạn: ${key}`,
  revisionKeyHint:
    "Hãy ghi lại mã này. Chỉ bạn giữ mã; cần mã này để xem hoặc sửa phiếu từ máy khác. Nhà trường không thể xem câu trả lời của bạn.",
  sentFromDevice: (date: string) =>
    `Phiếu đã được gửi từ thiết bị này vào ${date}. Bạn có thể sửa và gửi lại; phiếu mới sẽ thay cho phiếu trước.`,
  codeSpent: (date: string) => `Mã này đã được dùng để gửi phiếu vào ${date}.`,
  offline: "Bạn đang ngoại tuyến. Phiếu đã được lưu trên máy và sẽ tự gửi khi có mạng.",
  retryIn: (seconds: number) => `Tự động thử gửi lại sau ${seconds} giây.`,
  retrying: "Đang thử gửi lại…",
  offlineForm: "Bạn đang ngoại tuyến. Vẫn có thể trả lời; phiếu sẽ được gửi khi có mạng.",
  pageOf: (page: number, count: number) => `Trang ${page}/${count}`,
  draftSaved: "Đã lưu trên máy",
  draftRestored: "Đã khôi phục bản nháp",
  reviseSent: "Sửa phiếu đã gửi",
  sendNow: "Gửi lại ngay",
  retry: "Thử lại",
  submitFailed: "Chưa gửi được phiếu. Câu trả lời vẫn được lưu trên máy, vui lòng thử lại sau ít phút.",
  answerErrors: "Một số câu trả lời chưa hợp lệ:",
  dismiss: "Đóng",
  errors: errorTexts({
    code_not_found: {
      title: "Không tìm thấy phiếu",
      body: () => "Mã truy cập không đúng. Vui lòng kiểm tra lại đường link hoặc hỏi nhà trường.",
    },
    code_revoked: {
      title: "Mã đã bị thu hồi",
      body: () => "Mã truy cập này đã bị thu hồi. Vui lòng liên hệ nhà trường để nhận mã mới.",
    },
    campaign_closed: {
      title: "Đợt đánh giá đã kết thúc",
      body: (date?: string) =>
        date
          ? `Đợt đánh giá đã kết thúc lúc ${date}. Phiếu không còn nhận câu trả lời.`
          : "Đợt đánh giá đã kết thúc. Phiếu không còn nhận câu trả lời.",
    },
    campaign_not_open: {
      title: "Đợt đánh giá chưa mở",
      body: (date?: string) =>
        date
          ? `Đợt đánh giá sẽ mở lúc ${date}. Vui lòng quay lại sau.`
          : "Đợt đánh giá chưa mở. Vui lòng quay lại sau.",
    },
    page_not_found: {
      title: "Không tìm thấy trang",
      body: () =>
        "Đường link không đúng hoặc bị thiếu. Vui lòng mở lại đúng đường link (hoặc mã) nhà trường đã gửi, chép đủ cả mã ở cuối link.",
    },
    network: {
      title: "Không kết nối được",
      body: () => "Không tải được phiếu. Vui lòng kiểm tra kết nối mạng rồi thử lại.",
    },
    other: {
      title: "Đã có lỗi",
      body: () => "Hệ thống đang gặp sự cố. Vui lòng thử lại sau.",
    },
  }),
  result: {
    title: "Kết quả tự đánh giá",
    submitted: "Phiếu của bạn đã được gửi.",
    unscored: "Phiếu này không tính điểm.",
    total: "Điểm chung",
    level: "Mức",
    byCriterion: "Điểm theo tiêu chí",
    noAnswer: "Không áp dụng",
    blocking: (next: string) => `Chưa đủ tiêu chuẩn để đạt mức “${next}”:`,
    edit: "Sửa câu trả lời",
    editUntil: (date: string) => `Bạn có thể sửa và gửi lại đến ${date}.`,
  },
  thanks: {
    title: "Cảm ơn quý phụ huynh đã góp ý!",
    body: "Ý kiến của quý phụ huynh đã được gửi đến nhà trường. Phiếu không ghi tên người trả lời.",
  },
};

export type Strings = typeof vi;

const en: Strings = {
  language: "Language",
  loading: "Loading the form…",
  sending: "Sending your answers…",
  period: "Period",
  previousNotice: (date: string) =>
    `You submitted this form on ${date}; you may change your answers and submit again until the assessment period ends.`,
  viewPrevious: "See the submitted result",
  answeredLocked: (date: string) =>
    `This code was used to answer on ${date}. To see or change that answer, enter the revision key you wrote down when you first sent it.`,
  revisionKeyLabel: "Revision key",
  revisionKeyOpen: "Open my answer",
  revisionKeyShown: (key: string) => `Your revision key: ${key}`,
  revisionKeyHint:
    "Write this key down. Only you hold it; you need it to see or change your answer from another device. The school cannot see your answers.",
  sentFromDevice: (date: string) =>
    `Your answer was sent from this device on ${date}. You may change it and send again; the new answer replaces the earlier one.`,
  codeSpent: (date: string) => `This code was already used to answer on ${date}.`,
  offline:
    "You are offline. Your answers are saved on this device and will be sent when you are back online.",
  retryIn: (seconds: number) => `Trying again by itself in ${seconds} s.`,
  retrying: "Trying to send again…",
  offlineForm: "You are offline. You can still answer; the form will be sent when you are back online.",
  pageOf: (page: number, count: number) => `Page ${page}/${count}`,
  draftSaved: "Saved on this device",
  draftRestored: "Your draft was restored",
  reviseSent: "Change the answers I sent",
  sendNow: "Send now",
  retry: "Try again",
  submitFailed:
    "Your answers could not be sent yet. They are still saved on this device; please try again shortly.",
  answerErrors: "Some answers are not valid:",
  dismiss: "Close",
  errors: errorTexts({
    code_not_found: {
      title: "Form not found",
      body: () => "This access code is not valid. Please check the link or ask your school.",
    },
    code_revoked: {
      title: "Code withdrawn",
      body: () => "This access code has been withdrawn. Please ask your school for a new one.",
    },
    campaign_closed: {
      title: "The assessment period has ended",
      body: (date?: string) =>
        date
          ? `The assessment period ended on ${date}. The form no longer accepts answers.`
          : "The assessment period has ended. The form no longer accepts answers.",
    },
    campaign_not_open: {
      title: "Not open yet",
      body: (date?: string) =>
        date
          ? `The assessment period opens on ${date}. Please come back then.`
          : "The assessment period has not opened yet. Please come back later.",
    },
    page_not_found: {
      title: "Page not found",
      body: () =>
        "This link is wrong or incomplete. Please open the exact link (or code) your school sent, with the whole code at its end.",
    },
    network: {
      title: "Cannot connect",
      body: () => "The form could not be loaded. Please check your connection and try again.",
    },
    other: {
      title: "Something went wrong",
      body: () => "The service is having trouble. Please try again later.",
    },
  }),
  result: {
    title: "Your self-assessment result",
    submitted: "Your answers have been submitted.",
    unscored: "This form is not scored.",
    total: "Overall score",
    level: "Level",
    byCriterion: "Score by criterion",
    noAnswer: "Not applicable",
    blocking: (next: string) => `Not yet meeting the standard for “${next}”:`,
    edit: "Change my answers",
    editUntil: (date: string) => `You may change and resubmit until ${date}.`,
  },
  thanks: {
    title: "Thank you for your feedback!",
    body: "Your feedback has been sent to the school. The form does not record your name.",
  },
};

export const strings: Record<Locale, Strings> = { vi, en };
export type ErrorCode = keyof Strings["errors"];

export function isKnownError(code: string): code is ErrorCode {
  return Object.hasOwn(strings.vi.errors, code);
}

/** The `locale` text of a SurveyJS localizable string, falling back to its Vietnamese `default`. */
export { localize } from "../forms/walk.ts";

// Deadlines are set by Vietnamese schools, so they read in Vietnam's time on any device.
const TIME_ZONE = "Asia/Ho_Chi_Minh";

/**
 * A day in Vietnam's time, without the hour — vi: "ngày 30/11/2025"; en: "30 November 2025". Parents'
 * answers are stored to the day only (issue 13), so their times must never read as midnight.
 */
export function formatDay(iso: string | undefined, locale: Locale): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (locale === "en")
    return new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: TIME_ZONE }).format(d);
  const date = new Intl.DateTimeFormat("vi-VN", {
    day: "numeric",
    month: "numeric",
    year: "numeric",
    timeZone: TIME_ZONE,
  });
  return `ngày ${date.format(d)}`;
}

/** vi: "17:00 ngày 30/11/2025"; en: "30 November 2025 at 17:00". */
export function formatDate(iso: string | undefined, locale: Locale): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (locale === "en") {
    return new Intl.DateTimeFormat("en-GB", {
      dateStyle: "long",
      timeStyle: "short",
      timeZone: TIME_ZONE,
    }).format(d);
  }
  const time = new Intl.DateTimeFormat("vi-VN", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: TIME_ZONE,
  });
  const date = new Intl.DateTimeFormat("vi-VN", {
    day: "numeric",
    month: "numeric",
    year: "numeric",
    timeZone: TIME_ZONE,
  });
  return `${time.format(d)} ngày ${date.format(d)}`;
}

export function formatScore(score: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 1 }).format(
    score,
  );
}
