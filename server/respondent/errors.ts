import type { Locale } from "../../forms/types.ts";
import { HttpError } from "../http/http-error.ts";
import { type RespondentMessage, respondentMessage } from "../http/locale.ts";

export function tooMany(seconds: number, locale: Locale) {
  return new HttpError(
    429,
    "too_many_requests",
    respondentMessage("too_many_requests", locale, String(seconds)),
    {
      details: { retryAfter: seconds },
    },
  );
}

export function respondentError(
  status: 400 | 403 | 404 | 409 | 410 | 415 | 503,
  code: RespondentMessage,
  locale: Locale,
  detail = "",
  details: Record<string, unknown> = {},
) {
  return new HttpError(status, code, respondentMessage(code, locale, detail), { details });
}
