import type { AnswerError, Answers, Audience, FormJson, Scores } from "../forms/types.ts";

export type {
  AnswerError,
  Answers,
  Audience,
  Criterion,
  FormJson,
  Level,
  LocalizedText,
  Scores,
} from "../forms/types.ts";

export interface Campaign {
  id: string | number;
  period: string;
  opensAt: string;
  closesAt: string;
  kind: Audience;
}

export interface UnitInfo {
  code: string;
  name: string;
}

export interface PreviousResponse {
  responseId: string | number;
  revision: number;
  answers: Answers;
  scores: Scores | null;
  submittedAt: string;
}

/** `GET /api/a/:accessCode` */
export interface AccessInfo {
  campaign: Campaign;
  unit: UnitInfo;
  kind: Audience;
  form: { id: string; version: string; json: FormJson };
  /** The code (or, on a parent link, this device) answered already: when; the answers come only with the key. */
  answered?: { at: string; byThisDevice: boolean };
  previous?: PreviousResponse;
}

/** `POST /api/a/:accessCode/responses` body */
export interface SubmitBody {
  answers: Answers;
  clientId: string;
  locale: "vi" | "en";
  /** Personal codes: the key that lets this respondent alone see or revise the answer. */
  revisionKey?: string;
  /** Parent links: this phone's token (one response per device). */
  deviceToken?: string;
}

/** `POST /api/a/:accessCode/responses` → 201 / 200 (replayed clientId) */
export interface SubmitResult {
  responseId: string | number;
  revision: number;
  scores: Scores | null;
  /** With a personal code's first answer only: the key to write down. */
  revisionKey?: string;
  /** A parent answer held "to review" by the school. */
  held?: boolean;
}

/** Error envelope; opensAt/closesAt are read when the server adds them to a 410. */
export interface ApiError {
  code: string;
  message: string;
  opensAt?: string;
  closesAt?: string;
}

export type FieldError = AnswerError;
