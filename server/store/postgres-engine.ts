import { sql } from "kysely";
import type pg from "pg";
import { ACCESS_SQL, type AccessRow, type Engine, FORM_SQL, type FormRow } from "./engine.ts";
import { PostgresSubmissions } from "./postgres-submissions.ts";

/** The PostgreSQL engine: named statements (prepared once per connection) on a pg pool. */
export function postgresEngine(pool: pg.Pool): Engine {
  const access = { name: "tieuchi_access", text: ACCESS_SQL.replace("?", "$1") };
  const form = { name: "tieuchi_form", text: FORM_SQL.replace("?", "$1") };
  const unitWrites = { name: "tieuchi_unit_writes", text: "SELECT n FROM unit_writes WHERE id = 1" };
  return {
    access: {
      access: async (code) => (await pool.query<AccessRow>({ ...access, values: [code] })).rows[0],
      form: async (versionId) => {
        const row = (await pool.query<FormRow>({ ...form, values: [versionId] })).rows[0];
        if (!row) throw new Error(`no form version ${versionId}`);
        return row;
      },
    },
    submissions: new PostgresSubmissions(pool),
    releaseLocks: {
      // Two int4 keys: a constant of tieuchi's releases and the campaign (ids stay far below 2^31).
      campaign: async (trx, campaignId) => {
        await sql`SELECT pg_advisory_xact_lock(7215, ${campaignId}::int)`.execute(trx);
      },
      lockResponses: true,
    },
    unitTree: {
      token: async () => (await pool.query<{ n: number }>(unitWrites)).rows[0]?.n ?? 0,
      written: async () => {
        await pool.query("UPDATE unit_writes SET n = n + 1 WHERE id = 1");
      },
    },
  };
}
