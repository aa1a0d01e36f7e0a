import { type Kysely, sql } from "kysely";
import { AccountRepo } from "./accounts.ts";
import { AggregateRepo } from "./aggregates.ts";
import { AuditRepo } from "./audit.ts";
import { BurstRepo } from "./bursts.ts";
import { CampaignRepo } from "./campaigns.ts";
import type { Engine } from "./engine.ts";
import { FormRepo } from "./forms.ts";
import { ReleaseRepo } from "./release.ts";
import { ResponseRepo } from "./responses.ts";
import type { Database } from "./schema.ts";
import { UnitTreeCache } from "./unit-tree.ts";
import { UnitRepo } from "./units.ts";

export { StoreError } from "./store-error.ts";

/**
 * All reads and writes of tieuchi's data, by domain: what the app sees of the database. open-store.ts
 * opens one on SQLite (the default) or PostgreSQL (DATABASE_URL=postgres://…); nothing outside
 * server/store/ knows which.
 */
export interface Store {
  readonly forms: FormRepo;
  readonly units: UnitRepo;
  readonly campaigns: CampaignRepo;
  readonly responses: ResponseRepo;
  readonly accounts: AccountRepo;
  readonly audit: AuditRepo;
  readonly aggregates: AggregateRepo;
  readonly releases: ReleaseRepo;
  readonly bursts: BurstRepo;
  close(): Promise<void>;
  /** Row counts of every table: what tests compare to prove a rejected request wrote nothing. */
  countRows(): Promise<Record<keyof Database, number>>;
}

export const TABLES: (keyof Database)[] = [
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

/**
 * The repositories, one Kysely implementation for both engines (SqliteDialect or PostgresDialect), and
 * the engine's own hot paths (engine.ts). SQL goes through Kysely except those.
 */
export class KyselyStore implements Store {
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
    engine: Engine,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    this.forms = new FormRepo(db);
    this.units = new UnitRepo(db, new UnitTreeCache(engine.unitTree.token), engine.unitTree.written);
    this.campaigns = new CampaignRepo(db, this.forms, this.units, engine.access);
    this.responses = new ResponseRepo(db, engine.submissions);
    this.accounts = new AccountRepo(db);
    this.audit = new AuditRepo(db);
    this.aggregates = new AggregateRepo(db);
    this.releases = new ReleaseRepo(db, engine.releaseLocks);
    this.bursts = new BurstRepo(db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose();
  }

  async countRows(): Promise<Record<keyof Database, number>> {
    const counts = {} as Record<keyof Database, number>;
    for (const table of TABLES) {
      const row = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(this.db);
      counts[table] = Number(row.rows[0]?.n ?? 0);
    }
    return counts;
  }
}
