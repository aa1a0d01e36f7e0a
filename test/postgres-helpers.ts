import BetterSqlite3 from "better-sqlite3";
import { openPostgresStore, postgresPool } from "../server/store/postgres.ts";
import { type Store, TABLES } from "../server/store/store.ts";

let lastPath: string | undefined;

/**
 * The store of `npm run test:postgres`: one schema per vitest worker (migrating a Citus schema takes
 * seconds, so it is done once and emptied after), truncated whenever a test opens a path not opened
 * just before.
 */
export async function openPostgresTestStore(url: string, path: string): Promise<Store> {
  const schema = workerSchema();
  const store = await openPostgresStore(url, { schema, max: 4 });
  if (path !== lastPath) {
    const pool = postgresPool(url, { schema, max: 1 });
    try {
      await pool.query(`TRUNCATE ${TABLES.join(", ")} RESTART IDENTITY CASCADE`);
    } finally {
      await pool.end();
    }
    lastPath = path;
  }
  return store;
}

/**
 * Rows of one read-only query on the test store's database, the way a test inspects what was stored:
 * the SQLite file at `path`, or (TEST_DATABASE_URL) this worker's PostgreSQL schema. `?` marks a
 * parameter on both.
 */
export async function queryTestDatabase<T>(path: string, text: string, params: unknown[] = []): Promise<T[]> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const db = new BetterSqlite3(path, { readonly: true });
    try {
      return db.prepare(text).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  const pool = postgresPool(url, { schema: workerSchema(), max: 1 });
  try {
    let n = 0;
    return (
      await pool.query(
        text.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows as T[];
  } finally {
    await pool.end();
  }
}

const workerSchema = () => `test_w${process.env.VITEST_POOL_ID ?? "0"}`;
