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
  previous?: PreviousResponse;
}

/** `POST /api/a/:accessCode/responses` body */
export interface SubmitBody {
  answers: Answers;
  clientId: string;
  locale: "vi" | "en";
}

/** `POST /api/a/:accessCode/responses` → 201 / 200 (replayed clientId) */
export interface SubmitResult {
  responseId: string | number;
  revision: number;
  scores: Scores | null;
}

/** Error envelope; opensAt/closesAt are read when the server adds them to a 410. */
export interface ApiError {
  code: string;
  message: string;
  opensAt?: string;
  closesAt?: string;
}

export type FieldError = AnswerError;
