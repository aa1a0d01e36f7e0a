import { type ItemValue, Model, type Question } from "survey-core";
import { type MessageKey, message } from "./messages.ts";
import { registerFormProperties } from "./survey-properties.ts";
import type { AnswerError, Answers, FormJson, Locale } from "./types.ts";

/** Types that show content but hold no answer. */
const NO_VALUE_TYPES = new Set(["html", "image"]);
const SINGLE_CHOICE_TYPES = new Set(["radiogroup", "dropdown", "buttongroup"]);
const MULTI_CHOICE_TYPES = new Set(["checkbox", "tagbox"]);

/**
 * Checks a response against its form as the server must: survey-core's own verdict (required answers
 * under visibleIf/requiredIf, validators) plus what survey-core lets through or silently drops: unknown
 * names, values outside choices or rating values, wrong types, answers to hidden questions.
 * An empty list means the answers may be stored.
 */
export function validateAnswers(form: FormJson, answers: unknown, locale: Locale = "vi"): AnswerError[] {
  if (!isPlainObject(answers)) return [{ question: "", message: message("notObject", locale) }];
  registerFormProperties();
  const model = new Model(form);
  model.locale = locale;
  const errors: AnswerError[] = [];
  const fail = (question: string, key: MessageKey, params?: Record<string, string | number>) =>
    errors.push({ question, message: message(key, locale, params) });

  const byName = new Map<string, Question>();
  for (const q of model.getAllQuestions()) byName.set(q.getValueName(), q);
  const commentOwners = new Map<string, Question>();
  for (const q of model.getAllQuestions()) {
    if (q.hasComment || q.hasOther) commentOwners.set(`${q.getValueName()}${model.commentSuffix}`, q);
  }
  const calculated = new Set(model.calculatedValues.filter((c) => c.includeIntoResult).map((c) => c.name));

  for (const name of Object.keys(answers)) {
    const q = byName.get(name);
    if (q && NO_VALUE_TYPES.has(q.getType())) fail(name, "noValue");
    else if (!q && !commentOwners.has(name) && !calculated.has(name)) fail(name, "unknown");
  }
  model.data = structuredClone(answers);

  for (const [name, value] of Object.entries(answers)) {
    const q = byName.get(name) ?? commentOwners.get(name);
    if (!q || value === undefined || value === null || NO_VALUE_TYPES.has(q.getType())) continue;
    if (!q.isVisible || !q.isParentVisible) {
      fail(name, "hidden");
      continue;
    }
    if (q !== byName.get(name)) {
      if (typeof value !== "string") fail(name, "notText");
      continue;
    }
    const problem = checkValue(q, value);
    if (problem) fail(name, problem.key, problem.params);
  }
  if (errors.length > 0) return errors;

  model.validate(true, false);
  for (const q of model.getAllQuestions(false, false, true)) {
    for (const err of q.errors) {
      const owner = (q.parentQuestion as Question | null)?.getValueName() ?? q.getValueName();
      errors.push({ question: owner, message: err.getText() });
    }
  }
  return errors;
}

type Problem = { key: MessageKey; params?: Record<string, string | number> } | null;

function checkValue(q: Question, value: unknown): Problem {
  const type = q.getType();
  if (type === "rating") {
    const values = (q as unknown as { visibleRateValues: ItemValue[] }).visibleRateValues.map((i) => i.value);
    return values.some((v) => v === value)
      ? null
      : { key: "ratingRange", params: { values: values.join(", ") } };
  }
  if (SINGLE_CHOICE_TYPES.has(type) || (type === "imagepicker" && !q.multiSelect)) {
    if (hasRemoteChoices(q)) return null;
    return choiceValues(q).some((v) => v === value) ? null : { key: "notChoice" };
  }
  if (MULTI_CHOICE_TYPES.has(type) || type === "imagepicker") {
    if (!Array.isArray(value)) return { key: "notList" };
    if (new Set(value).size !== value.length) return { key: "duplicate" };
    const max = (q as unknown as { maxSelectedChoices: number }).maxSelectedChoices;
    if (max > 0 && value.length > max) return { key: "tooMany", params: { n: max } };
    if (hasRemoteChoices(q)) return null;
    const allowed = choiceValues(q);
    return value.every((v) => allowed.some((a) => a === v)) ? null : { key: "notChoice" };
  }
  if (type === "boolean") {
    const b = q as unknown as { getValueTrue(): unknown; getValueFalse(): unknown };
    return value === b.getValueTrue() || value === b.getValueFalse() ? null : { key: "notBoolean" };
  }
  if (type === "text" || type === "comment") return checkText(q, value);
  if (type === "matrix") {
    if (!isPlainObject(value)) return { key: "notTable" };
    // visibleRows are row models (honouring rowsVisibleIf); their name is the row's value.
    const m = q as unknown as { visibleRows: { name: unknown }[]; visibleColumns: ItemValue[] };
    const rows = m.visibleRows.map((r) => String(r.name));
    const columns = m.visibleColumns.map((c) => c.value);
    for (const [row, cell] of Object.entries(value)) {
      if (!rows.includes(row)) return { key: "unknownRow", params: { row } };
      if (!columns.some((c) => c === cell)) return { key: "notChoice" };
    }
    return null;
  }
  if (type === "multipletext") {
    if (!isPlainObject(value)) return { key: "notTable" };
    const names = (q as unknown as { items: { name: string }[] }).items.map((i) => i.name);
    for (const [key, cell] of Object.entries(value)) {
      if (!names.includes(key)) return { key: "unknownCell", params: { key } };
      if (typeof cell !== "string" && typeof cell !== "number") return { key: "notText" };
    }
    return null;
  }
  if (type === "matrixdropdown") {
    if (!isPlainObject(value)) return { key: "notTable" };
    const m = q as unknown as { rows: ItemValue[]; columns: { name: string }[] };
    const rows = m.rows.map((r) => String(r.value));
    const columns = m.columns.map((c) => c.name);
    for (const [row, cells] of Object.entries(value)) {
      if (!rows.includes(row)) return { key: "unknownRow", params: { row } };
      const problem = checkKeys(cells, columns);
      if (problem) return problem;
    }
    return null;
  }
  if (type === "matrixdynamic") {
    const m = q as unknown as { columns: { name: string }[]; maxRowCount: number };
    return checkList(
      value,
      m.maxRowCount,
      m.columns.map((c) => c.name),
    );
  }
  if (type === "paneldynamic") {
    const p = q as unknown as { template: { questions: Question[] }; maxPanelCount: number };
    const names = p.template.questions.map((t) => t.getValueName());
    return checkList(value, p.maxPanelCount, names);
  }
  if (type === "ranking") return Array.isArray(value) ? null : { key: "notList" };
  return null;
}

/** A list of rows (dynamic matrix or panel): objects whose keys the question knows, at most `max`. */
function checkList(value: unknown, max: number, keys: string[]): Problem {
  if (!Array.isArray(value)) return { key: "notList" };
  if (max > 0 && value.length > max) return { key: "tooManyRows", params: { n: max } };
  for (const row of value) {
    const problem = checkKeys(row, keys);
    if (problem) return problem;
  }
  return null;
}

function checkKeys(row: unknown, keys: string[]): Problem {
  if (!isPlainObject(row)) return { key: "notTable" };
  for (const key of Object.keys(row)) if (!keys.includes(key)) return { key: "unknownCell", params: { key } };
  return null;
}

/** Shapes of the HTML date and time inputs, which is what survey-core stores for them. */
const INPUT_PATTERNS: Record<string, RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  "datetime-local": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/,
  time: /^\d{2}:\d{2}(:\d{2})?$/,
  month: /^\d{4}-\d{2}$/,
  week: /^\d{4}-W\d{2}$/,
};

function checkText(q: Question, value: unknown): Problem {
  const inputType = (q as unknown as { inputType?: string }).inputType;
  if (inputType === "number" || inputType === "range") {
    return typeof value === "number" && Number.isFinite(value) ? null : { key: "notNumber" };
  }
  if (typeof value !== "string") return { key: "notText" };
  const pattern = inputType ? INPUT_PATTERNS[inputType] : undefined;
  if (pattern && (!pattern.test(value) || (inputType === "date" && Number.isNaN(Date.parse(value)))))
    return { key: "badFormat" };
  const max = (q as unknown as { getMaxLength(): number | null }).getMaxLength();
  return max && max > 0 && value.length > max ? { key: "tooLong", params: { n: max } } : null;
}

function choiceValues(q: Question): unknown[] {
  return (q as unknown as { visibleChoices: ItemValue[] }).visibleChoices.map((c) => c.value);
}

function hasRemoteChoices(q: Question): boolean {
  return !!(q as unknown as { choicesByUrl?: { url?: string } }).choicesByUrl?.url;
}

function isPlainObject(v: unknown): v is Answers {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
