import BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import { openPostgresStore, postgresPool } from "./postgres.ts";
import { insertRows } from "./postgres-sql.ts";
import { TABLES } from "./store.ts";

/** Tables whose PostgreSQL rows carry the campaign of their response (Citus co-location), not SQLite's. */
const WITH_CAMPAIGN = new Set(["response_scores", "response_revisions", "receipts"]);
/** Tables with an identity id: their sequences continue after the copied ids. */
const IDENTITY = ["units", "form_versions", "campaigns", "responses", "accounts", "audit_log"];
/** The tables whose rows results are computed from, compared after the copy. */
const RESULTS = ["agg_responses", "agg_scores", "agg_levels", "agg_answers", "rel_responses", "rel_scores"];

export interface CopyReport {
  rows: Record<string, number>;
  /** Tables of results whose rows differ between the two databases (empty: the copy is checked). */
  differences: string[];
}

/**
 * Copies a SQLite database (read only; stop the app first) into an empty PostgreSQL (or Citus) database,
 * in one transaction, ids kept, then compares the aggregate rows of both: a school moving up to the
 * province's server. Refuses a PostgreSQL database that holds any unit.
 */
export async function copySqliteToPostgres(sqlitePath: string, url: string): Promise<CopyReport> {
  const sqlite = new BetterSqlite3(sqlitePath, { readonly: true, fileMustExist: true });
  // Opening the store applies the migrations.
  await (await openPostgresStore(url)).close();
  const pool = postgresPool(url, { max: 1 });
  const client = await pool.connect();
  try {
    const units = await client.query<{ n: number }>("SELECT count(*) AS n FROM units");
    if (Number(units.rows[0]?.n) > 0) throw new Error("the PostgreSQL database is not empty (it has units)");
    const rows: Record<string, number> = {};
    await client.query("BEGIN");
    try {
      for (const table of TABLES) rows[table] = await copyTable(sqlite, client, table);
      for (const table of IDENTITY)
        await client.query(
          `SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM ${table}), false)`,
        );
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK");
      throw err;
    }
    const differences: string[] = [];
    for (const table of RESULTS) {
      const columns = await columnsOf(client, table);
      const order = columns.join(", ");
      const here = (await client.query(`SELECT ${order} FROM ${table} ORDER BY ${order}`)).rows;
      const there = sqlite.prepare(`SELECT ${order} FROM ${table} ORDER BY ${order}`).all();
      if (JSON.stringify(here) !== JSON.stringify(there)) differences.push(table);
    }
    return { rows, differences };
  } finally {
    client.release();
    await pool.end();
    sqlite.close();
  }
}

async function columnsOf(client: pg.PoolClient, table: string): Promise<string[]> {
  const result = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
       WHERE table_name = $1 AND table_schema = current_schema() ORDER BY ordinal_position`,
    [table],
  );
  return result.rows.map((r) => r.column_name);
}

/** One table's rows, in an order that satisfies its foreign keys (units: parents first). */
async function copyTable(
  sqlite: BetterSqlite3.Database,
  client: pg.PoolClient,
  table: string,
): Promise<number> {
  const columns = await columnsOf(client, table);
  const select = columns.map((c) =>
    WITH_CAMPAIGN.has(table) && c === "campaign_id" ? "r.campaign_id" : `t.${c}`,
  );
  const from = WITH_CAMPAIGN.has(table)
    ? `${table} t JOIN responses r ON r.id = t.response_id`
    : `${table} t`;
  let rows = sqlite
    .prepare(`SELECT ${select.join(", ")} FROM ${from}`)
    .raw()
    .all() as unknown[][];
  if (table === "units") rows = parentsFirst(rows, columns.indexOf("id"), columns.indexOf("parent_id"));
  const merged = columns.indexOf("merged_into_id");
  // A merged unit may point at a unit inserted after it: set once all are in.
  const mergedInto = table === "units" ? rows.map((r) => [r[columns.indexOf("id")], r[merged]]) : [];
  if (table === "units") rows = rows.map((r) => r.map((v, i) => (i === merged ? null : v)));
  await insertRows(client, `${table} (${columns.join(", ")})`, rows);
  for (const [id, into] of mergedInto)
    if (into !== null) await client.query("UPDATE units SET merged_into_id = $1 WHERE id = $2", [into, id]);
  return rows.length;
}

function parentsFirst(rows: unknown[][], id: number, parent: number): unknown[][] {
  const byId = new Map(rows.map((r) => [r[id], r]));
  const out: unknown[][] = [];
  const placed = new Set<unknown>();
  const place = (r: unknown[]) => {
    if (placed.has(r[id])) return;
    const p = r[parent] === null ? undefined : byId.get(r[parent]);
    placed.add(r[id]);
    if (p) place(p);
    out.push(r);
  };
  for (const r of rows) place(r);
  return out;
}
