import type { LocalizedText } from "../forms/types.ts";
import type { Kind } from "./manager.ts";

// The body of `GET /api/campaigns/:id/results` (server/results.ts is the source of truth).

export interface LevelCounts {
  /** Level label (the Vietnamese `default` of `levelsTexts[].label`) → responses reaching it. */
  [label: string]: number;
}

export interface CriterionStat {
  id: string;
  n: number;
  /** null when no response scored this criterion. */
  mean: number | null;
  sd: number | null;
  levels: LevelCounts;
}

export type WithheldReason = "below_threshold" | "complement";

export interface WithheldEntry {
  /** A cell answered by fewer than k people inside a shown group is `question:NAME`. */
  group: "unit" | "child" | "parent" | "gap" | "change" | `question:${string}`;
  unit?: string;
  reason: WithheldReason;
}

export interface ChildResult {
  code: string;
  name: string;
  kind: string;
  n: number;
  expected: number | null;
  completion: number | null;
  withheld: boolean;
  total: number | null;
  criteria: { id: string; mean: number; n: number }[];
}

export interface QuestionResult {
  /** The question's name; a matrix row is `name.row`. */
  name: string;
  title: LocalizedText;
  counts: Record<string, number>;
}

export interface TrendPoint {
  campaignId: number;
  period: string;
  n: number;
  mean: number | null;
  withheld: boolean;
}

export interface ResultsBody {
  campaign: { id: number; period: string; kind: Kind; formId: string; title: LocalizedText };
  unit: { code: string; name: string; kind: string };
  threshold: number;
  criteriaTexts: { id: string; title: LocalizedText }[];
  levelsTexts: { min: number; label: LocalizedText }[];
  totals: {
    responses: number;
    expected: number | null;
    completion: number | null;
    withheld: boolean;
    /** The responses the figures are of (released: see server/store/release.ts). */
    released?: number;
    /** Changes waiting for their unit's next release. */
    pending?: number;
    releaseAfterClose?: boolean;
  };
  criteria: CriterionStat[];
  total: { id: string; n: number; mean: number; sd: number; levels: LevelCounts } | null;
  parent: {
    code: string;
    name: string;
    total: number | null;
    criteria: { id: string; n: number; mean: number; sd: number }[];
  } | null;
  children: ChildResult[];
  questions: QuestionResult[];
  texts: { question: string; text: string }[];
  gap: {
    campaignId: number;
    kind: Kind;
    criteria: { id: string; mean: number; otherMean: number; gap: number }[];
  } | null;
  change: {
    campaignId: number;
    period: string;
    /** Includes the total as id "*". */
    criteria: { id: string; mean: number; previous: number; change: number }[];
  } | null;
  trend: TrendPoint[];
  withheld: WithheldEntry[];
}
