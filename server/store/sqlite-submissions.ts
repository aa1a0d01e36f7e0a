import type BetterSqlite3 from "better-sqlite3";
import { contributionOf } from "../../forms/contributions.ts";
import type { Answers, Scores } from "../../forms/types.ts";
import type { AggregateRows } from "./aggregate-rows.ts";
import type { Database } from "./schema.ts";
import { SqliteAggregates } from "./sqlite-aggregates.ts";
import type { NewSubmission, Receipt } from "./types.ts";

export type SavedReceipt = Receipt & { created: boolean };

/** A submission the write path refuses: an answered code without its key, a spent single-use code. */
export class SubmissionRefused extends Error {
  constructor(readonly reason: "revision_key_required" | "revision_key_wrong" | "code_used") {
    super(reason);
  }
}

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
    const existing = this.existingResponse(s);

    let responseId: number;
    let revision = 1;
    let held = false;
    if (existing) {
      held = existing.held === 1;
      if (!held) {
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
      }
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
      if (s.access.singleUse) st.useCode.run(at, s.access.code);
      held = !personal && !s.access.singleUse && this.beyondCap(s, aggregates);
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
          personal ? (s.revisionKeyHash ?? null) : null,
          personal ? null : (s.deviceHash ?? null),
          held ? 1 : 0,
        ).lastInsertRowid,
      );
    }
    if (s.scores) {
      for (const c of s.scores.criteria) st.insertScore.run(responseId, c.id, c.score, c.answered);
    }
    // A held response counts nowhere until a manager accepts it (ResponseRepo.settleHeld).
    if (!held) {
      const contribution = contributionOf(form, s.answers, s.scores);
      aggregates.add(campaignId, unitPath, contribution, 1);
      for (const t of contribution.texts)
        st.insertText.run(responseId, campaignId, s.access.unit.id, t.question, t.text);
      // Results change only when enough responses changed at this unit (release.ts).
      st.markPending.run(campaignId, s.access.unit.id, responseId);
    }
    const receipt: Receipt = { responseId, revision, scores: s.scores, ...(held && { held: true }) };
    st.insertReceipt.run(s.access.code, s.clientId, responseId, JSON.stringify(receipt), at);
    return { ...receipt, created: true };
  }

  /**
   * The response this submission revises, if any: a personal code's own (only with its revision key),
   * or the one this device gave in the campaign. A spent single-use code takes no other device's answer.
   */
  private existingResponse(s: NewSubmission): ExistingResponse | undefined {
    const st = this.st;
    if (s.access.kind !== "parent") {
      const found = st.personalResponse.get(s.access.code) as ExistingResponse | undefined;
      // Without a hash the caller vouches (seeding, tests); the respondent route always sends one.
      if (found && s.revisionKeyHash !== undefined && found.revision_key_hash !== s.revisionKeyHash)
        throw new SubmissionRefused(s.revisionKeyHash ? "revision_key_wrong" : "revision_key_required");
      return found;
    }
    const found = s.deviceHash
      ? (st.deviceResponse.get(s.access.campaign.id, s.deviceHash) as ExistingResponse | undefined)
      : undefined;
    if (!found && s.access.singleUse && st.codeUsed.get(s.access.code))
      throw new SubmissionRefused("code_used");
    return found;
  }

  /** A new parent response is held if it came in a burst, or its school has its expected count already. */
  private beyondCap(s: NewSubmission, aggregates: AggregateRows): boolean {
    if (s.burst) return true;
    if (s.countedCap === undefined) return false;
    const campaignId = s.access.campaign.id;
    const unitId = s.access.unit.id;
    const stored = (this.st.counted.get(campaignId, unitId) as number | undefined) ?? 0;
    const pending = aggregates.responses.get(`${campaignId}\u0000${unitId}`)?.n ?? 0;
    return stored + pending >= s.countedCap;
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
  held: number;
  revision_key_hash: string | null;
};

function prepareStatements(db: BetterSqlite3.Database) {
  return {
    receipt: db.prepare("SELECT body FROM receipts WHERE access_code = ? AND client_id = ?"),
    personalResponse: db.prepare(
      `SELECT id, campaign_id, revision, form_version_id, answers, total, level, submitted_at, held,
         revision_key_hash FROM responses WHERE personal_code = ?`,
    ),
    deviceResponse: db.prepare(
      `SELECT id, campaign_id, revision, form_version_id, answers, total, level, submitted_at, held,
         revision_key_hash FROM responses WHERE campaign_id = ? AND device_hash = ?`,
    ),
    codeUsed: db.prepare("SELECT used_at FROM access_codes WHERE code = ? AND used_at IS NOT NULL").pluck(),
    useCode: db.prepare("UPDATE access_codes SET used_at = ? WHERE code = ?"),
    counted: db.prepare("SELECT n FROM agg_responses WHERE campaign_id = ? AND unit_id = ?").pluck(),
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
         level, first_submitted_at, submitted_at, revision_key_hash, device_hash, held)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
