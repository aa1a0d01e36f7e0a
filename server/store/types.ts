import type { Answers, Audience, Form, Scores } from "../../forms/types.ts";

export type RespondentKind = Audience;

export interface Unit {
  id: number;
  code: string;
  name: string;
  kind: string;
  parentId: number | null;
}

export interface Campaign {
  id: number;
  formId: string;
  formVersion: string;
  unitId: number;
  kind: RespondentKind;
  period: string;
  opensAt: string;
  closesAt: string;
  expected: number | null;
  /** Set when a manager closed the campaign before closesAt. */
  closedAt: string | null;
}

export interface AccessCode {
  code: string;
  campaignId: number;
  unitId: number;
  unitCode: string;
  kind: RespondentKind;
  holder: string | null;
  revokedAt: string | null;
  answered: boolean;
}

/** What an access code opens: its campaign, its unit and the exact form version. */
export interface Access {
  code: string;
  kind: RespondentKind;
  revokedAt: string | null;
  campaign: Campaign;
  unit: Unit;
  form: Form;
  formVersionId: number;
}

export interface StoredResponse {
  responseId: number;
  revision: number;
  answers: Answers;
  scores: Scores | null;
  submittedAt: string;
}

/** The body a submission was answered with; replayed as is for a repeated clientId. */
export interface Receipt {
  responseId: number;
  revision: number;
  scores: Scores | null;
}

export interface NewSubmission {
  access: Access;
  clientId: string;
  answers: Answers;
  scores: Scores | null;
  now: Date;
}

export type Role = "viewer" | "manager" | "admin";
export const ROLES: readonly Role[] = ["viewer", "manager", "admin"];

/** A manager account as the app sees it (never with its password hash). */
export interface Account {
  id: number;
  username: string;
  role: Role;
  /** The unit whose subtree the role covers; null: every tree (system administrator). */
  unitId: number | null;
  unitCode: string | null;
}

/** An account as its admins list it. */
export interface AccountRow extends Account {
  /** Set while the account is disabled: it cannot sign in. */
  disabledAt: string | null;
}

export interface Session {
  /** A short public name of the session (a prefix of its token's hash), to list and end it by. */
  id: string;
  account: Account;
  csrfToken: string;
  expiresAt: string;
}

/** One signed-in session of an account, as listed to it or its admins. */
export interface SessionRow {
  id: string;
  createdAt: string;
  expiresAt: string;
}

export interface AuditEntry {
  id: number;
  username: string;
  action: string;
  unitCode: string | null;
  details: Record<string, unknown>;
  at: string;
}
