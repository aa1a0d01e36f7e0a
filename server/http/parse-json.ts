import type { Context } from "hono";
import type { z } from "zod";
import { HttpError } from "./http-error.ts";

/** The JSON body checked against a schema, or a 415/400 that says what is wrong. */
export async function parseJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  if (!/^application\/json\b/i.test(c.req.header("content-type") ?? ""))
    throw new HttpError(415, "unsupported_media_type", "The request body must be application/json");
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    throw new HttpError(400, "invalid_json", "The request body is not valid JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    throw new HttpError(400, "invalid_body", detail);
  }
  return parsed.data;
}
