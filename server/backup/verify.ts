import { readdirSync, statSync } from "node:fs";
import BetterSqlite3 from "better-sqlite3";
import { MIGRATIONS_DIR } from "../store/migrate.ts";

/** A refusal or failure worded for the operator; the CLIs print the message as is. */
export class BackupError extends Error {}

export interface DatabaseSummary {
  /** Size of the file in bytes, and in pages. */
  bytes: number;
  pages: number;
  responses: number;
  receipts: number;
  /** Names of the applied migrations, in order. */
  migrations: string[];
}

/** The migrations this version of tieuchi knows, as `migrateSqlite` would apply them. */
export function knownMigrations(dir: string = MIGRATIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d+-.+\.sql$/.test(f))
    .sort();
}

/**
 * Checks a database file that nothing else uses (a fresh backup, or a copy of one), and leaves it as a
 * single self-contained file in rollback-journal mode: a backup inherits WAL mode from the live database,
 * and a WAL-mode file would need -wal/-shm files beside it as soon as anyone opened it.
 */
export function verifyCopy(file: string, opts: { requireKnownMigrations: boolean }): DatabaseSummary {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { fileMustExist: true });
    const summary = inspect(db, opts);
    db.pragma("journal_mode = DELETE");
    db.close();
    db = undefined;
    return { ...summary, bytes: statSync(file).size };
  } catch (err) {
    if (err instanceof BackupError) throw err;
    // better-sqlite3 opens any file; random bytes or a cut-off copy fail at the first statement.
    throw new BackupError(`it is damaged or not an SQLite database at all (${(err as Error).message}).`);
  } finally {
    db?.close();
  }
}

function inspect(db: BetterSqlite3.Database, opts: { requireKnownMigrations: boolean }) {
  const problems = db.prepare("PRAGMA integrity_check(10)").pluck().all() as string[];
  if (problems.length !== 1 || problems[0] !== "ok")
    throw new BackupError(`its integrity check failed: ${problems.slice(0, 3).join("; ")}.`);
  if (db.prepare("PRAGMA foreign_key_check").all().length > 0)
    throw new BackupError("it has rows whose references point at nothing (PRAGMA foreign_key_check).");
  const tables = new Set(
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
  );
  if (!tables.has("schema_migrations"))
    throw new BackupError("it is not a tieuchi database (it has no schema_migrations table).");
  const migrations = (db.prepare("SELECT name FROM schema_migrations").pluck().all() as string[]).sort();
  for (const table of ["responses", "receipts"])
    if (!tables.has(table)) throw new BackupError(`it is not a tieuchi database (it has no ${table} table).`);
  if (opts.requireKnownMigrations) {
    const known = knownMigrations();
    const unknown = migrations.filter((m) => !known.includes(m));
    // Restoring a newer schema would let this older code run on tables it does not understand.
    if (unknown.length > 0)
      throw new BackupError(
        `it was made by a newer version of tieuchi (it has migration ${unknown.at(-1)}; this version ` +
          `knows up to ${known.at(-1)}). Upgrade tieuchi, then restore it.`,
      );
  }
  const count = (table: string) => Number(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
  return {
    pages: Number(db.pragma("page_count", { simple: true })),
    responses: count("responses"),
    receipts: count("receipts"),
    migrations,
  };
}
