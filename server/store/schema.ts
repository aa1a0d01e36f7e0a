import type { Generated } from "kysely";

/** Row types of the tables in migrations/, for Kysely. Times are ISO-8601 UTC strings. */
export interface Database {
  units: {
    id: Generated<number>;
    code: string;
    name: string;
    kind: string;
    parent_id: number | null;
    created_at: string;
    merged_into_id: Generated<number | null>;
  };
  form_versions: {
    id: Generated<number>;
    form_id: string;
    version: string;
    json: string;
    created_at: string;
    /** The owning unit; null: the catalogue, every tree (migration 009). */
    unit_id: Generated<number | null>;
    published_by: Generated<number | null>;
  };
  campaigns: {
    id: Generated<number>;
    form_version_id: number;
    unit_id: number;
    kind: string;
    period: string;
    opens_at: string;
    closes_at: string;
    expected: number | null;
    created_at: string;
    closed_at: Generated<string | null>;
    release_after_close: Generated<number>;
    title: Generated<string | null>;
  };
  access_codes: {
    code: string;
    campaign_id: number;
    unit_id: number;
    kind: string;
    revoked_at: string | null;
    created_at: string;
    holder: Generated<string | null>;
    ref: string | null;
    single_use: Generated<number>;
    used_at: Generated<string | null>;
  };
  responses: {
    id: Generated<number>;
    campaign_id: number;
    unit_id: number;
    form_version_id: number;
    personal_code: string | null;
    revision: number;
    answers: string;
    total: number | null;
    level: string | null;
    first_submitted_at: string;
    submitted_at: string;
    revision_key_hash: Generated<string | null>;
    device_hash: Generated<string | null>;
    held: Generated<number>;
  };
  response_scores: {
    response_id: number;
    criterion: string;
    score: number | null;
    answered: number;
  };
  response_revisions: {
    response_id: number;
    revision: number;
    form_version_id: number;
    answers: string;
    total: number | null;
    level: string | null;
    submitted_at: string;
  };
  receipts: {
    access_code: string;
    client_id: string;
    response_id: number;
    body: string;
    created_at: string;
  };
  accounts: {
    id: Generated<number>;
    username: string;
    password_hash: string;
    role: string;
    unit_id: number | null;
    created_at: string;
    disabled_at: Generated<string | null>;
  };
  sessions: {
    token_hash: string;
    account_id: number;
    csrf_token: string;
    created_at: string;
    expires_at: string;
  };
  audit_log: {
    id: Generated<number>;
    account_id: number | null;
    username: string;
    action: string;
    unit_id: number | null;
    details: string;
    at: string;
  };
  agg_responses: AggResponses;
  agg_scores: AggScores;
  agg_levels: AggLevels;
  agg_answers: AggAnswers;
  response_texts: {
    response_id: number;
    campaign_id: number;
    unit_id: number;
    question: string;
    text: string;
  };
  // The released aggregates have the live ones' shape (release.ts).
  rel_responses: AggResponses;
  rel_scores: AggScores;
  rel_levels: AggLevels;
  rel_answers: AggAnswers;
  released_responses: {
    campaign_id: number;
    unit_id: number;
    response_id: number;
    sort_key: number;
    released_on: string;
    answers: string;
    scores: string;
    total: number | null;
    level: string | null;
    contribution: string;
  };
  release_pending: { campaign_id: number; unit_id: number; response_id: number };
  burst_hits: { key: string; minute: number; device: string | null };
}

interface AggResponses {
  campaign_id: number;
  unit_id: number;
  n: number;
}
interface AggScores {
  campaign_id: number;
  unit_id: number;
  criterion: string;
  n: number;
  sum: number;
  sumsq: number;
}
interface AggLevels {
  campaign_id: number;
  unit_id: number;
  criterion: string;
  level: string;
  n: number;
}
interface AggAnswers {
  campaign_id: number;
  unit_id: number;
  question: string;
  value: string;
  n: number;
}
