import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { migratePostgres } from "./migrate-postgres.ts";
import { postgresEngine } from "./postgres-engine.ts";
import type { Database } from "./schema.ts";
import { KyselyStore, type Store } from "./store.ts";

const INT8 = 20;
const TIMESTAMPTZ = 1184;
const DATE = 1082;
const parseTimestamp = pg.types.getTypeParser(TIMESTAMPTZ) as (v: string) => Date;

/**
 * The app's types, not pg's defaults: bigint ids and counts as numbers (they stay far below 2^53),
 * times as the ISO strings the app wrote and days as YYYY-MM-DD (pg would give Dates).
 */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === INT8) return Number;
    if (oid === TIMESTAMPTZ) return (v: string) => parseTimestamp(v).toISOString();
    if (oid === DATE) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  /** A schema of its own (created if missing), e.g. one per test worker; else the database's default. */
  schema?: string;
  /** Connections per app process. */
  max?: number;
}

/** A pool on a PostgreSQL (or Citus coordinator) URL, with the app's type parsers and timeouts. */
export function postgresPool(url: string, options: PostgresOptions = {}): pg.Pool {
  const settings = ["-c statement_timeout=60000", "-c TimeZone=UTC"];
  // The URL's own `?options=` (e.g. `-c search_path=…`) are kept: pg would otherwise let them replace ours.
  const parsed = new URL(url);
  const own = parsed.searchParams.get("options");
  if (own) settings.push(own);
  parsed.searchParams.delete("options");
  if (options.schema) settings.push(`-c search_path=${options.schema}`);
  return new pg.Pool({
    connectionString: parsed.toString(),
    max: options.max ?? 10,
    types,
    options: settings.join(" "),
  });
}

/** Opens the store on a PostgreSQL database, with migrations applied. */
export async function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<Store> {
  if (options.schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`bad schema name ${options.schema}`);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = postgresPool(url, options);
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  // Kysely's destroy() ends the pool.
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return new KyselyStore(db, postgresEngine(pool));
}
