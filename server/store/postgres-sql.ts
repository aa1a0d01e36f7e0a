import type pg from "pg";

/** Rows per statement: well under PostgreSQL's 65,535 parameters for the widest table (6 columns). */
const CHUNK = 1000;

/** A multi-row `INSERT INTO <into> VALUES (…), (…)`, a chunk of rows per statement; `suffix` e.g. ON CONFLICT. */
export async function insertRows(
  client: pg.PoolClient,
  into: string,
  rows: readonly unknown[][],
  suffix = "",
): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const values: unknown[] = [];
    const tuples = chunk.map((row) => {
      const params = row.map((v) => {
        values.push(v);
        return `$${values.length}`;
      });
      return `(${params.join(", ")})`;
    });
    await client.query(`INSERT INTO ${into} VALUES ${tuples.join(", ")} ${suffix}`, values);
  }
}
