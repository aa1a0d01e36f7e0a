import type { Kysely } from "kysely";
import { contributionOf } from "../../forms/contributions.ts";
import type { Answers, FormJson } from "../../forms/types.ts";
import { AggregateRows } from "./aggregate-rows.ts";
import { addAggregateRows, storedScores, unitPathOf } from "./aggregates.ts";
import type { Submissions } from "./engine.ts";
import { GroupCommit } from "./group-commit.ts";
import type { Database } from "./schema.ts";
import type { SavedReceipt } from "./sqlite-submissions.ts";
import type { AnsweredState, NewSubmission, Receipt, StoredResponse } from "./types.ts";

/** Held responses of one school of a campaign: how many wait to be reviewed. */
export interface HeldCount {
  unitId: number;
  count: number;
}

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

  /** Whether a personal code has answered, and when: all its code alone may learn. */
  async answeredState(code: string): Promise<AnsweredState | undefined> {
    const row = await this.db
      .selectFrom("responses")
      .select(["id", "first_submitted_at", "submitted_at", "revision_key_hash"])
      .where("personal_code", "=", code)
      .executeTakeFirst();
    return (
      row && {
        responseId: row.id,
        firstSubmittedAt: row.first_submitted_at,
        submittedAt: row.submitted_at,
        revisionKeyHash: row.revision_key_hash,
      }
    );
  }

  /** Whether this device (by its token's hash) answered the campaign already, and when. */
  async deviceAnswered(campaignId: number, deviceHash: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom("responses")
      .select("submitted_at")
      .where("campaign_id", "=", campaignId)
      .where("device_hash", "=", deviceHash)
      .executeTakeFirst();
    return row?.submitted_at;
  }

  /** Responses held "to review", per school, for some units of a campaign or all. */
  async heldCounts(campaignId: number, unitIds: number[] | "all"): Promise<HeldCount[]> {
    if (unitIds !== "all" && unitIds.length === 0) return [];
    let q = this.db
      .selectFrom("responses")
      .select(["unit_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("campaign_id", "=", campaignId)
      .where("held", "=", 1)
      .groupBy("unit_id")
      .orderBy("unit_id");
    if (unitIds !== "all") q = q.where("unit_id", "in", unitIds);
    return (await q.execute()).map((r) => ({ unitId: r.unit_id, count: Number(r.n) }));
  }

  /**
   * Accepts (their contributions enter the aggregates and quotes) or discards (deleted with their
   * history) the held responses of some units of a campaign, in one transaction; returns how many.
   */
  async settleHeld(campaignId: number, unitIds: number[], accept: boolean): Promise<number> {
    if (unitIds.length === 0) return 0;
    return this.db.transaction().execute(async (trx) => {
      const held = await trx
        .selectFrom("responses as r")
        .innerJoin("form_versions as f", "f.id", "r.form_version_id")
        .select(["r.id", "r.unit_id", "r.answers", "r.total", "r.level", "f.json"])
        .where("r.campaign_id", "=", campaignId)
        .where("r.unit_id", "in", unitIds)
        .where("r.held", "=", 1)
        .execute();
      if (held.length === 0) return 0;
      const ids = held.map((r) => r.id);
      if (!accept) {
        for (const table of ["response_scores", "response_revisions", "receipts"] as const)
          await trx.deleteFrom(table).where("response_id", "in", ids).execute();
        await trx.deleteFrom("responses").where("id", "in", ids).execute();
        return ids.length;
      }
      const rows = new AggregateRows();
      const paths = new Map<number, number[]>();
      for (const r of held) {
        const scores = await storedScores(trx, r.id, r.total, r.level);
        const c = contributionOf(
          JSON.parse(r.json) as FormJson,
          JSON.parse(r.answers) as Answers,
          scores.criteria.length > 0 ? scores : null,
        );
        let path = paths.get(r.unit_id);
        if (!path) {
          path = await unitPathOf(trx, r.unit_id);
          paths.set(r.unit_id, path);
        }
        rows.add(campaignId, path, c, 1);
        if (c.texts.length > 0)
          await trx
            .insertInto("response_texts")
            .values(
              c.texts.map((t) => ({
                response_id: r.id,
                campaign_id: campaignId,
                unit_id: r.unit_id,
                question: t.question,
                text: t.text,
              })),
            )
            .execute();
      }
      await addAggregateRows(trx, rows);
      await trx.updateTable("responses").set({ held: 0 }).where("id", "in", ids).execute();
      // Accepted answers enter the results the way new ones do: by the release rule (release.ts).
      await trx
        .insertInto("release_pending")
        .values(held.map((r) => ({ campaign_id: campaignId, unit_id: r.unit_id, response_id: r.id })))
        .onConflict((oc) => oc.doNothing())
        .execute();
      return ids.length;
    });
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
      .where("held", "=", 0)
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
      .where("r.held", "=", 0)
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
        .select(["r.id", "r.campaign_id", "r.unit_id", "r.answers", "r.total", "r.level", "r.held", "f.json"])
        .where("r.id", "=", responseId)
        .executeTakeFirst();
      if (!row) return false;
      if (row.held === 1) {
        for (const table of ["response_scores", "response_revisions", "receipts"] as const)
          await trx.deleteFrom(table).where("response_id", "=", responseId).execute();
        await trx.deleteFrom("responses").where("id", "=", responseId).execute();
        return true;
      }
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
      // Its released snapshot stays until its unit's next release (release.ts).
      await trx
        .insertInto("release_pending")
        .values({ campaign_id: row.campaign_id, unit_id: row.unit_id, response_id: responseId })
        .onConflict((oc) => oc.doNothing())
        .execute();
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
