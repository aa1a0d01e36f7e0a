import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";
import type { Account, AuditEntry } from "./types.ts";

export interface NewAuditEntry {
  /** Who acted: an account, or (id null) a name with no account (a failed sign-in, the CLI). */
  account: Pick<Account, "username"> & { id: number | null };
  action: string;
  unitId: number | null;
  details: Record<string, unknown>;
}

/** What the audit page narrows the log to. */
export interface AuditFilter {
  username?: string;
  /** One action, or a family ending in "." (e.g. "campaign."). */
  action?: string;
  /** Entries about these units (a unit's subtree). */
  unitIds?: number[];
  from?: Date;
  to?: Date;
  before?: number;
}

export class AuditRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async add(e: NewAuditEntry, now: Date): Promise<void> {
    await this.db
      .insertInto("audit_log")
      .values({
        account_id: e.account.id,
        username: e.account.username,
        action: e.action,
        unit_id: e.unitId,
        details: JSON.stringify(e.details),
        at: now.toISOString(),
      })
      .execute();
  }

  /**
   * Newest first; only entries about the given units (a subtree), or all; narrowed by `filter`. A page
   * ends before `before` (an entry id), so paging stays put while new entries arrive.
   */
  async list(unitIds: number[] | "all", filter: AuditFilter = {}, limit = 500): Promise<AuditEntry[]> {
    if (unitIds !== "all" && unitIds.length === 0) return [];
    if (filter.unitIds && filter.unitIds.length === 0) return [];
    let query = this.db
      .selectFrom("audit_log as l")
      .leftJoin("units as u", "u.id", "l.unit_id")
      .select(["l.id", "l.username", "l.action", "u.code as unit_code", "l.details", "l.at"])
      .orderBy("l.id", "desc")
      .limit(limit);
    if (unitIds !== "all") query = query.where("l.unit_id", "in", unitIds);
    if (filter.unitIds) query = query.where("l.unit_id", "in", filter.unitIds);
    if (filter.username) query = query.where("l.username", "=", filter.username);
    // An action family ("campaign.") or one action.
    if (filter.action)
      query = filter.action.endsWith(".")
        ? query.where("l.action", "like", `${filter.action.replace(/[%_\\]/g, "")}%`)
        : query.where("l.action", "=", filter.action);
    if (filter.from) query = query.where("l.at", ">=", filter.from.toISOString());
    if (filter.to) query = query.where("l.at", "<", filter.to.toISOString());
    if (filter.before) query = query.where("l.id", "<", filter.before);
    return (await query.execute()).map((r) => ({
      id: r.id,
      username: r.username,
      action: r.action,
      unitCode: r.unit_code,
      details: JSON.parse(r.details) as Record<string, unknown>,
      at: r.at,
    }));
  }

  /** Who appears in the log of the given units: the audit page's "who" choices. */
  async usernames(unitIds: number[] | "all"): Promise<string[]> {
    if (unitIds !== "all" && unitIds.length === 0) return [];
    let query = this.db.selectFrom("audit_log").select("username").distinct().orderBy("username");
    if (unitIds !== "all") query = query.where("unit_id", "in", unitIds);
    return (await query.execute()).map((r) => r.username);
  }
}
