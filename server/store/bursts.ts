import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

/**
 * The stored burst counter (respondent/burst.ts decides; this keeps the rows). Three statements, no
 * transaction: two processes answering the same key at the same instant may each miss the other's row,
 * which moves the limit by one, never resets it.
 */
export class BurstRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Prunes minutes before `firstMinute` (every key: the table holds one window at most), returns the
   * devices seen through `key` since then (null: no device token), and records this one at `minute`.
   */
  async hit(
    key: string,
    device: string | null,
    minute: number,
    firstMinute: number,
  ): Promise<(string | null)[]> {
    await this.db.deleteFrom("burst_hits").where("minute", "<", firstMinute).execute();
    const rows = await this.db
      .selectFrom("burst_hits")
      .select("device")
      .where("key", "=", key)
      .where("minute", ">=", firstMinute)
      .execute();
    await this.db
      .insertInto("burst_hits")
      .values({ key, minute, device })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return rows.map((r) => r.device);
  }
}
