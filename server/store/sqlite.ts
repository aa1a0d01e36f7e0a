import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { migrateSqlite } from "./migrate.ts";
import type { Database } from "./schema.ts";
import { sqliteEngine } from "./sqlite-engine.ts";
import { KyselyStore, type Store } from "./store.ts";

/** Opens (creating if needed) the SQLite database at a path, in WAL mode, with migrations applied. */
export function openSqliteStore(path: string): Store {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma("journal_mode = WAL");
  // FULL: a commit is on disk before a submission is acknowledged, even if the machine loses power.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  migrateSqlite(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return new KyselyStore(db, sqliteEngine(db, sqlite));
}
