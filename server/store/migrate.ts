import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { fromRoot } from "../../forms/project-root.ts";

export const MIGRATIONS_DIR = fromRoot("server/store/migrations/sqlite");

/** Applies the numbered .sql files not applied yet, each in its own transaction, in order. */
export function migrateSqlite(db: BetterSqlite3.Database, dir: string = MIGRATIONS_DIR): string[] {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
  const applied = new Set(
    db
      .prepare("SELECT name FROM schema_migrations")
      .all()
      .map((r) => (r as { name: string }).name),
  );
  const pending = readdirSync(dir)
    .filter((f) => /^\d+-.+\.sql$/.test(f) && !applied.has(f))
    .sort();
  for (const file of pending) {
    const sql = readFileSync(join(dir, file), "utf8");
    db.transaction(() => {
      db.exec(sql);
      db.prepare("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)").run(
        file,
        new Date().toISOString(),
      );
    })();
  }
  return pending;
}
