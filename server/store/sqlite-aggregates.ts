import type BetterSqlite3 from "better-sqlite3";
import { AggregateRows, type StoredScore } from "./aggregate-rows.ts";

/**
 * Aggregate rows on SQLite through better-sqlite3 prepared statements, prepared once: for the writers
 * that run many contributions in one synchronous transaction (group commit, the bulk loader). Score rows
 * start from their stored value, so each is written once with its final value; counts are added.
 */
export class SqliteAggregates {
  private readonly getScore: BetterSqlite3.Statement;
  private readonly addResponses: BetterSqlite3.Statement;
  private readonly putScore: BetterSqlite3.Statement;
  private readonly addLevel: BetterSqlite3.Statement;
  private readonly addAnswer: BetterSqlite3.Statement;

  constructor(db: BetterSqlite3.Database) {
    this.getScore = db.prepare(
      "SELECT n, sum, sumsq FROM agg_scores WHERE campaign_id = ? AND unit_id = ? AND criterion = ?",
    );
    this.addResponses = db.prepare(
      `INSERT INTO agg_responses (campaign_id, unit_id, n) VALUES (?, ?, ?)
         ON CONFLICT (campaign_id, unit_id) DO UPDATE SET n = n + excluded.n`,
    );
    this.putScore = db.prepare(
      `INSERT INTO agg_scores (campaign_id, unit_id, criterion, n, sum, sumsq) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (campaign_id, unit_id, criterion)
         DO UPDATE SET n = excluded.n, sum = excluded.sum, sumsq = excluded.sumsq`,
    );
    this.addLevel = db.prepare(
      `INSERT INTO agg_levels (campaign_id, unit_id, criterion, level, n) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (campaign_id, unit_id, criterion, level) DO UPDATE SET n = n + excluded.n`,
    );
    this.addAnswer = db.prepare(
      `INSERT INTO agg_answers (campaign_id, unit_id, question, value, n) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (campaign_id, unit_id, question, value) DO UPDATE SET n = n + excluded.n`,
    );
  }

  private readonly storedScore: StoredScore = (campaignId, unitId, criterion) =>
    this.getScore.get(campaignId, unitId, criterion) as ReturnType<StoredScore>;

  /** An empty set of rows whose score rows start from the stored ones (read inside the transaction). */
  rows(): AggregateRows {
    return new AggregateRows(this.storedScore);
  }

  /** Writes each row once (in the caller's transaction). */
  write(rows: AggregateRows): void {
    for (const r of rows.responses.values()) this.addResponses.run(r.campaign_id, r.unit_id, r.n);
    for (const r of rows.scores.values())
      this.putScore.run(r.campaign_id, r.unit_id, r.criterion, r.n, r.sum, r.sumsq);
    for (const r of rows.levels.values())
      this.addLevel.run(r.campaign_id, r.unit_id, r.criterion, r.level, r.n);
    for (const r of rows.answers.values())
      this.addAnswer.run(r.campaign_id, r.unit_id, r.question, r.value, r.n);
  }
}
