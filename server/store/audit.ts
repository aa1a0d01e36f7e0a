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

  /** Newest first; only entries about the given units (a subtree), or all. */
  async list(unitIds: number[] | "all", limit = 500): Promise<AuditEntry[]> {
    if (unitIds !== "all" && unitIds.length === 0) return [];
    let query = this.db
      .selectFrom("audit_log as l")
      .leftJoin("units as u", "u.id", "l.unit_id")
      .select(["l.id", "l.username", "l.action", "u.code as unit_code", "l.details", "l.at"])
      .orderBy("l.id", "desc")
      .limit(limit);
    if (unitIds !== "all") query = query.where("l.unit_id", "in", unitIds);
    return (await query.execute()).map((r) => ({
      id: r.id,
      username: r.username,
      action: r.action,
      unitCode: r.unit_code,
      details: JSON.parse(r.details) as Record<string, unknown>,
      at: r.at,
    }));
  }
}
