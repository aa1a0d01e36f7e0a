import { checkForm, FORM_ID_PATTERN } from "./check.ts";
import { unrunnableRegexes } from "./linear-regex.ts";
import type { Form, FormJson } from "./types.ts";
import { formVersion } from "./version.ts";

export type UploadVerdict = { ok: true; form: Form } | { ok: false; problems: string[] };

/**
 * Whether a SurveyJS form may be added as a version of `id`: it must load in survey-core with no
 * unknown types or properties, and its scoring metadata (if any) must match its questions. Uploads
 * need not carry English texts; the reviewed catalogue does.
 */
export function checkUpload(id: string, json: unknown): UploadVerdict {
  if (!FORM_ID_PATTERN.test(id))
    return { ok: false, problems: [`form id "${id}" must be 2–64 lowercase letters, digits and -`] };
  const problems = [...checkForm(json), ...unrunnableRegexes(json)];
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, form: { id, version: formVersion(json), json: json as FormJson } };
}
