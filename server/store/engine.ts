import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";
import type { SavedReceipt } from "./sqlite-submissions.ts";
import type { NewSubmission, Receipt } from "./types.ts";

/**
 * What differs between the database engines, behind the Kysely repositories that both share: the hot
 * paths, written per engine for speed (better-sqlite3 prepared statements; pg named statements and
 * multi-row upserts). sqlite-engine.ts and postgres-engine.ts implement it; nothing outside
 * server/store/ sees which one runs. A new engine-specific method goes here, with one twin per engine.
 */
export interface Engine {
  /** The two reads of every submission's code lookup (CampaignRepo.findAccess). */
  access: AccessReads;
  /** The submission write path behind group commit. */
  submissions: Submissions;
  /** How a release keeps concurrent writers out of what it reads (release.ts). */
  releaseLocks: ReleaseLocks;
  /** When the unit trees kept in memory (unit-tree.ts) are stale because another process wrote units. */
  unitTree: UnitTreeToken;
}

/**
 * SQLite: `PRAGMA data_version` (changes whenever another connection commits), nothing to write.
 * PostgreSQL: the counter in `unit_writes` (migration 011), bumped after every unit write through
 * UnitRepo and read (one primary-key row) before each cached tree is used. Several app processes see
 * each other's writes at their next read; a tree read between a write's commit and its bump is kept
 * under the old count and dropped at the bump.
 */
export interface UnitTreeToken {
  token: () => unknown;
  written: () => Promise<void>;
}

/**
 * SQLite runs one write transaction at a time, so it needs no locks. PostgreSQL runs many (several app
 * processes): one release per campaign at a time (an advisory lock), and the responses a release reads
 * are locked, so a revision committed meanwhile is either read by it or marked pending after it.
 */
export interface ReleaseLocks {
  /** Taken first in a release's transaction; held until it ends. */
  campaign(trx: Kysely<Database>, campaignId: number): Promise<void>;
  /** Whether the responses read by a release are read FOR UPDATE. */
  lockResponses: boolean;
}

export interface AccessReads {
  access(code: string): Promise<AccessRow | undefined>;
  form(versionId: number): Promise<FormRow>;
}

export interface Submissions {
  findReceipt(code: string, clientId: string): Promise<Receipt | undefined>;
  /** Stores a batch in one transaction; throws (and stores nothing) if any submission fails. */
  saveBatch(batch: NewSubmission[]): Promise<SavedReceipt[]>;
}

/** The access lookup's one statement; `?` is the code (PostgreSQL's `$1`, see postgres-engine.ts). */
export const ACCESS_SQL = `SELECT a.code, a.kind, a.revoked_at, a.single_use, a.used_at, c.id AS campaign_id, c.unit_id AS campaign_unit_id,
   c.kind AS campaign_kind, c.period, c.opens_at, c.closes_at, c.expected, c.closed_at,
   u.id AS unit_id, u.code AS unit_code, u.name AS unit_name, u.kind AS unit_kind,
   u.parent_id AS unit_parent_id, c.form_version_id
 FROM access_codes a JOIN campaigns c ON c.id = a.campaign_id JOIN units u ON u.id = a.unit_id
 WHERE a.code = ?`;
export const FORM_SQL = "SELECT form_id, version, json FROM form_versions WHERE id = ?";

export interface AccessRow {
  code: string;
  kind: string;
  revoked_at: string | null;
  single_use: number;
  used_at: string | null;
  campaign_id: number;
  campaign_unit_id: number;
  campaign_kind: string;
  period: string;
  opens_at: string;
  closes_at: string;
  expected: number | null;
  closed_at: string | null;
  unit_id: number;
  unit_code: string;
  unit_name: string;
  unit_kind: string;
  unit_parent_id: number | null;
  form_version_id: number;
}
export type FormRow = { form_id: string; version: string; json: string };
