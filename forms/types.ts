/** A text in Vietnamese (`default`) and English (`en`); SurveyJS's localizable-string shape. */
export type LocalizedText = string | { default: string; en?: string; [locale: string]: string | undefined };

export type Audience = "staff" | "parent" | "unit";
export const AUDIENCES: readonly Audience[] = ["staff", "parent", "unit"];

export interface Criterion {
  id: string;
  title: LocalizedText;
  /** A criterion the plan says must be met ("Phải…"); level rules can name these as "mandatory". */
  mandatory?: boolean;
  /**
   * How its items combine: "mean" (the default, weighted) or "lowest", where the criterion scores its
   * weakest item, so one failed item ("Có vi phạm") fails the whole criterion instead of being averaged away.
   */
  scoring?: "mean" | "lowest";
  /** The criterion's own levels (e.g. Đạt / Chưa đạt), highest `min` first; overrides `criterionLevels`. */
  levels?: CriterionLevel[];
}

/** A level one criterion's score can reach; `id` is how level rules refer to it. */
export interface CriterionLevel {
  id: string;
  min: number;
  label: LocalizedText;
}

/** The criteria a level rule is about: every one, the mandatory ones, the others, or these ids. */
export type CriteriaSelector = "all" | "mandatory" | "others" | string[];

/**
 * A condition of a level: the selected criteria (default "all") each reach `reach` — a criterion level
 * id or a score 0..100 — or, with `atLeast`, at least that many of them do. Criteria with no score
 * (nothing answered, or only "Không áp dụng") are left out: they neither count nor block.
 */
export interface LevelRule {
  criteria?: CriteriaSelector;
  reach: string | number;
  atLeast?: number;
}

/** A level of the whole response: reached when the total is at least `min` and every rule holds. */
export interface Level {
  min: number;
  label: LocalizedText;
  rules?: LevelRule[];
}

/** SurveyJS JSON plus tieuchi's scoring metadata. Everything else is SurveyJS's business. */
export interface FormJson {
  title?: LocalizedText;
  audience?: Audience;
  source?: string;
  criteria?: Criterion[];
  levels?: Level[];
  /** Levels shared by every criterion that declares none of its own. */
  criterionLevels?: CriterionLevel[];
  pages?: ElementJson[];
  elements?: ElementJson[];
  [key: string]: unknown;
}

export interface ChoiceJson {
  value?: unknown;
  text?: LocalizedText;
  score?: number;
  [key: string]: unknown;
}

export interface ElementJson {
  type?: string;
  name?: string;
  criterion?: string;
  weight?: number;
  elements?: ElementJson[];
  templateElements?: ElementJson[];
  choices?: (ChoiceJson | string | number)[];
  columns?: (ChoiceJson | string | number)[];
  rows?: (ChoiceJson | string | number)[];
  rateMin?: number;
  rateMax?: number;
  rateStep?: number;
  rateValues?: (ChoiceJson | string | number)[];
  rateCount?: number;
  maxScore?: number;
  /** Numeric indicators (text, inputType number) score value / target, capped at 1. */
  target?: number;
  inputType?: string;
  [key: string]: unknown;
}

/** A checked form: its id, its content version and its JSON. */
export interface Form {
  id: string;
  version: string;
  json: FormJson;
}

export interface CriterionScore {
  id: string;
  /** 0..100, or null when no item of the criterion was answered. */
  score: number | null;
  /** How many scored items of the criterion were answered. */
  answered: number;
  /** The Vietnamese label of the criterion's own level; only for criteria that have levels. */
  level?: string | null;
}

export interface Scores {
  total: number | null;
  /** The Vietnamese (`default`) label of the level the total reaches. */
  level: string | null;
  criteria: CriterionScore[];
  /** Only for forms with level rules: the label of the level above the one reached (null at the top)… */
  next?: string | null;
  /** …and the criteria that keep the response from it, in the form's order ("Chưa đủ tiêu chuẩn: TC3"). */
  blocking?: string[];
}

export type Answers = Record<string, unknown>;

export interface AnswerError {
  question: string;
  message: string;
}

export type Locale = "vi" | "en";
