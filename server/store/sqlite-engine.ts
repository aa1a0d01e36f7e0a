import type BetterSqlite3 from "better-sqlite3";
import type { Kysely } from "kysely";
import { ACCESS_SQL, type AccessRow, type Engine, FORM_SQL, type FormRow } from "./engine.ts";
import type { Database } from "./schema.ts";
import { SqliteSubmissions } from "./sqlite-submissions.ts";

/**
 * The SQLite engine: better-sqlite3 statements prepared once. Kysely's SQLite driver has one connection,
 * shared by turns: each call takes it first, so no Kysely transaction is open while a statement (or a
 * group-commit batch, one synchronous transaction) runs on the same connection.
 */
export function sqliteEngine(db: Kysely<Database>, sqlite: BetterSqlite3.Database): Engine {
  const accessRow = sqlite.prepare(ACCESS_SQL);
  const formRow = sqlite.prepare(FORM_SQL);
  const submissions = new SqliteSubmissions(sqlite);
  const dataVersion = sqlite.prepare("PRAGMA data_version").pluck();
  const exclusive = <T>(run: () => T): Promise<T> => db.connection().execute(async () => run());
  return {
    access: {
      access: (code) => exclusive(() => accessRow.get(code) as AccessRow | undefined),
      form: (versionId) => exclusive(() => formRow.get(versionId) as FormRow),
    },
    releaseLocks: { campaign: async () => {}, lockResponses: false },
    // Another connection's commit changes data_version: the unit trees in memory are then read again.
    unitTree: { token: () => dataVersion.get(), written: async () => {} },
    submissions: {
      findReceipt: (code, clientId) => exclusive(() => submissions.findReceipt(code, clientId)),
      saveBatch: (batch) => exclusive(() => submissions.saveBatch(batch)),
    },
  };
}
