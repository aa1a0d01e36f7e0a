import type BetterSqlite3 from "better-sqlite3";
import { type Kysely, sql } from "kysely";
import { AccountRepo } from "./accounts.ts";
import { AggregateRepo } from "./aggregates.ts";
import { AuditRepo } from "./audit.ts";
import { BurstRepo } from "./bursts.ts";
import { CampaignRepo } from "./campaigns.ts";
import { FormRepo } from "./forms.ts";
import { ReleaseRepo } from "./release.ts";
import { ResponseRepo } from "./responses.ts";
import type { Database } from "./schema.ts";
import { SqliteSubmissions } from "./sqlite-submissions.ts";
import { UnitTreeCache } from "./unit-tree.ts";
import { UnitRepo } from "./units.ts";

export { StoreError } from "./store-error.ts";

/**
 * All reads and writes of tieuchi's data, by domain. SQL goes through Kysely, except the submission
 * write path (sqlite-submissions.ts): better-sqlite3 prepared statements, for speed (issue 6).
 */
export class Store {
  readonly forms: FormRepo;
  readonly units: UnitRepo;
  readonly campaigns: CampaignRepo;
  readonly responses: ResponseRepo;
  readonly accounts: AccountRepo;
  readonly audit: AuditRepo;
  readonly aggregates: AggregateRepo;
  readonly releases: ReleaseRepo;
  readonly bursts: BurstRepo;

  constructor(
    private readonly db: Kysely<Database>,
    sqlite: BetterSqlite3.Database,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    this.forms = new FormRepo(db);
    // Another connection's commit changes data_version: the unit trees in memory are then read again.
    const dataVersion = sqlite.prepare("PRAGMA data_version").pluck();
    this.units = new UnitRepo(db, new UnitTreeCache(() => dataVersion.get()));
    this.campaigns = new CampaignRepo(db, this.forms, this.units, sqlite);
    this.responses = new ResponseRepo(db, new SqliteSubmissions(sqlite));
    this.accounts = new AccountRepo(db);
    this.audit = new AuditRepo(db);
    this.aggregates = new AggregateRepo(db);
    this.releases = new ReleaseRepo(db);
    this.bursts = new BurstRepo(db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose();
  }

  /** Row counts of every table: what tests compare to prove a rejected request wrote nothing. */
  async countRows(): Promise<Record<keyof Database, number>> {
    const tables: (keyof Database)[] = [
      "units",
      "form_versions",
      "campaigns",
      "access_codes",
      "responses",
      "response_scores",
      "response_revisions",
      "receipts",
      "accounts",
      "sessions",
      "audit_log",
      "agg_responses",
      "agg_scores",
      "agg_levels",
      "agg_answers",
      "response_texts",
      "rel_responses",
      "rel_scores",
      "rel_levels",
      "rel_answers",
      "released_responses",
      "release_pending",
      "burst_hits",
    ];
    const counts = {} as Record<keyof Database, number>;
    for (const table of tables) {
      const row = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(this.db);
      counts[table] = Number(row.rows[0]?.n ?? 0);
    }
    return counts;
  }
}
