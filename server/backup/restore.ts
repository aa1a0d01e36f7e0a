import {
  copyFileSync,
  existsSync,
  constants as fsConstants,
  linkSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { basename, dirname, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { fsyncFile, nonEmpty, removeDatabaseFiles, sameDatabase, stamp, tempName } from "./files.ts";
import { BackupError, type DatabaseSummary, knownMigrations, verifyCopy } from "./verify.ts";

/** How long restore waits for another process's lock before calling the database in use. */
const IN_USE_WAIT_MS = 1000;

export interface RestoreResult extends DatabaseSummary {
  path: string;
  source: string;
  /** Where the database that was replaced is kept; null when there was none. */
  keptAs: string | null;
  /** Migrations this code has that the restored file lacks: the server applies them on its next start. */
  pending: string[];
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
