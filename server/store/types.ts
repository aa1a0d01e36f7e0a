import type { Account, SessionRow as ListedSession, SessionInfo } from "../../api/manager.ts";
import type { Answers, Audience, Form, Scores } from "../../forms/types.ts";

// Accounts, roles and sessions are sent to the client as they are: their types are the API's.
export type { Account, AuditEntry } from "../../api/manager.ts";

/** A session as the store lists it; the route adds whether it is the caller's own. */
export type SessionRow = Omit<ListedSession, "current">;
export { ROLES, type Role } from "../../api/roles.ts";

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
  /** Results only once the campaign closed, all at once (release.ts); absent where not read. */
  releaseAfterClose?: boolean;
  /** The manager's own title; null shows the form's (absent where not read). */
  title?: string | null;
}

export interface AccessCode {
  /** The code itself: for the server's own use, never listed to managers (they get `ref` and a mask). */
  code: string;
  /** A random reference that names the code in manager routes (revoke, reprint). */
  ref: string;
  /** A parent code for one family, spent by its first response (the shared parent link is not). */
  singleUse: boolean;
  campaignId: number;
  unitId: number;
  unitCode: string;
  kind: RespondentKind;
  holder: string | null;
  revokedAt: string | null;
  answered: boolean;
  /** When it first answered (a personal code), or was spent (a single-use parent code). */
  answeredAt: string | null;
}

/** What an access code opens: its campaign, its unit and the exact form version. */
export interface Access {
  code: string;
  kind: RespondentKind;
  singleUse: boolean;
  usedAt: string | null;
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
  /** Held "to review" (parents): stored, not yet in the results. */
  held?: boolean;
}

/** A personal code's stored response as its code alone shows it: that it answered, and when. */
export interface AnsweredState {
  responseId: number;
  firstSubmittedAt: string;
  submittedAt: string;
  /** The hash of its revision key; null for a response made before revision keys existed. */
  revisionKeyHash: string | null;
}

export interface NewSubmission {
  access: Access;
  clientId: string;
  answers: Answers;
  scores: Scores | null;
  now: Date;
  /**
   * Personal codes: the hash of the revision key sent; it must match the stored one to revise. The
   * respondent route always gives one; without it the caller vouches for the respondent (seeding, tests).
   */
  revisionKeyHash?: string;
  /** Parents: the hash of the device token sent; the same device revises its own response. */
  deviceHash?: string;
  /** Parents: held "to review" when the route saw a burst from one address. */
  burst?: boolean;
  /** Parents: responses counted at a school beyond this are held (expected × (1 + margin)). */
  countedCap?: number;
}

/** An account as its admins list it. */
export interface AccountRow extends Account {
  /** Set while the account is disabled: it cannot sign in. */
  disabledAt: string | null;
}

/** A signed-in session as the server holds it; the API sends it without its id (SessionInfo). */
export interface Session extends SessionInfo {
  /** A short public name of the session (a prefix of its token's hash), to list and end it by. */
  id: string;
}
