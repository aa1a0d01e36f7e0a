import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type pg from "pg";
import { fromRoot } from "../../forms/project-root.ts";

export const POSTGRES_MIGRATIONS_DIR = fromRoot("server/store/migrations/postgres");
export const CITUS_MIGRATIONS_DIR = fromRoot("server/store/migrations/citus");

// Any constant shared by every tieuchi process: the key of the advisory lock that migrations hold.
const MIGRATION_LOCK = 7_215_004_815;

/**
 * Applies the numbered PostgreSQL migrations not applied yet, in order, each file (and on a Citus
 * coordinator its citus/ twin) in one transaction, statement by statement (Citus refuses several
 * commands in one query). A session advisory lock makes app processes that start together wait for one
 * another, and each re-reads the applied list under it, so every file is applied once.
 */
export async function migratePostgres(
  pool: pg.Pool,
  dir = POSTGRES_MIGRATIONS_DIR,
  citusDir = CITUS_MIGRATIONS_DIR,
): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL)",
    );
    const applied = new Set(
      (await client.query<{ name: string }>("SELECT name FROM schema_migrations")).rows.map((r) => r.name),
    );
    const citus = (await client.query("SELECT 1 FROM pg_extension WHERE extname = 'citus'")).rowCount === 1;
    const pending = readdirSync(dir)
      .filter((f) => /^\d+-.+\.sql$/.test(f) && !applied.has(f))
      .sort();
    for (const file of pending) {
      const statements = citus
        ? citusStatements(dir, citusDir, file)
        : statementsOf(readFileSync(join(dir, file), "utf8"));
      await client.query("BEGIN");
      try {
        for (const statement of statements) await client.query(statement);
        await client.query("INSERT INTO schema_migrations (name, applied_at) VALUES ($1, now())", [file]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${file} failed: ${(err as Error).message}`, { cause: err });
      }
    }
    return pending;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}

/**
 * On a Citus coordinator: the PostgreSQL file then its citus/ twin, or the twin alone when its first line
 * says `-- citus: replaces …` (a step whose PostgreSQL form Citus refuses, e.g. a unique index without
 * the distribution column, or rows filled before their table is distributed).
 */
function citusStatements(dir: string, citusDir: string, file: string): string[] {
  const twin = readFileSync(join(citusDir, file), "utf8");
  if (twin.startsWith("-- citus: replaces")) return statementsOf(twin);
  return [...statementsOf(readFileSync(join(dir, file), "utf8")), ...statementsOf(twin)];
}

/** A migration file's statements: comments dropped, split at each `;` that ends a line (no functions). */
export function statementsOf(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n")
    .split(/;[ \t]*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
