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
