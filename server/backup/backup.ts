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
import { chmodSync, existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { fsyncFile, removeDatabaseFiles, sameDatabase, tempName } from "./files.ts";
import { BackupError, type DatabaseSummary, verifyCopy } from "./verify.ts";

export interface BackupResult extends DatabaseSummary {
  path: string;
  source: string;
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
