import type pg from "pg";
import { contributionOf } from "../../forms/contributions.ts";
import type { Answers, Scores } from "../../forms/types.ts";
import { AggregateRows } from "./aggregate-rows.ts";
import type { Submissions } from "./engine.ts";
import { upsertAggregates } from "./postgres-aggregates.ts";
import { insertRows } from "./postgres-sql.ts";
import { type SavedReceipt, SubmissionRefused } from "./sqlite-submissions.ts";
import type { NewSubmission, Receipt } from "./types.ts";

// Deadlock, serialization failure: the batch is retried whole.
const RETRYABLE = new Set(["40P01", "40001"]);

/**
 * The submission write path on PostgreSQL. A batch from group commit is one transaction on one pooled
 * connection; its aggregate changes are summed per row in memory (AggregateRows, so no key appears twice
 * in a statement) and added at the end with one multi-row `INSERT … ON CONFLICT DO UPDATE SET
 * n = t.n + excluded.n` per table, rows sorted by key: several app processes never lose an update (no
 * read-then-write) and lock hot rows (a province's) in the same order, once per batch.
 */
export class PostgresSubmissions implements Submissions {
  constructor(private readonly pool: pg.Pool) {}

  async findReceipt(code: string, clientId: string): Promise<Receipt | undefined> {
    return receiptOf(this.pool, code, clientId);
  }

  async saveBatch(batch: NewSubmission[]): Promise<SavedReceipt[]> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const out = await this.write(client, batch);
        await client.query("COMMIT");
        return out;
      } catch (err) {
        await client.query("ROLLBACK").catch((e: Error) => (broken = e));
        if (attempt < 4 && RETRYABLE.has((err as { code?: string }).code ?? "")) continue;
        throw err;
      } finally {
        client.release(broken);
      }
    }
  }

  private async write(client: pg.PoolClient, batch: NewSubmission[]): Promise<SavedReceipt[]> {
    const rows = new AggregateRows();
    const paths = new Map<number, number[]>();
    const receipts = new Map<string, Receipt>();
    const out: SavedReceipt[] = [];
    for (const s of batch) out.push(await this.saveOne(client, s, rows, paths, receipts));
    await upsertAggregates(client, rows);
    return out;
  }

  /** One submission: a new response or a revision, its scores, texts, receipt; aggregate changes to `rows`. */
  private async saveOne(
    client: pg.PoolClient,
    s: NewSubmission,
    rows: AggregateRows,
    paths: Map<number, number[]>,
    receipts: Map<string, Receipt>,
  ): Promise<SavedReceipt> {
    const receiptKey = `${s.access.code}\u0000${s.clientId}`;
    const replay = receipts.get(receiptKey) ?? (await receiptOf(client, s.access.code, s.clientId));
    if (replay) return { ...replay, created: false };
    const personal = s.access.kind !== "parent";
    const at = s.now.toISOString();
    const form = s.access.form.json;
    const campaignId = s.access.campaign.id;
    const unitPath = await unitPathOf(client, s.access.unit.id, paths);
    const answers = JSON.stringify(s.answers);
    const total = s.scores?.total ?? null;
    const level = s.scores?.level ?? null;
    const existing = await existingResponse(client, s);

    let responseId: number;
    let revision = 1;
    let held = false;
    if (existing) {
      held = existing.held === 1;
      const key = [campaignId, existing.id];
      if (!held) {
        const criteria = await client.query<{ criterion: string; score: number | null; answered: number }>({
          name: "tieuchi_response_scores",
          text: "SELECT criterion, score, answered FROM response_scores WHERE campaign_id = $1 AND response_id = $2",
          values: key,
        });
        const old: Scores = {
          total: existing.total,
          level: existing.level,
          criteria: criteria.rows.map((r) => ({ id: r.criterion, score: r.score, answered: r.answered })),
        };
        const oldAnswers = JSON.parse(existing.answers) as Answers;
        rows.add(campaignId, unitPath, contributionOf(form, oldAnswers, s.scores ? old : null), -1);
        await client.query("DELETE FROM response_texts WHERE campaign_id = $1 AND response_id = $2", key);
      }
      await client.query(
        `INSERT INTO response_revisions (campaign_id, response_id, revision, form_version_id, answers, total,
           level, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          ...key,
          existing.revision,
          existing.form_version_id,
          existing.answers,
          existing.total,
          existing.level,
          existing.submitted_at,
        ],
      );
      revision = existing.revision + 1;
      responseId = existing.id;
      await client.query(
        `UPDATE responses SET form_version_id = $3, answers = $4, total = $5, level = $6, submitted_at = $7,
           revision = $8 WHERE campaign_id = $1 AND id = $2`,
        [...key, s.access.formVersionId, answers, total, level, at, revision],
      );
      await client.query("DELETE FROM response_scores WHERE campaign_id = $1 AND response_id = $2", key);
    } else {
      // Spent in the same statement that checks it: two app processes cannot both spend one code.
      if (s.access.singleUse) {
        const spent = await client.query(
          "UPDATE access_codes SET used_at = $1 WHERE code = $2 AND used_at IS NULL",
          [at, s.access.code],
        );
        if (spent.rowCount !== 1) throw new SubmissionRefused("code_used");
      }
      held = !personal && !s.access.singleUse && (await beyondCap(client, s, rows));
      const inserted = await client.query<{ id: number }>({
        name: "tieuchi_insert_response",
        text: `INSERT INTO responses (campaign_id, unit_id, form_version_id, personal_code, revision, answers,
                 total, level, first_submitted_at, submitted_at, revision_key_hash, device_hash, held)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12)
               RETURNING id`,
        values: [
          campaignId,
          s.access.unit.id,
          s.access.formVersionId,
          personal ? s.access.code : null,
          revision,
          answers,
          total,
          level,
          at,
          personal ? (s.revisionKeyHash ?? null) : null,
          personal ? null : (s.deviceHash ?? null),
          held ? 1 : 0,
        ],
      });
      responseId = inserted.rows[0]?.id as number;
    }
    if (s.scores)
      await insertRows(
        client,
        "response_scores (campaign_id, response_id, criterion, score, answered)",
        s.scores.criteria.map((c) => [campaignId, responseId, c.id, c.score, c.answered]),
      );
    // A held response counts nowhere until a manager accepts it (ResponseRepo.settleHeld).
    if (!held) {
      const contribution = contributionOf(form, s.answers, s.scores);
      rows.add(campaignId, unitPath, contribution, 1);
      await insertRows(
        client,
        "response_texts (campaign_id, response_id, unit_id, question, text)",
        contribution.texts.map((t) => [campaignId, responseId, s.access.unit.id, t.question, t.text]),
      );
      // Results change only when enough responses changed at this unit (release.ts).
      await client.query({
        name: "tieuchi_mark_pending",
        text: `INSERT INTO release_pending (campaign_id, unit_id, response_id) VALUES ($1, $2, $3)
                 ON CONFLICT DO NOTHING`,
        values: [campaignId, s.access.unit.id, responseId],
      });
    }
    const receipt: Receipt = { responseId, revision, scores: s.scores, ...(held && { held: true }) };
    // Another app process may have stored this clientId since the check above: then this batch fails,
    // group commit retries the submission alone, and the retry answers that first receipt.
    const stored = await client.query({
      name: "tieuchi_insert_receipt",
      text: `INSERT INTO receipts (campaign_id, access_code, client_id, response_id, body, created_at)
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      values: [campaignId, s.access.code, s.clientId, responseId, JSON.stringify(receipt), at],
    });
    if (stored.rowCount !== 1) throw new Error(`receipt ${s.clientId} stored concurrently`);
    receipts.set(receiptKey, receipt);
    return { ...receipt, created: true };
  }
}

/**
 * The response this submission revises, if any, locked for the transaction: a personal code's own
 * (only with its revision key), or the one this device gave in the campaign (sqlite-submissions.ts).
 */
async function existingResponse(
  client: pg.PoolClient,
  s: NewSubmission,
): Promise<ExistingResponse | undefined> {
  const columns = `id, revision, form_version_id, answers, total, level, submitted_at, held, revision_key_hash`;
  if (s.access.kind !== "parent") {
    const found = (
      await client.query<ExistingResponse>({
        name: "tieuchi_personal_response",
        text: `SELECT ${columns} FROM responses WHERE campaign_id = $1 AND personal_code = $2 FOR UPDATE`,
        values: [s.access.campaign.id, s.access.code],
      })
    ).rows[0];
    // Without a hash the caller vouches (seeding, tests); the respondent route always sends one.
    if (found && s.revisionKeyHash !== undefined && found.revision_key_hash !== s.revisionKeyHash)
      throw new SubmissionRefused(s.revisionKeyHash ? "revision_key_wrong" : "revision_key_required");
    return found;
  }
  if (!s.deviceHash) return undefined;
  return (
    await client.query<ExistingResponse>({
      name: "tieuchi_device_response",
      text: `SELECT ${columns} FROM responses WHERE campaign_id = $1 AND device_hash = $2 FOR UPDATE`,
      values: [s.access.campaign.id, s.deviceHash],
    })
  ).rows[0];
}

/** A new parent response is held if it came in a burst, or its school has its expected count already. */
async function beyondCap(client: pg.PoolClient, s: NewSubmission, rows: AggregateRows): Promise<boolean> {
  if (s.burst) return true;
  if (s.countedCap === undefined) return false;
  const campaignId = s.access.campaign.id;
  const unitId = s.access.unit.id;
  const stored = await client.query<{ n: number }>({
    name: "tieuchi_counted",
    text: "SELECT n FROM agg_responses WHERE campaign_id = $1 AND unit_id = $2",
    values: [campaignId, unitId],
  });
  const pending = rows.responses.get(`${campaignId}\u0000${unitId}`)?.n ?? 0;
  return (stored.rows[0]?.n ?? 0) + pending >= s.countedCap;
}

async function receiptOf(db: pg.Pool | pg.PoolClient, code: string, clientId: string) {
  const row = (
    await db.query<{ body: string }>({
      name: "tieuchi_receipt",
      text: "SELECT body FROM receipts WHERE access_code = $1 AND client_id = $2",
      values: [code, clientId],
    })
  ).rows[0];
  return row && (JSON.parse(row.body) as Receipt);
}

/** A unit and every unit above it, nearest first (read once per batch). */
async function unitPathOf(client: pg.PoolClient, unitId: number, paths: Map<number, number[]>) {
  let path = paths.get(unitId);
  if (!path) {
    const rows = await client.query<{ id: number }>({
      name: "tieuchi_unit_path",
      text: `WITH RECURSIVE up(id, parent_id, depth) AS (
               SELECT id, parent_id, 0 FROM units WHERE id = $1
               UNION ALL SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON up.parent_id = u.id)
             SELECT id FROM up ORDER BY depth`,
      values: [unitId],
    });
    path = rows.rows.map((r) => r.id);
    paths.set(unitId, path);
  }
  return path;
}

interface ExistingResponse {
  id: number;
  revision: number;
  form_version_id: number;
  answers: string;
  total: number | null;
  level: string | null;
  submitted_at: string;
  held: number;
  revision_key_hash: string | null;
}
