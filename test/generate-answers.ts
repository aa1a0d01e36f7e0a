// Seeded answers for the differential validation test (test/external-forms.test.ts).
//
// A group is built from one seed: a GOOD answer, made the way a respondent would fill the form in
// survey-core (visible questions in order, visibility re-evaluated after every answer, optional questions
// sometimes skipped, hidden answers dropped as survey-core does on completion), and BAD answers, each the
// good one with exactly one mutation (out-of-range rating, unknown choice, wrong type, unknown key, an
// answer to a hidden question, a missing required answer, text too long, bad formats, `__proto__` keys,
// deep nesting …). The same seed always gives the same answers, so a failure reproduces from its seed.
import { type ItemValue, Model } from "survey-core";
import { registerFormProperties } from "../forms/survey-properties.ts";

/** mulberry32: a tiny seeded PRNG with good enough statistics for test data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: a stable 32-bit seed from a text (a form id). */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class Rand {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

/**
 * The survey-core members the generator reads. survey-core spreads them over many classes; this one
 * loose shape (reached with `asQ`) keeps the code readable.
 */
export interface SQ {
  name: string;
  value: unknown;
  comment: string;
  getType(): string;
  getValueName(): string;
  isEmpty(): boolean;
  clearValue(): void;
  hasErrors(fireCallback?: boolean): boolean;
  isVisible: boolean;
  isParentVisible: boolean;
  isReadOnly: boolean;
  isRequired: boolean;
  hasComment?: boolean;
  hasOther?: boolean;
  validators?: { getType(): string; [k: string]: unknown }[];
  // choices
  visibleChoices?: ItemValue[];
  otherItem?: ItemValue;
  noneItem?: ItemValue;
  selectAllItem?: ItemValue;
  choicesByUrl?: { url?: string };
  maxSelectedChoices?: number;
  minSelectedChoices?: number;
  multiSelect?: boolean;
  // rating
  visibleRateValues?: ItemValue[];
  // boolean
  getValueTrue?(): unknown;
  getValueFalse?(): unknown;
  // text
  inputType?: string;
  renderedMin?: unknown;
  renderedMax?: unknown;
  getMaxLength?(): number | null;
  // matrix
  visibleRows?: unknown[];
  visibleColumns?: ItemValue[];
  isMultiSelect?: boolean;
  rows?: ItemValue[];
  columns?: { name: string; templateQuestion?: unknown }[];
  // dynamic
  rowCount?: number;
  minRowCount?: number;
  maxRowCount?: number;
  panelCount?: number;
  minPanelCount?: number;
  maxPanelCount?: number;
  panels?: { questions: unknown[] }[];
  template?: { questions: unknown[] };
  // multipletext
  items?: { name: string; editor: unknown }[];
  parentQuestion?: unknown;
}
export const asQ = (q: unknown): SQ => q as SQ;

interface MatrixRow {
  name?: unknown;
  rowName?: unknown;
  cells?: { column: { name: string }; question: unknown }[];
}

/** Elements that show content and hold no answer. */
export const NO_VALUE_TYPES = new Set(["html", "image"]);
/** Values survey-core computes itself; the generator never types them. */
const COMPUTED_TYPES = new Set(["expression"]);
export const SINGLE_CHOICE = new Set(["radiogroup", "dropdown", "buttongroup"]);
export const MULTI_CHOICE = new Set(["checkbox", "tagbox"]);

export interface GeneratorOptions {
  /** Top-level question names never answered nor mutated (their verdict cannot be agreed on). */
  exclude?: ReadonlySet<string>;
  /** Fill all visible questions per round and set them at once: for forms with thousands of questions. */
  batch?: boolean;
}

export interface GeneratedAnswer {
  seed: number;
  index: number;
  kind: "good" | "bad";
  /** What was done: "fill" for good answers, the mutation for bad ones. */
  mutation: string;
  /** The question or key the mutation touched. */
  target: string;
  /** Question types involved: those answered (good), the mutated question's (bad). */
  types: string[];
  answers: unknown;
}

const WORDS = [
  "trường",
  "học",
  "sinh",
  "giáo",
  "viên",
  "phụ",
  "huynh",
  "đánh",
  "giá",
  "tiêu",
  "chí",
  "minh",
  "chứng",
  "kế",
  "hoạch",
  "báo",
  "cáo",
  "dân",
  "vận",
  "khéo",
  "hạnh",
  "phúc",
  "an",
  "toàn",
];

const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
const isEmptyValue = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === "" ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

function textWithin(r: Rand, min: number, max: number, digits = true): string {
  let s = "";
  const target = r.int(min, Math.max(min, Math.min(max, min + 40)));
  while (s.length < target)
    s += (s ? " " : "") + r.pick(WORDS) + (digits && r.chance(0.1) ? r.int(1, 99) : "");
  if (s.length > max) s = s.slice(0, max).trimEnd();
  while (s.length < min) s += "a";
  return s;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function numberOf(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function dateOf(v: unknown): number | undefined {
  if (typeof v !== "string" && !(v instanceof Date)) return undefined;
  const t = new Date(v as string).getTime();
  return Number.isFinite(t) ? t : undefined;
}

/** Bounds from the question's min/max (rendered, so expressions are evaluated) and numeric validators. */
function bounds(q: SQ): { min?: number; max?: number } {
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

function textValue(q: SQ, r: Rand): unknown {
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

function choiceItems(q: SQ): ItemValue[] {
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
function rowQuestions(row: MatrixRow): { key: string; question: SQ }[] {
  return (row.cells ?? []).map((c) => ({ key: c.column.name, question: asQ(c.question) }));
}

/**
 * A value for a container question (matrix with cells, dynamic panel) read from the model's current
 * cells: keeps what is already there and still visible, drops what is hidden, fills required empty
 * cells and (the first time) some optional ones.
 */
function containerValue(q: SQ, r: Rand, first: boolean): unknown {
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

const CONTAINERS = new Set(["matrixdropdown", "matrixdynamic", "paneldynamic"]);

function sizeContainer(q: SQ, r: Rand): void {
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

const visible = (q: SQ) => q.isVisible && q.isParentVisible;

/** Top-level questions that hold a value the respondent gives. */
function answerable(model: Model, exclude: ReadonlySet<string>): SQ[] {
  return model
    .getAllQuestions()
    .map(asQ)
    .filter(
      (q) =>
        !exclude.has(q.getValueName()) &&
        !NO_VALUE_TYPES.has(q.getType()) &&
        !COMPUTED_TYPES.has(q.getType()),
    );
}

/**
 * Fills the model like a respondent: visible questions in order, each answer set on the model before
 * the next question is looked at, until nothing changes; hidden answers are dropped.
 */
function fill(model: Model, r: Rand, options: GeneratorOptions): void {
  const exclude = options.exclude ?? new Set<string>();
  const skipRate = r.pick([0, 0.1, 0.3, 0.6]);
  const decided = new Set<string>();
  const containersSeen = new Set<string>();
  for (let round = 0; round < 8; round++) {
    let changed = false;
    const batch: Record<string, unknown> = {};
    const cleared: string[] = [];
    const set = (q: SQ, v: unknown) => {
      changed = true;
      if (options.batch) {
        if (v === undefined) cleared.push(q.getValueName());
        else batch[q.getValueName()] = v;
      } else if (v === undefined) q.clearValue();
      else q.value = v;
    };
    for (const q of answerable(model, exclude)) {
      const name = q.getValueName();
      if (!visible(q)) {
        if (!q.isEmpty()) set(q, undefined);
        continue;
      }
      if (q.isReadOnly) continue;
      if (CONTAINERS.has(q.getType())) {
        const first = !containersSeen.has(name);
        if (first) {
          containersSeen.add(name);
          if (!q.isRequired && r.chance(skipRate)) {
            decided.add(name);
            continue;
          }
          if (!options.batch) sizeContainer(q, r);
        } else if (decided.has(name) && q.isEmpty() && !q.isRequired) continue;
        const v = containerValue(q, r, first);
        if (
          JSON.stringify(v) !== JSON.stringify(q.isEmpty() ? undefined : q.value) &&
          !(v === undefined && q.isEmpty())
        )
          set(q, v);
        continue;
      }
      if (!q.isEmpty()) continue;
      if (decided.has(name) && !q.isRequired) continue;
      decided.add(name);
      if (!q.isRequired && r.chance(skipRate)) continue;
      let v = valueFor(q, r);
      if (v === undefined) continue;
      set(q, v);
      // A value can still fail a validator that looks at other answers (an expression validator, a
      // maximum set by another question): try a few more, as a respondent corrects an answer.
      for (let retry = 0; !options.batch && retry < 4 && q.hasErrors(false); retry++) {
        v = valueFor(q, r);
        if (v !== undefined) set(q, v);
      }
      if (
        !options.batch &&
        (q.value === "other" || (Array.isArray(q.value) && q.value.includes("other"))) &&
        q.hasOther
      )
        q.comment = textWithin(r, 1, 30);
    }
    if (options.batch && changed) {
      const data = { ...model.data, ...batch };
      for (const name of cleared) delete data[name];
      model.data = data;
    }
    if (!changed) break;
  }
}

/** The answers a survey-core client would submit: the model's data, without hidden questions' values. */
function submitted(model: Model, exclude: ReadonlySet<string>): Record<string, unknown> {
  const data = clone(model.data) as Record<string, unknown>;
  for (const q of model.getAllQuestions().map(asQ)) {
    const name = q.getValueName();
    if (!(name in data)) continue;
    if (exclude.has(name) || !visible(q) || NO_VALUE_TYPES.has(q.getType())) {
      delete data[name];
      delete data[`${name}-Comment`];
    }
  }
  for (const [key, value] of Object.entries(data)) if (isEmptyValue(value)) delete data[key];
  return data;
}

/** A JSON object literal with an own `__proto__` key (object spread or assignment would set the prototype). */
function withProtoKey(answers: Record<string, unknown>, payload: unknown): Record<string, unknown> {
  const rest = JSON.stringify(answers);
  return JSON.parse(`{"__proto__":${JSON.stringify(payload)}${rest === "{}" ? "}" : `,${rest.slice(1)}`}`);
}

function deep(levels: number, leaf: unknown, asArray: boolean): unknown {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = asArray ? [v] : { a: v };
  return v;
}

const NAN_LIKE = ["NaN", "Infinity", "-Infinity", "1e999", "", "   ", "12abc", "0x1F", "１２"];

/** One wrong value for a question, chosen for its type; null when nothing applies. */
export function badValue(
  question: unknown,
  current: unknown,
  r: Rand,
): { value: unknown; how: string } | null {
  const q = asQ(question);
  const type = q.getType();
  const valid = current ?? valueFor(q, r);
  const options: { value: unknown; how: string }[] = [];
  const add = (how: string, value: unknown) => options.push({ how, value });
  add("object for scalar", { value: valid ?? 1 });
  add("deep nesting", deep(r.int(50, 400), valid ?? "x", r.chance(0.5)));
  if (!Array.isArray(valid)) add("array for scalar", [valid ?? "x"]);
  if (type === "rating") {
    const values = (q.visibleRateValues ?? []).map((i) => i.value);
    const nums = values.filter((v): v is number => typeof v === "number");
    if (nums.length) {
      const max = Math.max(...nums);
      const min = Math.min(...nums);
      add("rating above max", max + 1);
      add("rating below min", min - 1);
      if (!values.includes(0)) add("rating 0", 0);
      if (nums.length > 1)
        add("rating between values", (nums[0] as number) + ((nums[1] as number) - (nums[0] as number)) / 2);
      add("rating as text", String(r.pick(nums)));
    }
    if (values.some((v) => typeof v === "string")) {
      const s = values.find((v) => typeof v === "string") as string;
      if (Number.isFinite(Number(s))) add("rating text as number", Number(s));
      add("rating unknown text", `${s}x`);
    }
    add("rating NaN-like", r.pick(NAN_LIKE));
  } else if (
    SINGLE_CHOICE.has(type) ||
    type === "imagepicker" ||
    MULTI_CHOICE.has(type) ||
    type === "ranking"
  ) {
    const values = choiceItems(q).map((c) => c.value);
    const multi = MULTI_CHOICE.has(type) || type === "ranking" || (type === "imagepicker" && !!q.multiSelect);
    const one = values.length ? r.pick(values) : "a";
    const swapped =
      typeof one === "number"
        ? String(one)
        : Number.isFinite(Number(one)) && one !== ""
          ? Number(one)
          : 12345;
    if (multi) {
      add("unknown choice in list", [...(Array.isArray(valid) ? valid : []), "__khong_co__"]);
      add("choice type swapped in list", [swapped]);
      add("duplicate choice", [one, one]);
      add("list as scalar", one);
      const max = q.maxSelectedChoices ?? 0;
      if (max > 0 && values.length > max) add("too many choices", values.slice(0, max + 1));
      add("list of objects", [{ value: one }]);
    } else {
      add("unknown choice", r.pick(["__khong_co__", 987654, "khác hẳn"]));
      add("choice type swapped", swapped);
      if (values.length > 1) add("two choices for one", values.slice(0, 2));
    }
  } else if (type === "boolean") {
    add("boolean as text", r.pick(["true", "false", "yes", "có"]));
    add("boolean as number", r.pick([0, 1]));
  } else if (type === "text" || type === "comment") {
    const number = q.inputType === "number" || q.inputType === "range";
    if (number) {
      add("number as text", r.pick(NAN_LIKE.concat(["12", "-3"])));
      add("number as boolean", true);
      const { min, max } = bounds(q);
      if (max !== undefined) add("number above max", max + r.int(1, 1000));
      if (min !== undefined) add("number below min", min - r.int(1, 1000));
    } else {
      add("text as number", r.int(-5, 100000));
      add("text as boolean", false);
      const max = q.getMaxLength?.() ?? 0;
      if (max && max > 0) add("text over maxLength", "x".repeat(max + 1));
      if (q.inputType === "email" || q.validators?.some((v) => v.getType() === "emailvalidator"))
        add("bad email", r.pick(["khong-phai-email", "a@", "@b.vn", "a b@c.vn"]));
      if (q.inputType === "date")
        add(
          "bad date",
          r.pick(["2024-13-45", "17/05/2024", "hôm qua", "2024-02-30", "2023-02-29", "20240517", "2024-5-7"]),
        );
      if (q.inputType === "time") add("bad time", r.pick(["25:61", "8h30", "noon"]));
      if (q.inputType === "datetime-local")
        add("bad datetime", r.pick(["2024-05-17 08:30", "2024-05-17T24:99"]));
    }
  } else if (type === "matrix") {
    const rows = ((q.visibleRows ?? []) as MatrixRow[]).map((row) => String(row.name));
    const columns = (q.visibleColumns ?? []).map((c) => c.value);
    const base = (valid ?? {}) as Record<string, unknown>;
    add("matrix unknown row", { ...base, __dong_la__: columns[0] ?? 1 });
    if (rows.length)
      add("matrix unknown column", {
        ...base,
        [r.pick(rows)]: q.isMultiSelect ? ["__cot_la__"] : "__cot_la__",
      });
    if (rows.length && columns.length && !q.isMultiSelect)
      add("matrix cell as list", { ...base, [r.pick(rows)]: [columns[0]] });
    if (rows.length && columns.length && q.isMultiSelect)
      add("matrix cell as scalar", { ...base, [r.pick(rows)]: columns[0] });
    add("matrix as list", [base]);
  } else if (type === "multipletext") {
    const base = (valid ?? {}) as Record<string, unknown>;
    add("multipletext unknown item", { ...base, __muc_la__: "x" });
    const item = q.items?.length ? r.pick(q.items) : undefined;
    if (item) {
      const editor = asQ(item.editor);
      add("multipletext item as object", { ...base, [item.name]: { v: 1 } });
      const inner = badValue(editor, base[item.name], r);
      if (inner && !inner.how.startsWith("deep"))
        add(`multipletext item: ${inner.how}`, { ...base, [item.name]: inner.value });
    }
    add("multipletext as list", [base]);
  } else if (type === "matrixdropdown") {
    const base = clone((valid ?? {}) as Record<string, Record<string, unknown>>);
    const rows = (q.visibleRows ?? []) as MatrixRow[];
    add("matrix unknown row", { ...base, __dong_la__: {} });
    add("matrix row as text", { ...base, [String(rows[0]?.rowName ?? "r")]: "x" });
    if (rows.length) {
      const row = r.pick(rows);
      const name = String(row.rowName);
      add("matrix unknown cell", { ...base, [name]: { ...(base[name] ?? {}), __cot_la__: 1 } });
      const cells = rowQuestions(row).filter((c) => !COMPUTED_TYPES.has(c.question.getType()));
      if (cells.length) {
        const cell = r.pick(cells);
        const inner = badValue(cell.question, base[name]?.[cell.key], r);
        if (inner)
          add(`cell ${cell.key}: ${inner.how}`, {
            ...base,
            [name]: { ...(base[name] ?? {}), [cell.key]: inner.value },
          });
        const hidden = cells.filter((c) => !c.question.isVisible);
        if (hidden.length) {
          const h = r.pick(hidden);
          const v = valueFor(h.question, r);
          if (v !== undefined)
            add(`hidden cell ${h.key}`, { ...base, [name]: { ...(base[name] ?? {}), [h.key]: v } });
        }
      }
    }
  } else if (type === "matrixdynamic" || type === "paneldynamic") {
    const base = clone((Array.isArray(valid) ? valid : []) as Record<string, unknown>[]);
    const max = type === "matrixdynamic" ? q.maxRowCount : q.maxPanelCount;
    add("rows as object", { ...(base[0] ?? { x: 1 }) });
    if (max !== undefined && max < 60)
      add(
        "too many rows",
        Array.from({ length: max + 1 }, (_, i) => base[i % Math.max(1, base.length)] ?? {}),
      );
    add("unknown key in row", [...base, { __cot_la__: 1 }]);
    add("row as text", [...base, "x"]);
    const items: { key: string; question: SQ }[][] =
      type === "matrixdynamic"
        ? ((q.visibleRows ?? []) as MatrixRow[]).map(rowQuestions)
        : (q.panels ?? []).map((p) =>
            p.questions.map((pq) => ({ key: asQ(pq).getValueName(), question: asQ(pq) })),
          );
    const i = items.length ? r.int(0, items.length - 1) : -1;
    const row = items[i];
    if (row?.length) {
      const cells = row.filter(
        (c) => !COMPUTED_TYPES.has(c.question.getType()) && !NO_VALUE_TYPES.has(c.question.getType()),
      );
      if (cells.length) {
        const cell = r.pick(cells);
        const inner = badValue(cell.question, base[i]?.[cell.key], r);
        if (inner) {
          const rows = clone(base);
          while (rows.length <= i) rows.push({});
          (rows[i] as Record<string, unknown>)[cell.key] = inner.value;
          add(`row ${i} ${cell.key}: ${inner.how}`, rows);
        }
      }
      const hidden = row.filter((c) => !c.question.isVisible && !NO_VALUE_TYPES.has(c.question.getType()));
      if (hidden.length) {
        const h = r.pick(hidden);
        const v = valueFor(h.question, r);
        if (v !== undefined) {
          const rows = clone(base);
          while (rows.length <= i) rows.push({});
          (rows[i] as Record<string, unknown>)[h.key] = v;
          add(`hidden ${h.key} in row ${i}`, rows);
        }
      }
    }
  } else if (type === "file") {
    add("file as text", "minh-chung.pdf");
  }
  return options.length ? r.pick(options) : null;
}

/**
 * One group: a good answer and `badCount` bad ones, all from `seed`. A fresh model per group, so the
 * group depends on nothing but the form, the seed and the options.
 */
export function generateGroup(
  json: object,
  seed: number,
  badCount: number,
  options: GeneratorOptions = {},
  /** A model of `json` nobody has touched yet, to save building one (seconds on huge forms). */
  freshModel?: Model,
): GeneratedAnswer[] {
  registerFormProperties();
  const exclude = options.exclude ?? new Set<string>();
  const r = new Rand(seed);
  const model = freshModel ?? new Model(json);
  fill(model, r, options);
  const good = submitted(model, exclude);
  model.data = clone(good);
  const typeOf = new Map<string, string>();
  for (const q of model.getAllQuestions().map(asQ)) {
    typeOf.set(q.getValueName(), q.getType());
    typeOf.set(`${q.getValueName()}-Comment`, `${q.getType()} comment`);
  }
  const out: GeneratedAnswer[] = [
    {
      seed,
      index: 0,
      kind: "good",
      mutation: "fill",
      target: "",
      types: [...new Set(Object.keys(good).map((k) => typeOf.get(k) ?? "(key)"))],
      answers: good,
    },
  ];

  const questions = answerable(model, exclude);
  const shown = questions.filter(visible);
  const hidden = questions.filter((q) => !visible(q));
  const noValue = model
    .getAllQuestions()
    .map(asQ)
    .filter((q) => NO_VALUE_TYPES.has(q.getType()) && q.name);
  const calculated = model.calculatedValues.map((c) => c.name);
  // Shown questions by type, so that a type asked once in a form is mutated as often as one asked 90 times.
  const byType = new Map<string, SQ[]>();
  for (const q of shown) byType.set(q.getType(), [...(byType.get(q.getType()) ?? []), q]);
  const types = [...byType.keys()];
  const computed = model
    .getAllQuestions()
    .map(asQ)
    .filter((q) => COMPUTED_TYPES.has(q.getType()) && visible(q) && q.getValueName() in good);

  for (let index = 1; index <= badCount; index++) {
    const answers = clone(good);
    const bad = (mutation: string, target: string, value: unknown): GeneratedAnswer => ({
      seed,
      index,
      kind: "bad",
      mutation,
      target,
      types: [typeOf.get(target) ?? "(key)"],
      answers: value,
    });
    let result: GeneratedAnswer | null = null;
    // Mostly a wrong value for one shown question; otherwise one change to the answer as a whole.
    for (let attempt = 0; attempt < 6 && !result; attempt++) {
      if (types.length && r.chance(0.65)) {
        const q = r.pick(byType.get(r.pick(types)) ?? []);
        const name = q.getValueName();
        const wrong = badValue(q, answers[name], r);
        if (wrong) result = bad(wrong.how, name, { ...answers, [name]: wrong.value });
        continue;
      }
      const kind = r.pick([
        "unknown key",
        "prototype key",
        "__proto__ key",
        "hidden answer",
        "hidden answer",
        "missing required",
        "empty required",
        "comment key",
        "no-value element",
        "not an object",
        "calculated value",
        "forged expression value",
      ]);
      if (kind === "unknown key") {
        const key = r.pick(["cau_hoi_la", "Q1 ", "", "tieuchi"]);
        if (!(key in answers)) result = bad(kind, key, { ...answers, [key]: r.pick(["x", 1, true]) });
      } else if (kind === "prototype key") {
        const key = r.pick(["constructor", "toString", "hasOwnProperty", "valueOf"]);
        result = bad(kind, key, { ...answers, [key]: r.pick(["x", 1, {}]) });
      } else if (kind === "__proto__ key") {
        const target = shown.length ? r.pick(shown) : undefined;
        const payload =
          target && r.chance(0.5)
            ? { [target.getValueName()]: valueFor(target, r) ?? "x" }
            : { isAdmin: true };
        result = bad(kind, "__proto__", withProtoKey(answers, payload));
      } else if (kind === "hidden answer" && hidden.length) {
        const q = r.pick(hidden);
        const v = CONTAINERS.has(q.getType()) ? valueForHiddenContainer(q, r) : valueFor(q, r);
        if (v !== undefined) result = bad(kind, q.getValueName(), { ...answers, [q.getValueName()]: v });
      } else if (kind === "missing required" || kind === "empty required") {
        const required = shown.filter((q) => q.isRequired && q.getValueName() in answers);
        if (required.length) {
          const name = r.pick(required).getValueName();
          const copy = { ...answers };
          if (kind === "missing required") delete copy[name];
          else copy[name] = r.pick([null, "", [], {}]);
          result = bad(kind, name, copy);
        }
      } else if (kind === "comment key" && shown.length) {
        const q = r.pick(shown);
        const key = `${q.getValueName()}-Comment`;
        result = bad(kind, key, { ...answers, [key]: r.pick(["ghi chú", 5, ["x"]]) });
      } else if (kind === "no-value element" && noValue.length) {
        const q = r.pick(noValue);
        result = bad(kind, q.name, { ...answers, [q.name]: "x" });
      } else if (kind === "not an object" && r.chance(0.3)) {
        result = bad(kind, "", r.pick([null, [], "answers", 42, [answers]]));
      } else if (kind === "forged expression value" && computed.length) {
        // survey-core recomputes it on load; neither side compares it (a known gap, see the summary).
        const q = r.pick(computed);
        result = bad(kind, q.getValueName(), { ...answers, [q.getValueName()]: r.pick([999999, "giả mạo"]) });
      } else if (kind === "calculated value" && calculated.length) {
        const name = r.pick(calculated);
        result = bad(kind, name, { ...answers, [name]: r.pick(["x", 1]) });
      }
    }
    if (result) out.push(result);
  }
  return out;
}

/** A value for a hidden dynamic matrix/panel/dropdown matrix: one row with one cell. */
function valueForHiddenContainer(q: SQ, r: Rand): unknown {
  const type = q.getType();
  if (type === "matrixdropdown") {
    const row = (q.rows ?? [])[0];
    const column = (q.columns ?? [])[0];
    return row && column ? { [String(row.value)]: { [column.name]: 1 } } : undefined;
  }
  if (type === "matrixdynamic") {
    const column = (q.columns ?? [])[0];
    return column ? [{ [column.name]: r.pick(["x", 1]) }] : undefined;
  }
  const template = asQ(q.template?.questions[0]);
  return q.template?.questions.length ? [{ [template.getValueName()]: "x" }] : undefined;
}
