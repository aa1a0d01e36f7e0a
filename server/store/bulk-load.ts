import BetterSqlite3 from "better-sqlite3";
import { contributionOf } from "../../forms/contributions.ts";
import { scoreResponse } from "../../forms/score.ts";
import type { Answers, FormJson } from "../../forms/types.ts";
import { unitPathIn } from "./aggregate-rows.ts";
import { SqliteAggregates } from "./sqlite-aggregates.ts";

/** One response to load: the unit it was given at, its answers (valid for the campaign's form) and when. */
export interface BulkResponse {
  unitId: number;
  answers: Answers;
  submittedAt: string;
}

export interface BulkLoadResult {
  responses: number;
  ms: number;
}

/**
 * Loads many anonymous (parent-link) responses into one campaign fast, for benchmarks and seeding: plain
 * prepared statements in large transactions on a connection of its own, no receipts. Scores come from
 * `scoreResponse` and the aggregates from `contributionOf`, accumulated in memory (AggregateRows) in
 * response order, starting from the rows already stored, and written once at the end, so they equal, to
 * the last bit, what saving the same responses one by one gives. Nothing else may write to the database
 * during the load. Not crash-safe until it returns.
 */
export function bulkLoadResponses(
  dbPath: string,
  campaignId: number,
  responses: Iterable<BulkResponse>,
  { transactionSize = 50_000 }: { transactionSize?: number } = {},
): BulkLoadResult {
  const started = performance.now();
  const db = new BetterSqlite3(dbPath);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    const campaign = db
      .prepare(
        "SELECT c.form_version_id AS formVersionId, f.json FROM campaigns c JOIN form_versions f ON f.id = c.form_version_id WHERE c.id = ?",
      )
      .get(campaignId) as { formVersionId: number; json: string } | undefined;
    if (!campaign) throw new Error(`no campaign ${campaignId}`);
    const form = JSON.parse(campaign.json) as FormJson;

    const parents = new Map(
      (db.prepare("SELECT id, parent_id FROM units").all() as { id: number; parent_id: number | null }[]).map(
        (u) => [u.id, u.parent_id],
      ),
    );
    const paths = new Map<number, number[]>();
    const pathOf = (unitId: number) => {
      let path = paths.get(unitId);
      if (!path) {
        if (!parents.has(unitId)) throw new Error(`no unit ${unitId}`);
        path = unitPathIn(parents, unitId);
        paths.set(unitId, path);
      }
      return path;
    };

    const aggregates = new SqliteAggregates(db);
    const rows = aggregates.rows();

    const insertResponse = db.prepare(
      `INSERT INTO responses (campaign_id, unit_id, form_version_id, personal_code, revision, answers, total, level,
         first_submitted_at, submitted_at) VALUES (?, ?, ?, NULL, 1, ?, ?, ?, ?, ?)`,
    );
    const insertScore = db.prepare(
      "INSERT INTO response_scores (response_id, criterion, score, answered) VALUES (?, ?, ?, ?)",
    );
    const markPending = db.prepare(
      "INSERT OR IGNORE INTO release_pending (campaign_id, unit_id, response_id) VALUES (?, ?, ?)",
    );
    const insertText = db.prepare(
      "INSERT INTO response_texts (response_id, campaign_id, unit_id, question, text) VALUES (?, ?, ?, ?, ?)",
    );

    const loadOne = (r: BulkResponse) => {
      const scores = scoreResponse(form, r.answers);
      const id = Number(
        insertResponse.run(
          campaignId,
          r.unitId,
          campaign.formVersionId,
          JSON.stringify(r.answers),
          scores?.total ?? null,
          scores?.level ?? null,
          r.submittedAt,
          r.submittedAt,
        ).lastInsertRowid,
      );
      if (scores) for (const c of scores.criteria) insertScore.run(id, c.id, c.score, c.answered);
      const c = contributionOf(form, r.answers, scores);
      for (const t of c.texts) insertText.run(id, campaignId, r.unitId, t.question, t.text);
      rows.add(campaignId, pathOf(r.unitId), c, 1);
      markPending.run(campaignId, r.unitId, id);
    };

    let count = 0;
    let batch: BulkResponse[] = [];
    const flush = db.transaction((items: BulkResponse[]) => {
      for (const r of items) loadOne(r);
    });
    for (const r of responses) {
      batch.push(r);
      if (batch.length >= transactionSize) {
        flush(batch);
        count += batch.length;
        batch = [];
      }
    }
    if (batch.length > 0) flush(batch);
    count += batch.length;

    db.transaction(() => aggregates.write(rows))();
    db.pragma("wal_checkpoint(TRUNCATE)");
    return { responses: count, ms: performance.now() - started };
  } finally {
    db.close();
  }
}
