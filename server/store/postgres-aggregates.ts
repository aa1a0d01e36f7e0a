import type pg from "pg";
import type { AggregateRows } from "./aggregate-rows.ts";
import { insertRows } from "./postgres-sql.ts";

/**
 * Adds rows' changes to the stored aggregates in the caller's transaction: per table, one upsert (per
 * chunk) adding to the stored values, `t.n + excluded.n` (qualified: a bare `n` is ambiguous here). Rows
 * come from one Map per table, so no key appears twice in a statement (PostgreSQL refuses to update a row
 * twice in one), and go in key order, so concurrent writers lock shared rows in one order and cannot
 * deadlock on them.
 */
export async function upsertAggregates(client: pg.PoolClient, rows: AggregateRows): Promise<void> {
  await insertRows(
    client,
    "agg_responses AS t (campaign_id, unit_id, n)",
    sorted(rows.responses).map((r) => [r.campaign_id, r.unit_id, r.n]),
    "ON CONFLICT (campaign_id, unit_id) DO UPDATE SET n = t.n + excluded.n",
  );
  await insertRows(
    client,
    "agg_scores AS t (campaign_id, unit_id, criterion, n, sum, sumsq)",
    sorted(rows.scores).map((r) => [r.campaign_id, r.unit_id, r.criterion, r.n, r.sum, r.sumsq]),
    `ON CONFLICT (campaign_id, unit_id, criterion)
       DO UPDATE SET n = t.n + excluded.n, sum = t.sum + excluded.sum, sumsq = t.sumsq + excluded.sumsq`,
  );
  await insertRows(
    client,
    "agg_levels AS t (campaign_id, unit_id, criterion, level, n)",
    sorted(rows.levels).map((r) => [r.campaign_id, r.unit_id, r.criterion, r.level, r.n]),
    "ON CONFLICT (campaign_id, unit_id, criterion, level) DO UPDATE SET n = t.n + excluded.n",
  );
  await insertRows(
    client,
    "agg_answers AS t (campaign_id, unit_id, question, value, n)",
    sorted(rows.answers).map((r) => [r.campaign_id, r.unit_id, r.question, r.value, r.n]),
    "ON CONFLICT (campaign_id, unit_id, question, value) DO UPDATE SET n = t.n + excluded.n",
  );
}

function sorted<T>(rows: Map<string, T>): T[] {
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}
