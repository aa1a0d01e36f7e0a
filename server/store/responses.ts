import type { Kysely } from "kysely";
import { contributionOf } from "../../forms/contributions.ts";
import type { Answers, FormJson } from "../../forms/types.ts";
import { AggregateRows } from "./aggregate-rows.ts";
import { addAggregateRows, storedScores, unitPathOf } from "./aggregates.ts";
import type { Submissions } from "./engine.ts";
import { GroupCommit } from "./group-commit.ts";
import type { Database } from "./schema.ts";
import type { SavedReceipt } from "./sqlite-submissions.ts";
import type { NewSubmission, Receipt, StoredResponse } from "./types.ts";

export class ResponseRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly submissions: Submissions,
  ) {}

  /** The current response of a personal code, if it answered already, with its stored scores. */
  async findPersonal(code: string, criteriaOrder: string[]): Promise<StoredResponse | undefined> {
    const row = await this.db
      .selectFrom("responses")
      .select(["id", "revision", "answers", "total", "level", "submitted_at"])
      .where("personal_code", "=", code)
      .executeTakeFirst();
    if (!row) return undefined;
    const rows = await this.db
      .selectFrom("response_scores")
      .select(["criterion", "score", "answered"])
      .where("response_id", "=", row.id)
      .execute();
    const rank = (id: string) => criteriaOrder.indexOf(id);
    const criteria = rows
      .map((r) => ({ id: r.criterion, score: r.score, answered: r.answered }))
      .sort((a, b) => rank(a.id) - rank(b.id));
    return {
      responseId: row.id,
      revision: row.revision,
      answers: JSON.parse(row.answers) as Answers,
      scores: criteria.length > 0 ? { total: row.total, level: row.level, criteria } : null,
      submittedAt: row.submitted_at,
    };
  }

  async listIds(campaignId: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom("responses")
      .select("id")
      .where("campaign_id", "=", campaignId)
      .orderBy("id")
      .execute();
    return rows.map((r) => r.id);
  }

  /** Every response of a campaign with its stored scores, in id order: for tests and small exports. */
  async listRaw(campaignId: number): Promise<
    {
      id: number;
      unitId: number;
      answers: Answers;
      scores: Record<string, number | null>;
      total: number | null;
    }[]
  > {
    const rows = await this.db
      .selectFrom("responses")
      .select(["id", "unit_id", "answers", "total"])
      .where("campaign_id", "=", campaignId)
      .orderBy("id")
      .execute();
    // By the ids just read, not a join on response_id alone: Citus cannot join on it (no campaign_id here).
    const ids = rows.map((r) => r.id);
    const scores = [];
    for (let start = 0; start < ids.length; start += 5000)
      scores.push(
        ...(await this.db
          .selectFrom("response_scores")
          .select(["response_id", "criterion", "score"])
          .where("response_id", "in", ids.slice(start, start + 5000))
          .execute()),
      );
    const byResponse = new Map<number, Record<string, number | null>>();
    for (const s of scores)
      byResponse.set(s.response_id, { ...byResponse.get(s.response_id), [s.criterion]: s.score });
    return rows.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      answers: JSON.parse(r.answers) as Answers,
      scores: byResponse.get(r.id) ?? {},
      total: r.total,
    }));
  }

  /** One page of a campaign's responses for export, after `afterId`, with unit and scores; never a code. */
  async exportPage(campaignId: number, unitIds: number[] | "all", afterId: number, limit: number) {
    let q = this.db
      .selectFrom("responses as r")
      .innerJoin("units as u", "u.id", "r.unit_id")
      .select([
        "r.id",
        "r.unit_id",
        "u.code as unit_code",
        "u.name as unit_name",
        "r.submitted_at",
        "r.revision",
        "r.answers",
        "r.total",
        "r.level",
      ])
      .where("r.campaign_id", "=", campaignId)
      .where("r.id", ">", afterId)
      .orderBy("r.id")
      .limit(limit);
    if (unitIds !== "all") q = q.where("r.unit_id", "in", unitIds);
    const rows = await q.execute();
    if (rows.length === 0) return [];
    const scores = await this.db
      .selectFrom("response_scores")
      .select(["response_id", "criterion", "score"])
      .where("response_id", ">=", rows[0]?.id ?? 0)
      .where("response_id", "<=", rows[rows.length - 1]?.id ?? 0)
      .execute();
    const byResponse = new Map<number, Record<string, number | null>>();
    for (const s of scores)
      byResponse.set(s.response_id, { ...byResponse.get(s.response_id), [s.criterion]: s.score });
    return rows.map((r) => ({ ...r, scores: byResponse.get(r.id) ?? {} }));
  }

  /** Removes a response, its history and its share of the aggregates; false if there was none. */
  async delete(responseId: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom("responses as r")
        .innerJoin("form_versions as f", "f.id", "r.form_version_id")
        .select(["r.id", "r.campaign_id", "r.unit_id", "r.answers", "r.total", "r.level", "f.json"])
        .where("r.id", "=", responseId)
        .executeTakeFirst();
      if (!row) return false;
      const scores = await storedScores(trx, row.id, row.total, row.level);
      const c = contributionOf(
        JSON.parse(row.json) as FormJson,
        JSON.parse(row.answers) as Answers,
        scores.criteria.length > 0 ? scores : null,
      );
      const rows = new AggregateRows();
      rows.add(row.campaign_id, await unitPathOf(trx, row.unit_id), c, -1);
      await addAggregateRows(trx, rows);
      for (const table of ["response_texts", "response_scores", "response_revisions", "receipts"] as const)
        await trx.deleteFrom(table).where("response_id", "=", responseId).execute();
      await trx.deleteFrom("responses").where("id", "=", responseId).execute();
      return true;
    });
  }

  findReceipt(code: string, clientId: string): Promise<Receipt | undefined> {
    return this.submissions.findReceipt(code, clientId);
  }

  /**
   * Stores an accepted submission in one transaction: a new response, or for a personal code that
   * answered before a new revision (the earlier one kept as history); its scores; and its receipt.
   */
  save(s: NewSubmission): Promise<SavedReceipt> {
    return this.commits.add(s);
  }

  /** How many transactions group commit has run, and for how many submissions (for tests and benchmarks). */
  get commitStats() {
    return this.commits.stats;
  }

  private readonly commits = new GroupCommit<NewSubmission, SavedReceipt>((batch) =>
    this.submissions.saveBatch(batch),
  );
}
