import type BetterSqlite3 from "better-sqlite3";
import { contributionOf } from "../../forms/contributions.ts";
import type { Answers, Scores } from "../../forms/types.ts";
import type { AggregateRows } from "./aggregate-rows.ts";
import type { Database } from "./schema.ts";
import { SqliteAggregates } from "./sqlite-aggregates.ts";
import type { NewSubmission, Receipt } from "./types.ts";

export type SavedReceipt = Receipt & { created: boolean };

/**
 * The submission write path on SQLite: better-sqlite3 prepared statements, prepared once, instead of
 * Kysely (which builds, compiles and prepares each statement again on every call: most of a
 * submission's cost once validation is compiled). A batch from group commit is one synchronous
 * transaction; the aggregate rows it touches (AggregateRows) are read once, updated in memory in
 * submission order and written once, so they hold exactly (to the last bit) what one upsert per
 * submission would give.
 */
export class SqliteSubmissions {
  private readonly st: ReturnType<typeof prepareStatements>;
  private readonly aggregates: SqliteAggregates;
  private readonly transaction: (batch: NewSubmission[]) => SavedReceipt[];

  constructor(db: BetterSqlite3.Database) {
    this.st = prepareStatements(db);
    this.aggregates = new SqliteAggregates(db);
    this.transaction = db.transaction((batch: NewSubmission[]) => {
      const rows = this.aggregates.rows();
      const paths = new Map<number, number[]>();
      const out = batch.map((s) => this.saveOne(s, rows, paths));
      this.aggregates.write(rows);
      return out;
    });
  }

  findReceipt(code: string, clientId: string): Receipt | undefined {
    const row = this.st.receipt.get(code, clientId) as { body: string } | undefined;
    return row && (JSON.parse(row.body) as Receipt);
  }

  /** Stores a batch in one transaction; throws (and stores nothing) if any submission fails. */
  saveBatch(batch: NewSubmission[]): SavedReceipt[] {
    return this.transaction(batch);
  }

  /** One submission: a new response or a revision, its scores, texts, receipt and aggregate changes. */
  private saveOne(s: NewSubmission, aggregates: AggregateRows, paths: Map<number, number[]>): SavedReceipt {
    const st = this.st;
    const replay = this.findReceipt(s.access.code, s.clientId);
    if (replay) return { ...replay, created: false };
    const personal = s.access.kind !== "parent";
    const at = s.now.toISOString();
    const form = s.access.form.json;
    const campaignId = s.access.campaign.id;
    const unitPath = this.unitPath(s.access.unit.id, paths);
    const answers = JSON.stringify(s.answers);
    const total = s.scores?.total ?? null;
    const level = s.scores?.level ?? null;
    const existing = personal
      ? (st.personalResponse.get(s.access.code) as ExistingResponse | undefined)
      : undefined;

    let responseId: number;
    let revision = 1;
    if (existing) {
      const criteria = st.responseScores.all(existing.id) as {
        criterion: string;
        score: number | null;
        answered: number;
      }[];
      const old: Scores = {
        total: existing.total,
        level: existing.level,
        criteria: criteria.map((r) => ({ id: r.criterion, score: r.score, answered: r.answered })),
      };
      const oldAnswers = JSON.parse(existing.answers) as Answers;
      aggregates.add(
        existing.campaign_id,
        unitPath,
        contributionOf(form, oldAnswers, s.scores ? old : null),
        -1,
      );
      st.deleteTexts.run(existing.id);
      st.insertRevision.run(
        existing.id,
        existing.revision,
        existing.form_version_id,
        existing.answers,
        existing.total,
        existing.level,
        existing.submitted_at,
      );
      revision = existing.revision + 1;
      responseId = existing.id;
      st.updateResponse.run(s.access.formVersionId, answers, total, level, at, revision, responseId);
      st.deleteScores.run(responseId);
    } else {
      responseId = Number(
        st.insertResponse.run(
          campaignId,
          s.access.unit.id,
          s.access.formVersionId,
          personal ? s.access.code : null,
          revision,
          answers,
          total,
          level,
          at,
          at,
        ).lastInsertRowid,
      );
    }
    if (s.scores) {
      for (const c of s.scores.criteria) st.insertScore.run(responseId, c.id, c.score, c.answered);
    }
    const contribution = contributionOf(form, s.answers, s.scores);
    aggregates.add(campaignId, unitPath, contribution, 1);
    for (const t of contribution.texts)
      st.insertText.run(responseId, campaignId, s.access.unit.id, t.question, t.text);
    // Results change only when enough responses changed at this unit (release.ts).
    st.markPending.run(campaignId, s.access.unit.id, responseId);
    const receipt: Receipt = { responseId, revision, scores: s.scores };
    st.insertReceipt.run(s.access.code, s.clientId, responseId, JSON.stringify(receipt), at);
    return { ...receipt, created: true };
  }

  /** A unit and every unit above it, nearest first (read once per transaction). */
  private unitPath(unitId: number, paths: Map<number, number[]>): number[] {
    let path = paths.get(unitId);
    if (!path) {
      path = this.st.unitPath.all(unitId) as number[];
      paths.set(unitId, path);
    }
    return path;
  }
}

/** A personal code's current response: what becomes a revision when the code answers again. */
type ExistingResponse = Omit<Database["response_revisions"], "response_id"> & {
  id: number;
  campaign_id: number;
};

function prepareStatements(db: BetterSqlite3.Database) {
  return {
    receipt: db.prepare("SELECT body FROM receipts WHERE access_code = ? AND client_id = ?"),
    personalResponse: db.prepare(
      `SELECT id, campaign_id, revision, form_version_id, answers, total, level, submitted_at
         FROM responses WHERE personal_code = ?`,
    ),
    responseScores: db.prepare(
      "SELECT criterion, score, answered FROM response_scores WHERE response_id = ?",
    ),
    unitPath: db
      .prepare(
        `WITH RECURSIVE up(id, parent_id, depth) AS (
         SELECT id, parent_id, 0 FROM units WHERE id = ?
         UNION ALL SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON up.parent_id = u.id)
       SELECT id FROM up ORDER BY depth`,
      )
      .pluck(),
    insertResponse: db.prepare(
      `INSERT INTO responses (campaign_id, unit_id, form_version_id, personal_code, revision, answers, total,
         level, first_submitted_at, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateResponse: db.prepare(
      `UPDATE responses SET form_version_id = ?, answers = ?, total = ?, level = ?, submitted_at = ?, revision = ?
         WHERE id = ?`,
    ),
    insertRevision: db.prepare(
      `INSERT INTO response_revisions (response_id, revision, form_version_id, answers, total, level, submitted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    deleteScores: db.prepare("DELETE FROM response_scores WHERE response_id = ?"),
    insertScore: db.prepare(
      "INSERT INTO response_scores (response_id, criterion, score, answered) VALUES (?, ?, ?, ?)",
    ),
    deleteTexts: db.prepare("DELETE FROM response_texts WHERE response_id = ?"),
    insertText: db.prepare(
      "INSERT INTO response_texts (response_id, campaign_id, unit_id, question, text) VALUES (?, ?, ?, ?, ?)",
    ),
    markPending: db.prepare(
      "INSERT OR IGNORE INTO release_pending (campaign_id, unit_id, response_id) VALUES (?, ?, ?)",
    ),
    insertReceipt: db.prepare(
      "INSERT INTO receipts (access_code, client_id, response_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
    ),
  };
}
