// Online backup and checked restore of the SQLite database (`npm run backup` / `npm run restore`).
//
// Rules an operator can rely on:
// - A backup can be taken while the server runs and keeps writing: it is one consistent snapshot that
//   holds every response acknowledged before it started.
// - A backup file is only ever replaced by a complete, verified one (written under a temporary name in
//   the same folder, checked, then renamed), so an interrupted backup never leaves a half file behind.
// - Restore checks the file first and refuses a damaged, foreign or newer-than-this-code file.
// - Restore needs the server stopped: it refuses while any other process has the database open, and the
//   database it replaces is kept next to it as `<db>.before-restore-<timestamp>`.
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  constants as fsConstants,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { MIGRATIONS_DIR } from "../store/migrate.ts";

/** How long restore waits for another process's lock before calling the database in use. */
const IN_USE_WAIT_MS = 1000;

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

export interface BackupResult extends DatabaseSummary {
  path: string;
  source: string;
}

export interface RestoreResult extends DatabaseSummary {
  path: string;
  source: string;
  /** Where the database that was replaced is kept; null when there was none. */
  keptAs: string | null;
  /** Migrations this code has that the restored file lacks: the server applies them on its next start. */
  pending: string[];
}

/** The migrations this version of tieuchi knows, as `migrateSqlite` would apply them. */
export function knownMigrations(dir: string = MIGRATIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d+-.+\.sql$/.test(f))
    .sort();
}

/**
 * Copies the live database at `dbPath` to `destFile` with SQLite's online backup API, verifies the copy and
 * only then puts it at `destFile` (replacing an earlier backup there, atomically).
 */
export async function backupDatabase(dbPath: string, destFile: string): Promise<BackupResult> {
  const source = resolve(dbPath);
  const dest = resolve(destFile);
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source} (DATABASE_PATH).`);
  if (sameDatabase(dest, source))
    throw new BackupError(`${dest} is the live database itself: choose another file for the backup.`);
  if (existsSync(dest) && statSync(dest).isDirectory())
    throw new BackupError(`${dest} is a folder: give the name of the backup file to write.`);
  mkdirSync(dirname(dest), { recursive: true });
  const tmp = tempName(dest, "backup");
  // Read-write, not readonly: a readonly connection to a WAL database cannot always set up the shared
  // memory it needs; this connection never writes to the live database.
  const db = new BetterSqlite3(source, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    // After a first call that only sizes the copy, copy every page in ONE step: a single read transaction
    // is a consistent snapshot, and in WAL mode it does not block the server's writers. Copying a few
    // pages per step would restart whenever the server commits, and might never finish under steady load.
    await db.backup(tmp, { progress: () => 0x7fffffff });
  } catch (err) {
    removeDatabaseFiles(tmp);
    throw new BackupError(`Cannot back up ${source}: ${(err as Error).message}`);
  } finally {
    db.close();
  }
  try {
    const summary = verifyCopy(tmp, { requireKnownMigrations: false });
    // A backup holds password hashes and every answer: readable by its owner only, wherever it is copied.
    chmodSync(tmp, 0o600);
    fsyncFile(tmp);
    renameSync(tmp, dest);
    fsyncFile(dirname(dest));
    return { ...summary, path: dest, source };
  } catch (err) {
    removeDatabaseFiles(tmp);
    if (err instanceof BackupError)
      throw new BackupError(`The backup of ${source} failed its check: ${err.message}`);
    throw err;
  }
}

/**
 * Replaces the database at `dbPath` by the backup `src`, after checking the backup, and keeps the
 * replaced database as `<dbPath>.before-restore-<timestamp>`. Stop the server first: this refuses
 * while another process has the database open.
 */
export function restoreDatabase(src: string, dbPath: string, now: Date = new Date()): RestoreResult {
  const source = resolve(src);
  const target = resolve(dbPath);
  if (!existsSync(source)) throw new BackupError(`There is no file ${source}.`);
  if (!statSync(source).isFile()) throw new BackupError(`${source} is not a file.`);
  if (sameDatabase(source, target))
    throw new BackupError(`${source} is the database to replace: give the backup file to restore.`);
  // Copying only the main file would lose what sits in a write-ahead log beside it.
  if (nonEmpty(`${source}-wal`))
    throw new BackupError(
      `${source} has a write-ahead log beside it (${basename(source)}-wal): it looks like a live database, ` +
        "not a backup. Make a backup of it with `npm run backup` and restore that.",
    );

  // Check a private copy, in the target's folder, and later rename exactly that copy into place: what is
  // checked is what is restored, and the current database is not touched until the check has passed.
  mkdirSync(dirname(target), { recursive: true });
  const tmp = tempName(target, "restore");
  let placed = false;
  try {
    copyFileSync(source, tmp);
    let summary: DatabaseSummary;
    try {
      summary = verifyCopy(tmp, { requireKnownMigrations: true });
    } catch (err) {
      if (err instanceof BackupError) throw new BackupError(`Refused to restore ${source}: ${err.message}`);
      throw err;
    }
    fsyncFile(tmp);
    const keptAs = existsSync(target) ? `${target}.before-restore-${stamp(now)}` : null;
    withDatabaseLocked(target, () => {
      if (keptAs) keepAside(target, keptAs);
      renameSync(tmp, target);
      placed = true;
      fsyncFile(dirname(target));
    });
    const known = knownMigrations();
    return {
      ...summary,
      path: target,
      source,
      keptAs,
      pending: known.filter((m) => !summary.migrations.includes(m)),
    };
  } finally {
    if (!placed) removeDatabaseFiles(tmp);
  }
}

/**
 * Checks a database file that nothing else uses (a fresh backup, or a copy of one), and leaves it as a
 * single self-contained file in rollback-journal mode: a backup inherits WAL mode from the live database,
 * and a WAL-mode file would need -wal/-shm files beside it as soon as anyone opened it.
 */
function verifyCopy(file: string, opts: { requireKnownMigrations: boolean }): DatabaseSummary {
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

/**
 * Runs `swap` while holding the database at `path` exclusively, or refuses if another process has it
 * open. A server keeps its WAL-mode connection open with a shared lock on the file even when idle, so
 * `BEGIN EXCLUSIVE` alone (which in WAL mode only excludes other writers) would not see an idle server;
 * leaving WAL mode needs the file to itself, so it fails while anyone else has the database open. It
 * also checkpoints the write-ahead log into the file and removes it, so the file kept aside is complete.
 */
function withDatabaseLocked(path: string, swap: () => void): void {
  if (!existsSync(path)) {
    // No database yet; but a log left beside the name would be replayed into the restored file.
    for (const log of ["-wal", "-journal"])
      if (nonEmpty(`${path}${log}`))
        throw new BackupError(
          `${path} is missing but ${basename(path)}${log} is there: move that file away before restoring.`,
        );
    rmSync(`${path}-shm`, { force: true });
    swap();
    return;
  }
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(path, { fileMustExist: true });
    db.pragma(`busy_timeout = ${IN_USE_WAIT_MS}`);
  } catch (err) {
    throw currentDatabaseError(path, err);
  }
  try {
    try {
      const mode = db.pragma("journal_mode = DELETE", { simple: true });
      if (mode !== "delete")
        throw Object.assign(new Error(`journal mode stayed ${mode}`), { code: "SQLITE_BUSY" });
      // In rollback mode this takes an EXCLUSIVE lock on the file: nobody can read or write it until we
      // are done, so the copy kept aside cannot change and no server can open it half way.
      db.exec("BEGIN EXCLUSIVE");
    } catch (err) {
      throw currentDatabaseError(path, err);
    }
    if (nonEmpty(`${path}-wal`))
      throw new BackupError(`${path} still has a write-ahead log after a checkpoint: is a server using it?`);
    rmSync(`${path}-wal`, { force: true });
    rmSync(`${path}-shm`, { force: true });
    swap();
  } finally {
    if (db.inTransaction) db.exec("ROLLBACK");
    db.close();
  }
}

function currentDatabaseError(path: string, err: unknown): BackupError {
  const code = (err as { code?: string }).code ?? "";
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"))
    return new BackupError(
      `${path} is in use by another process (is the server running?). Stop the server, then restore; ` +
        "the database was left as it was.",
    );
  return new BackupError(
    `The current database at ${path} cannot be opened (${(err as Error).message}). Stop the server, move ` +
      `${basename(path)} (and any -wal and -shm files beside it) elsewhere, then restore again.`,
  );
}

/** Keeps the replaced database under another name: a second name for the same file where the file system
 * allows it (nothing copied, and the database's own name never goes missing), else a copy. */
function keepAside(path: string, keptAs: string): void {
  try {
    linkSync(path, keptAs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") throw err;
    copyFileSync(path, keptAs, fsConstants.COPYFILE_EXCL);
    fsyncFile(keptAs);
  }
}

/** True if two paths name the same database file, or one is the other's -wal/-shm/-journal. */
function sameDatabase(a: string, b: string): boolean {
  const strip = (p: string) => p.replace(/-(wal|shm|journal)$/, "");
  if (strip(a) === strip(b)) return true;
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.ino === sb.ino && sa.dev === sb.dev;
  } catch {
    return false;
  }
}

function tempName(near: string, what: string): string {
  return join(
    dirname(near),
    `.${basename(near)}.${what}-${process.pid}-${randomBytes(4).toString("hex")}.tmp`,
  );
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });
}

function nonEmpty(file: string): boolean {
  return existsSync(file) && statSync(file).size > 0;
}

function fsyncFile(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a folder; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** 2026-11-23T08-00-00-000Z: an ISO time usable in a file name everywhere. */
function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, "-");
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
