import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, openSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";

// File handling shared by backup and restore: temporary names beside the target, fsync, clean-up.

/** True if two paths name the same database file, or one is the other's -wal/-shm/-journal. */
export function sameDatabase(a: string, b: string): boolean {
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

export function tempName(near: string, what: string): string {
  return join(
    dirname(near),
    `.${basename(near)}.${what}-${process.pid}-${randomBytes(4).toString("hex")}.tmp`,
  );
}

export function removeDatabaseFiles(file: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });
}

export function nonEmpty(file: string): boolean {
  return existsSync(file) && statSync(file).size > 0;
}

export function fsyncFile(path: string): void {
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
export function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, "-");
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
