import DOMPurify from "dompurify";
import type { Model } from "survey-core";

// Uploaded forms carry HTML (html questions) that survey-react-ui puts into the page as markup, with
// answers piped in (`{note}`). The form page's CSP already forbids inline script and frames: this is
// defence in depth, so that a form can neither run script nor draw its own sign-in form or frame inside
// the respondent's page.

/** Tags a form has no business showing: scripts and frames (DOMPurify's defaults) plus forms and inputs. */
const FORBID_TAGS = ["form", "input", "button", "select", "textarea", "option", "style", "iframe", "frame"];
const FORBID_ATTR = ["action", "formaction"];

/** The HTML without script, event handlers, javascript: links, frames or forms. */
export function sanitizeHtml(html: string): string {
  return DOMPurify.sanitize(html, { FORBID_TAGS, FORBID_ATTR });
}

/**
 * Sanitises every HTML survey-core renders (html questions and its loading and completed pages) after
 * answers are piped in: survey-core's onProcessHtml event fires before the piping, so the method that
 * returns the final HTML is wrapped instead. Titles and descriptions stay plain text: no onTextMarkdown
 * handler turns them into HTML, and React escapes them.
 */
export function sanitizeSurveyHtml(model: Model): void {
  const process = model.processHtml.bind(model);
  model.processHtml = (html: string, reason?: string) => sanitizeHtml(process(html, reason));
}
