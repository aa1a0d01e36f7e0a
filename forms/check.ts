import { ElementFactory, Model } from "survey-core";
import { checkLevels } from "./check-levels.ts";
import { itemRange, SCORABLE_TYPES } from "./score.ts";
import { registerFormProperties } from "./survey-properties.ts";
import { AUDIENCES, type ElementJson, type FormJson } from "./types.ts";
import { listElements, toChoice } from "./walk.ts";

export const FORM_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,63}$/;

/** SurveyJS properties that hold user-facing text; catalogue forms give each in Vietnamese and English. */
const TEXT_KEYS = new Set([
  "title",
  "description",
  "text",
  "label",
  "html",
  "placeholder",
  "minRateDescription",
  "maxRateDescription",
  "completedHtml",
  "completedBeforeHtml",
  "labelTrue",
  "labelFalse",
  "otherText",
  "noneText",
  "commentText",
  "requiredErrorText",
  "otherErrorText",
  "completeText",
  "pageNextText",
  "pagePrevText",
  "addRowText",
  "removeRowText",
  "panelAddText",
  "panelRemoveText",
  "selectAllText",
]);

export interface CheckOptions {
  /** Catalogue forms must give every text in Vietnamese (`default`) and English (`en`). */
  requireTranslations?: boolean;
}

/** Every problem that stops a form from being served; an empty list means it is fine. */
export function checkForm(json: unknown, options: CheckOptions = {}): string[] {
  if (!json || typeof json !== "object" || Array.isArray(json)) return ["the form is not a JSON object"];
  const form = json as FormJson;
  const problems: string[] = [];

  registerFormProperties();
  const unknownTypes = findUnknownTypes(form);
  for (const [type, names] of unknownTypes)
    problems.push(
      `unknown question type "${type}" (${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""})`,
    );
  try {
    const model = new Model(form);
    // survey-core reports an unknown type only as a bad 'elements' entry; the line above names it.
    const messages = (model.jsonErrors ?? [])
      .map((err) => err.message)
      .filter((m) => unknownTypes.size === 0 || !/property: 'elements'/.test(m));
    problems.push(...messages.map((m) => `survey-core: ${m}`));
    if (model.getAllQuestions().length === 0) problems.push("the form has no questions");
  } catch (err) {
    return [...problems, `survey-core cannot load the form: ${(err as Error).message}`];
  }

  if (form.audience !== undefined && !AUDIENCES.includes(form.audience))
    problems.push(`audience "${String(form.audience)}" is not one of ${AUDIENCES.join(", ")}`);

  const elements = listElements(form);
  const names = new Set<string>();
  for (const el of elements) {
    if (typeof el.name !== "string" || el.type === "panel") continue;
    if (names.has(el.name)) problems.push(`question name "${el.name}" is used twice`);
    names.add(el.name);
  }

  problems.push(...checkScoring(form, elements));
  if (options.requireTranslations) problems.push(...checkTranslations(form));
  return countRepeats(problems);
}

/** Element types survey-core does not know (custom types of other applications), with their names. */
function findUnknownTypes(form: FormJson): Map<string, string[]> {
  const known = new Set(ElementFactory.Instance.getAllTypes());
  const unknown = new Map<string, string[]>();
  const visit = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const el of elements as ElementJson[]) {
      if (!el || typeof el !== "object") continue;
      const type = typeof el.type === "string" ? el.type.toLowerCase() : "";
      if (!known.has(type))
        unknown.set(String(el.type), [...(unknown.get(String(el.type)) ?? []), String(el.name ?? "?")]);
      visit(el.elements);
      visit(el.templateElements);
    }
  };
  for (const page of form.pages ?? []) visit(page?.elements);
  visit(form.elements);
  return unknown;
}

/** Identical messages once each, with how many times they occur. */
function countRepeats(messages: string[]): string[] {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m, (counts.get(m) ?? 0) + 1);
  return [...counts].map(([m, n]) => (n > 1 ? `${m} (×${n})` : m));
}

function checkScoring(form: FormJson, elements: ReturnType<typeof listElements>): string[] {
  const problems: string[] = [];
  const criteria = Array.isArray(form.criteria) ? form.criteria : [];
  if (form.criteria !== undefined && !Array.isArray(form.criteria)) problems.push("criteria must be a list");
  const ids = new Set<string>();
  for (const c of criteria) {
    if (!c || typeof c.id !== "string" || c.id === "") problems.push("a criterion has no id");
    else if (ids.has(c.id)) problems.push(`criterion "${c.id}" is declared twice`);
    else ids.add(c.id);
  }

  const itemsPerCriterion = new Map<string, number>();
  for (const el of elements) {
    const label = `question "${el.name ?? "?"}"`;
    const scoredChoices = [...(el.choices ?? []), ...(el.columns ?? [])]
      .map(toChoice)
      .some((c) => c.score !== undefined);
    if (el.criterion === undefined) {
      if (scoredChoices) problems.push(`${label} has choices with a score but names no criterion`);
      if (el.weight !== undefined) problems.push(`${label} has a weight but names no criterion`);
      continue;
    }
    if (typeof el.criterion !== "string" || !ids.has(el.criterion)) {
      problems.push(`${label} names criterion "${String(el.criterion)}", which the form does not declare`);
      continue;
    }
    if (!SCORABLE_TYPES.has(el.type ?? "")) {
      problems.push(`${label} of type "${el.type}" cannot be scored (criterion "${el.criterion}")`);
      continue;
    }
    if (
      el.weight !== undefined &&
      !(typeof el.weight === "number" && el.weight > 0 && Number.isFinite(el.weight))
    )
      problems.push(`${label} has weight ${String(el.weight)}; a weight must be a positive number`);
    const range = itemRange(el);
    if (!range || !(range.max > range.min))
      problems.push(
        el.type === "text"
          ? `${label} is scored text: it needs inputType "number" and a positive target`
          : `${label} is scored but its answers do not span a range of scores`,
      );
    itemsPerCriterion.set(el.criterion, (itemsPerCriterion.get(el.criterion) ?? 0) + 1);
  }
  for (const id of ids)
    if (!itemsPerCriterion.has(id)) problems.push(`criterion "${id}" has no scored question`);

  for (const el of elements) {
    for (const inner of [
      ...(el.templateElements ?? []),
      ...((el.columns ?? []) as { criterion?: unknown }[]),
    ]) {
      if (inner && typeof inner === "object" && "criterion" in inner)
        problems.push(
          `question "${el.name}": scoring inside dynamic panels or matrix columns is not supported`,
        );
    }
  }

  problems.push(...checkLevels(form, ids));
  return problems;
}

/** Walks the JSON and reports every user-facing text that lacks Vietnamese or English. */
function checkTranslations(form: FormJson): string[] {
  const problems: string[] = [];
  const visit = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        visit(child, `${path}[${i}]`);
      });
      return;
    }
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      const where = path ? `${path}.${key}` : key;
      if (TEXT_KEYS.has(key) && (typeof value === "string" || isLocalized(value))) {
        const text = value as Record<string, unknown> | string;
        if (typeof text === "string" || typeof text.default !== "string" || text.default === "")
          problems.push(`${where} has no Vietnamese text under "default"`);
        else if (typeof text.en !== "string" || text.en === "")
          problems.push(`${where} has no English text under "en"`);
      } else visit(value, where);
    }
  };
  visit(form, "");
  return problems;
}

const isLocalized = (v: unknown) =>
  !!v && typeof v === "object" && !Array.isArray(v) && ("default" in v || "en" in v || "vi" in v);
