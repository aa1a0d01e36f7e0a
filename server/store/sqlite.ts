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
  // Each SQL text prepared once (preparingOnce below): SQLite only; pg names its hot statements itself.
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: preparingOnce(sqlite) }) });
  return new KyselyStore(db, sqliteEngine(db, sqlite));
}

/** Distinct SQL texts whose prepared statements are kept (a few dozen in use; IN lists vary in length). */
const STATEMENTS_KEPT = 256;

/**
 * The connection as Kysely's driver sees it, with each SQL text prepared once: the driver calls
 * `prepare` for every query it runs, and preparing (parsing, planning) was a good part of a results read.
 * Kysely runs one query at a time on its connection (a stream holds it to the end), so a kept statement
 * is never run twice at once; SQLite prepares a kept statement again by itself after a schema change.
 */
function preparingOnce(sqlite: BetterSqlite3.Database): BetterSqlite3.Database {
  const kept = new Map<string, BetterSqlite3.Statement>();
  const prepare = (source: string) => {
    let statement = kept.get(source);
    if (statement) kept.delete(source);
    else statement = sqlite.prepare(source);
    kept.set(source, statement); // most recently used last
    if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value as string);
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === "prepare") return prepare;
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
