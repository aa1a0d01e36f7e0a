import type { ChoiceJson, ElementJson, FormJson } from "./types.ts";

/** Every element of a form in document order, descending into pages and panels (not into dynamic templates). */
export function listElements(form: FormJson): ElementJson[] {
  const out: ElementJson[] = [];
  const visit = (elements: ElementJson[] | undefined) => {
    for (const el of elements ?? []) {
      if (!el || typeof el !== "object") continue;
      out.push(el);
      if (Array.isArray(el.elements)) visit(el.elements);
    }
  };
  for (const page of form.pages ?? []) visit(page?.elements);
  visit(form.elements);
  return out;
}

/** SurveyJS lets a choice be a bare value or an object; this gives the object form. */
export function toChoice(item: ChoiceJson | string | number): ChoiceJson {
  return typeof item === "object" && item !== null ? item : { value: item };
}

/** Text of a localizable string in a locale, falling back to Vietnamese. */
export function localize(text: unknown, locale: string): string {
  if (typeof text === "string") return text;
  if (text && typeof text === "object") {
    const t = text as Record<string, unknown>;
    const value = t[locale] ?? t.default;
    if (typeof value === "string") return value;
  }
  return "";
}
