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
  };
  form_versions: {
    id: Generated<number>;
    form_id: string;
    version: string;
    json: string;
    created_at: string;
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
  };
  access_codes: {
    code: string;
    campaign_id: number;
    unit_id: number;
    kind: string;
    revoked_at: string | null;
    created_at: string;
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
}
