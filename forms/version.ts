import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical.ts";

// Kept importable from here; it lives in canonical.ts so the browser can use it without node:crypto.
export { canonicalJson };

/** The content version of a form: a hash of its JSON with keys sorted, so formatting does not matter. */
export function formVersion(json: unknown): string {
  return createHash("sha256").update(canonicalJson(json)).digest("hex").slice(0, 16);
}
