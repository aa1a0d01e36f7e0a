// Good values for the answer generator (test/generate-answers.ts): text, numbers and dates, choices,
// matrices and dynamic panels.
import type { ItemValue } from "survey-core";
import type { Rand } from "./random.ts";
import {
  asQ,
  COMPUTED_TYPES,
  isEmptyValue,
  type MatrixRow,
  MULTI_CHOICE,
  SINGLE_CHOICE,
  type SQ,
  WORDS,
} from "./shapes.ts";

export function textWithin(r: Rand, min: number, max: number, digits = true): string {
  let s = "";
  const target = r.int(min, Math.max(min, Math.min(max, min + 40)));
  while (s.length < target)
    s += (s ? " " : "") + r.pick(WORDS) + (digits && r.chance(0.1) ? r.int(1, 99) : "");
  if (s.length > max) s = s.slice(0, max).trimEnd();
  while (s.length < min) s += "a";
  return s;
}

export const pad = (n: number, w = 2) => String(n).padStart(w, "0");

export function numberOf(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function dateOf(v: unknown): number | undefined {
  if (typeof v !== "string" && !(v instanceof Date)) return undefined;
  const t = new Date(v as string).getTime();
  return Number.isFinite(t) ? t : undefined;
}

/** Bounds from the question's min/max (rendered, so expressions are evaluated) and numeric validators. */
export function bounds(q: SQ): { min?: number; max?: number } {
  let min = numberOf(q.renderedMin);
  let max = numberOf(q.renderedMax);
  for (const v of q.validators ?? []) {
    if (v.getType() !== "numericvalidator") continue;
    const lo = numberOf(v.minValue);
    const hi = numberOf(v.maxValue);
    if (lo !== undefined) min = min === undefined ? lo : Math.max(min, lo);
    if (hi !== undefined) max = max === undefined ? hi : Math.min(max, hi);
  }
  return { min, max };
}

export function textValue(q: SQ, r: Rand): unknown {
  const inputType = q.inputType ?? "text";
  const validators = q.validators ?? [];
  const has = (t: string) => validators.some((v) => v.getType() === t);
  if (inputType === "number" || inputType === "range") {
    const { min, max } = bounds(q);
    const lo = Math.ceil(min ?? (max !== undefined ? max - 100 : 0));
    const hi = Math.floor(max ?? lo + 100);
    return r.int(lo, Math.max(lo, hi));
  }
  if (
    inputType === "date" ||
    inputType === "datetime-local" ||
    inputType === "month" ||
    inputType === "week"
  ) {
    let lo = dateOf(q.renderedMin) ?? Date.UTC(2000, 0, 1);
    let hi = dateOf(q.renderedMax) ?? Date.UTC(2025, 11, 31);
    if (hi > Date.UTC(2100, 0, 1)) hi = Math.max(lo, Date.UTC(2025, 11, 31));
    if (lo > hi) lo = hi;
    const d = new Date(lo + Math.floor(r.float() * (hi - lo)));
    const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    if (inputType === "date") return day;
    if (inputType === "month") return day.slice(0, 7);
    if (inputType === "week") return `${d.getUTCFullYear()}-W${pad(r.int(1, 52))}`;
    return `${day}T${pad(r.int(0, 23))}:${pad(r.int(0, 59))}`;
  }
  if (inputType === "time") return `${pad(r.int(0, 23))}:${pad(r.int(0, 59))}`;
  if (inputType === "email" || has("emailvalidator")) return `nguoi.dung${r.int(1, 999)}@truong.edu.vn`;
  if (inputType === "url") return `https://truong${r.int(1, 99)}.edu.vn/minh-chung`;
  if (inputType === "tel") return `09${r.int(10000000, 99999999)}`;
  if (inputType === "color") return `#${r.int(0, 0xffffff).toString(16).padStart(6, "0")}`;
  if (has("numericvalidator")) {
    // A plain text box checked as a number: respondents type digits, survey-core keeps the string.
    const { min, max } = bounds(q);
    const lo = Math.ceil(min ?? 0);
    return String(r.int(lo, Math.max(lo, Math.floor(max ?? lo + 100))));
  }
  let minLen = 1;
  let maxLen = q.getMaxLength?.() || 200;
  let digits = true;
  for (const v of validators) {
    if (v.getType() !== "textvalidator") continue;
    minLen = Math.max(minLen, numberOf(v.minLength) ?? 0);
    const hi = numberOf(v.maxLength);
    if (hi) maxLen = Math.min(maxLen, hi);
    if (v.allowDigits === false) digits = false;
  }
  return textWithin(r, minLen, Math.max(minLen, maxLen), digits);
}

export function choiceItems(q: SQ): ItemValue[] {
  return (q.visibleChoices ?? []).filter((c) => c.isEnabled !== false && c !== q.selectAllItem);
}

/** A valid value for a question in the model's current state, or undefined when it takes none. */
export function valueFor(question: unknown, r: Rand): unknown {
  const q = asQ(question);
  const type = q.getType();
  if (type === "rating") {
    const values = (q.visibleRateValues ?? []).map((i) => i.value);
    return values.length ? r.pick(values) : undefined;
  }
  if (SINGLE_CHOICE.has(type) || (type === "imagepicker" && !q.multiSelect)) {
    const items = choiceItems(q);
    if (items.length === 0) return undefined;
    const item = r.pick(items);
    return item.value;
  }
  if (MULTI_CHOICE.has(type) || type === "imagepicker") {
    const items = choiceItems(q);
    const regular = items.filter(
      (c) => c !== q.noneItem && !(c as unknown as { isExclusive?: boolean }).isExclusive,
    );
    const exclusive = items.filter((c) => !regular.includes(c));
    if (exclusive.length && (regular.length === 0 || r.chance(0.1))) return [r.pick(exclusive).value];
    if (regular.length === 0) return undefined;
    const max = q.maxSelectedChoices && q.maxSelectedChoices > 0 ? q.maxSelectedChoices : regular.length;
    const min = Math.max(1, q.minSelectedChoices ?? 0);
    const n = r.int(Math.min(min, regular.length), Math.min(max, regular.length));
    return r
      .shuffle(regular)
      .slice(0, n)
      .map((c) => c.value);
  }
  if (type === "ranking") {
    const items = choiceItems(q);
    return items.length ? r.shuffle(items).map((c) => c.value) : undefined;
  }
  if (type === "boolean") return r.chance(0.5) ? q.getValueTrue?.() : q.getValueFalse?.();
  if (type === "text") return textValue(q, r);
  if (type === "comment") {
    const max = q.getMaxLength?.() || 300;
    let min = 1;
    for (const v of q.validators ?? [])
      if (v.getType() === "textvalidator") min = Math.max(min, Number(v.minLength) || 0);
    return textWithin(r, min, Math.max(min, max));
  }
  if (type === "matrix") {
    const out: Record<string, unknown> = {};
    const columns = (q.visibleColumns ?? []).map((c) => c.value);
    if (columns.length === 0) return undefined;
    for (const row of (q.visibleRows ?? []) as MatrixRow[]) {
      if (!q.isRequired && r.chance(0.2)) continue;
      out[String(row.name)] = q.isMultiSelect
        ? r.shuffle(columns).slice(0, r.int(1, columns.length))
        : r.pick(columns);
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (type === "multipletext") {
    const out: Record<string, unknown> = {};
    for (const item of q.items ?? []) {
      const editor = asQ(item.editor);
      if (!editor.isRequired && !q.isRequired && r.chance(0.3)) continue;
      out[item.name] = textValue(editor, r);
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (type === "file")
    return [
      { name: "minh-chung.pdf", type: "application/pdf", content: "data:application/pdf;base64,JVBERi0=" },
    ];
  if (type === "signaturepad") return "data:image/png;base64,iVBORw0KGgo=";
  return undefined;
}

/** The questions of one matrix row, or of one dynamic panel. */
export function rowQuestions(row: MatrixRow): { key: string; question: SQ }[] {
  return (row.cells ?? []).map((c) => ({ key: c.column.name, question: asQ(c.question) }));
}

/**
 * A value for a container question (matrix with cells, dynamic panel) read from the model's current
 * cells: keeps what is already there and still visible, drops what is hidden, fills required empty
 * cells and (the first time) some optional ones.
 */
export function containerValue(q: SQ, r: Rand, first: boolean): unknown {
  const type = q.getType();
  const fillItem = (items: { key: string; question: SQ }[], current: Record<string, unknown>) => {
    const out: Record<string, unknown> = {};
    for (const { key, question } of items) {
      const cur = current[key];
      const visible = question.isVisible;
      if (!visible || question.isReadOnly || COMPUTED_TYPES.has(question.getType())) continue;
      if (!isEmptyValue(cur)) out[key] = cur;
      else if (question.isRequired || (first && r.chance(0.7))) {
        const v = valueFor(question, r);
        if (v !== undefined) out[key] = v;
      }
      const comment = current[`${key}-Comment`];
      if (comment !== undefined && out[key] !== undefined) out[`${key}-Comment`] = comment;
    }
    return out;
  };
  if (type === "matrixdropdown") {
    const current = (q.value ?? {}) as Record<string, Record<string, unknown>>;
    const out: Record<string, unknown> = {};
    for (const row of (q.visibleRows ?? []) as MatrixRow[]) {
      const name = String(row.rowName);
      if (first && !current[name] && r.chance(0.3)) continue;
      const cells = fillItem(rowQuestions(row), current[name] ?? {});
      if (Object.keys(cells).length) out[name] = cells;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (type === "matrixdynamic") {
    const current = (Array.isArray(q.value) ? q.value : []) as Record<string, unknown>[];
    const rows = (q.visibleRows ?? []) as MatrixRow[];
    return rows.map((row, i) => fillItem(rowQuestions(row), current[i] ?? {}));
  }
  if (type === "paneldynamic") {
    const current = (Array.isArray(q.value) ? q.value : []) as Record<string, unknown>[];
    return (q.panels ?? []).map((panel, i) =>
      fillItem(
        panel.questions.map((pq) => ({ key: asQ(pq).getValueName(), question: asQ(pq) })),
        current[i] ?? {},
      ),
    );
  }
  return undefined;
}

export const CONTAINERS = new Set(["matrixdropdown", "matrixdynamic", "paneldynamic"]);

export function sizeContainer(q: SQ, r: Rand): void {
  if (q.getType() === "matrixdynamic") {
    const min = q.minRowCount ?? 0;
    const max = Math.min(q.maxRowCount ?? 3, Math.max(min, 3));
    q.rowCount = r.int(Math.max(min, q.isRequired ? 1 : 0), Math.max(min, max));
  } else if (q.getType() === "paneldynamic") {
    const min = q.minPanelCount ?? 0;
    const max = Math.min(q.maxPanelCount ?? 3, Math.max(min, 3));
    q.panelCount = r.int(Math.max(min, q.isRequired ? 1 : 0), Math.max(min, max));
  }
}
