/** A text in Vietnamese (`default`) and English (`en`); SurveyJS's localizable-string shape. */
export type LocalizedText = string | { default: string; en?: string; [locale: string]: string | undefined };

export type Audience = "staff" | "parent" | "unit";
export const AUDIENCES: readonly Audience[] = ["staff", "parent", "unit"];

export interface Criterion {
  id: string;
  title: LocalizedText;
}

export interface Level {
  min: number;
  label: LocalizedText;
}

/** SurveyJS JSON plus tieuchi's scoring metadata. Everything else is SurveyJS's business. */
export interface FormJson {
  title?: LocalizedText;
  audience?: Audience;
  source?: string;
  criteria?: Criterion[];
  levels?: Level[];
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
}

export interface Scores {
  total: number | null;
  /** The Vietnamese (`default`) label of the level the total reaches. */
  level: string | null;
  criteria: CriterionScore[];
}

export type Answers = Record<string, unknown>;

export interface AnswerError {
  question: string;
  message: string;
}

export type Locale = "vi" | "en";
