// The survey-core shapes, question families and shared helpers of the answer generator (test/generate-answers.ts).
import type { ItemValue } from "survey-core";

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

export interface MatrixRow {
  name?: unknown;
  rowName?: unknown;
  cells?: { column: { name: string }; question: unknown }[];
}

/** Elements that show content and hold no answer. */
export const NO_VALUE_TYPES = new Set(["html", "image"]);
/** Values survey-core computes itself; the generator never types them. */
export const COMPUTED_TYPES = new Set(["expression"]);
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

export const WORDS = [
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

export const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
export const isEmptyValue = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === "" ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
