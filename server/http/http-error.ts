import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AnswerError } from "../../forms/types.ts";

/** A failure with its HTTP status and machine-readable code; the app turns it into JSON. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly more: { details?: Record<string, unknown>; errors?: AnswerError[] } = {},
  ) {
    super(message);
  }

  /** `{ error: { code, message, ...details }, errors? }` */
  toJSON() {
    return {
      error: { code: this.code, message: this.message, ...this.more.details },
      ...(this.more.errors && { errors: this.more.errors }),
    };
  }
}
