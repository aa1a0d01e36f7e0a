import { openPostgresStore, postgresPool } from "../server/store/postgres.ts";
import { type Store, TABLES } from "../server/store/store.ts";

let lastPath: string | undefined;

/**
 * The store of `npm run test:postgres`: one schema per vitest worker (migrating a Citus schema takes
 * seconds, so it is done once and emptied after), truncated whenever a test opens a path not opened
 * just before.
 */
export async function openPostgresTestStore(url: string, path: string): Promise<Store> {
  const schema = `test_w${process.env.VITEST_POOL_ID ?? "0"}`;
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
