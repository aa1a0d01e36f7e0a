import type { LocalizedText } from "./respondent.ts";

import type { Role } from "./roles.ts";

export type { Role };
export type Kind = "staff" | "parent" | "unit";
export type CampaignStatus = "scheduled" | "open" | "closed";

export interface Account {
  id: number;
  username: string;
  role: Role;
  /** null: the system administrator, over every tree. */
  unitId: number | null;
  unitCode: string | null;
  /** In the admins' list: set while the account is disabled. */
  disabledAt?: string | null;
}

/** One signed-in session of an account. */
export interface SessionRow {
  id: string;
  createdAt: string;
  expiresAt: string;
  current: boolean;
}

/** `POST /api/session` → 201, `GET /api/session` → 200 */
export interface SessionInfo {
  account: Account;
  csrfToken: string;
  expiresAt: string;
}

/** One row of `GET /api/units`, depth-first. */
export interface UnitRow {
  code: string;
  name: string;
  kind: string;
  parentCode: string | null;
  depth: number;
}

/** One row of `GET /api/forms`. */
export interface FormSummary {
  id: string;
  version: string;
  title: LocalizedText | string;
  audience: Kind | null;
  criteria: { id: string; title: LocalizedText | string }[];
}

export interface CampaignInfo {
  id: number;
  formId: string;
  formVersion: string;
  unitId: number;
  kind: Kind;
  period: string;
  opensAt: string;
  closesAt: string;
  expected: number | null;
  closedAt: string | null;
  unit: { code: string; name: string } | null;
  formTitle: LocalizedText | string;
  status: CampaignStatus;
  /** The manager's own title; null: the form's. */
  title: string | null;
  /** Results only after the campaign closes, all at once. */
  releaseAfterClose: boolean;
}

/** `PATCH /api/campaigns/:id`: "" as title goes back to the form's. */
export interface CampaignChange {
  title?: string;
  period?: string;
  opensAt?: string;
  closesAt?: string;
  expected?: number | null;
}

/** `POST /api/campaigns/:id/duplicate` */
export interface CampaignCopy {
  title?: string;
  period: string;
  opensAt: string;
  closesAt: string;
}

export interface NewCampaign {
  formId: string;
  unit: string;
  kind: Kind;
  period: string;
  opensAt: string;
  closesAt: string;
  expected?: number;
  releaseAfterClose?: boolean;
}

/** One row of `GET /api/campaigns/:id/codes`. */
export interface CodeRow {
  /** Names the code in revoke and reprint; the code itself is shown only when made. */
  ref: string;
  /** The code masked (e.g. 7K••••••4P); a shared parent link in full. */
  mask: string;
  campaignId: number;
  unitId: number;
  unitCode: string;
  kind: Kind;
  singleUse: boolean;
  holder: string | null;
  revokedAt: string | null;
  answered: boolean;
  answeredAt: string | null;
  /** Only for a shared parent link. */
  url: string | null;
  /**
   * Only for a shared parent link: how many counted answers came through it (held ones excluded). A
   * live count, like completion: who answered, never what.
   */
  responses: number | null;
}

/** A code as made: the one time it comes in full. */
export interface NewCode {
  code: string;
  ref: string;
  mask: string;
  url: string;
  unit: string;
  holder: string | null;
}

export interface AuditEntry {
  id: number;
  username: string;
  action: string;
  unitCode: string | null;
  details: Record<string, unknown>;
  at: string;
}

/** `GET /api/audit`: one page, newest first; `next` is the `before` of the following page. */
export interface AuditPage {
  entries: AuditEntry[];
  next: number | null;
  /** Everyone in the admin's log: the "who" filter's choices. */
  usernames: string[];
}

export interface ImportProblem {
  line: number;
  /** What is wrong, for the manager's language (server/units/unit-import.ts); `message` is English. */
  code?: string;
  values?: Record<string, string | number>;
  message: string;
}

/** The error envelope, with whatever details the server added (retryAfter, problems). */
export interface ManagerError {
  code: string;
  message: string;
  retryAfter?: number;
  problems?: ImportProblem[];
}
