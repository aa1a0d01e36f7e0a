import { type Kysely, sql } from "kysely";
import { type Contribution, contributionOf, TOTAL } from "../../forms/contributions.ts";
import type { Answers, FormJson, Scores } from "../../forms/types.ts";
import type { Database } from "./schema.ts";

export interface ScoreAggregate {
  unitId: number;
  criterion: string;
  n: number;
  sum: number;
  sumsq: number;
}

/**
 * Adds (sign 1) or removes (sign -1) one response's contribution to the aggregates of its unit and of
 * every unit above it. Runs inside the caller's transaction; one statement per table.
 */
export async function applyContribution(
  db: Kysely<Database>,
  target: { campaignId: number; unitPath: number[]; unitId: number; responseId: number },
  c: Contribution,
  sign: 1 | -1,
): Promise<void> {
  const campaign_id = target.campaignId;
  const units = target.unitPath;
  await db
    .insertInto("agg_responses")
    .values(units.map((unit_id) => ({ campaign_id, unit_id, n: sign })))
    .onConflict((oc) => oc.columns(["campaign_id", "unit_id"]).doUpdateSet({ n: sql`n + excluded.n` }))
    .execute();
  if (c.scores.length > 0) {
    await db
      .insertInto("agg_scores")
      .values(
        units.flatMap((unit_id) =>
          c.scores.map((s) => ({
            campaign_id,
            unit_id,
            criterion: s.criterion,
            n: sign,
            sum: sign * s.score,
            sumsq: sign * s.score * s.score,
          })),
        ),
      )
      .onConflict((oc) =>
        oc.columns(["campaign_id", "unit_id", "criterion"]).doUpdateSet({
          n: sql`n + excluded.n`,
          sum: sql`sum + excluded.sum`,
          sumsq: sql`sumsq + excluded.sumsq`,
        }),
      )
      .execute();
  }
  if (c.levels.length > 0) {
    await db
      .insertInto("agg_levels")
      .values(
        units.flatMap((unit_id) =>
          c.levels.map((l) => ({ campaign_id, unit_id, criterion: l.criterion, level: l.level, n: sign })),
        ),
      )
      .onConflict((oc) =>
        oc.columns(["campaign_id", "unit_id", "criterion", "level"]).doUpdateSet({ n: sql`n + excluded.n` }),
      )
      .execute();
  }
  const answers = dedupe(c.answers);
  if (answers.length > 0) {
    await db
      .insertInto("agg_answers")
      .values(
        units.flatMap((unit_id) =>
          answers.map((a) => ({ campaign_id, unit_id, question: a.question, value: a.value, n: sign })),
        ),
      )
      .onConflict((oc) =>
        oc.columns(["campaign_id", "unit_id", "question", "value"]).doUpdateSet({ n: sql`n + excluded.n` }),
      )
      .execute();
  }
  if (sign < 0) await db.deleteFrom("response_texts").where("response_id", "=", target.responseId).execute();
  else if (c.texts.length > 0) {
    await db
      .insertInto("response_texts")
      .values(
        c.texts.map((t) => ({
          response_id: target.responseId,
          campaign_id,
          unit_id: target.unitId,
          question: t.question,
          text: t.text,
        })),
      )
      .execute();
  }
}

/** The ids of a unit and all above it, nearest first (inside a transaction, so on its connection). */
export async function unitPathOf(db: Kysely<Database>, unitId: number): Promise<number[]> {
  const rows = await db
    .withRecursive("up(id, parent_id, depth)", (q) =>
      q
        .selectFrom("units")
        .select(["id", "parent_id", (eb) => eb.val(0).as("depth")])
        .where("id", "=", unitId)
        .unionAll(
          q
            .selectFrom("units as u")
            .innerJoin("up", "up.parent_id", "u.id")
            .select(["u.id", "u.parent_id", (eb) => eb(eb.ref("up.depth"), "+", 1).as("depth")]),
        ),
    )
    .selectFrom("up")
    .select("id")
    .orderBy("depth")
    .execute();
  return rows.map((r) => r.id);
}

/** A stored response's scores as scoreResponse returned them, read back from its rows. */
export async function storedScores(
  db: Kysely<Database>,
  responseId: number,
  total: number | null,
  level: string | null,
): Promise<Scores> {
  const rows = await db
    .selectFrom("response_scores")
    .select(["criterion", "score", "answered"])
    .where("response_id", "=", responseId)
    .execute();
  return {
    total,
    level,
    criteria: rows.map((r) => ({ id: r.criterion, score: r.score, answered: r.answered })),
  };
}

/** Reads of the aggregates, for results. */
export class AggregateRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Response counts per unit (units without responses are absent). */
  async counts(campaignId: number, unitIds: number[]): Promise<Map<number, number>> {
    if (unitIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom("agg_responses")
      .select(["unit_id", "n"])
      .where("campaign_id", "=", campaignId)
      .where("unit_id", "in", unitIds)
      .where("n", ">", 0)
      .execute();
    return new Map(rows.map((r) => [r.unit_id, r.n]));
  }

  async scores(campaignId: number, unitIds: number[]): Promise<ScoreAggregate[]> {
    if (unitIds.length === 0) return [];
    const rows = await this.db
      .selectFrom("agg_scores")
      .select(["unit_id", "criterion", "n", "sum", "sumsq"])
      .where("campaign_id", "=", campaignId)
      .where("unit_id", "in", unitIds)
      .where("n", ">", 0)
      .execute();
    return rows.map((r) => ({
      unitId: r.unit_id,
      criterion: r.criterion,
      n: r.n,
      sum: r.sum,
      sumsq: r.sumsq,
    }));
  }

  async levels(
    campaignId: number,
    unitId: number,
  ): Promise<{ criterion: string; level: string; n: number }[]> {
    return this.db
      .selectFrom("agg_levels")
      .select(["criterion", "level", "n"])
      .where("campaign_id", "=", campaignId)
      .where("unit_id", "=", unitId)
      .where("n", ">", 0)
      .execute();
  }

  async answers(
    campaignId: number,
    unitId: number,
  ): Promise<{ question: string; value: string; n: number }[]> {
    return this.db
      .selectFrom("agg_answers")
      .select(["question", "value", "n"])
      .where("campaign_id", "=", campaignId)
      .where("unit_id", "=", unitId)
      .where("n", ">", 0)
      .execute();
  }

  /** The newest free-text answers given in a set of units. */
  async texts(
    campaignId: number,
    unitIds: number[],
    limit: number,
  ): Promise<{ question: string; text: string }[]> {
    if (unitIds.length === 0) return [];
    return this.db
      .selectFrom("response_texts")
      .select(["question", "text"])
      .where("campaign_id", "=", campaignId)
      .where("unit_id", "in", unitIds)
      .orderBy("response_id", "desc")
      .limit(limit)
      .execute();
  }

  /** Campaigns with responses given in any of these units. */
  async campaignsWithResponsesIn(unitIds: number[]): Promise<number[]> {
    if (unitIds.length === 0) return [];
    const rows = await this.db
      .selectFrom("responses")
      .select("campaign_id")
      .distinct()
      .where("unit_id", "in", unitIds)
      .execute();
    return rows.map((r) => r.campaign_id);
  }

  /**
   * Recomputes every aggregate of one campaign (or all) from the stored responses, in one transaction:
   * for recovery, after moving or merging units, and after migrations. Reads responses in chunks.
   */
  async rebuild(campaignId?: number): Promise<{ campaigns: number; responses: number }> {
    return this.db.transaction().execute(async (trx) => {
      for (const table of [
        "agg_responses",
        "agg_scores",
        "agg_levels",
        "agg_answers",
        "response_texts",
      ] as const) {
        let del = trx.deleteFrom(table);
        if (campaignId !== undefined) del = del.where("campaign_id", "=", campaignId);
        await del.execute();
      }
      const parents = new Map(
        (await trx.selectFrom("units").select(["id", "parent_id"]).execute()).map((u) => [u.id, u.parent_id]),
      );
      const pathOf = (unitId: number) => {
        const path: number[] = [];
        for (let at: number | null | undefined = unitId; at != null; at = parents.get(at)) path.push(at);
        return path;
      };
      const forms = new Map<number, FormJson>();
      const campaigns = new Set<number>();
      let lastId = 0;
      let count = 0;
      for (;;) {
        let q = trx
          .selectFrom("responses as r")
          .select([
            "r.id",
            "r.campaign_id",
            "r.unit_id",
            "r.form_version_id",
            "r.answers",
            "r.total",
            "r.level",
          ])
          .where("r.id", ">", lastId)
          .orderBy("r.id")
          .limit(2000);
        if (campaignId !== undefined) q = q.where("r.campaign_id", "=", campaignId);
        const chunk = await q.execute();
        if (chunk.length === 0) break;
        for (const r of chunk) {
          let form = forms.get(r.form_version_id);
          if (!form) {
            const row = await trx
              .selectFrom("form_versions")
              .select("json")
              .where("id", "=", r.form_version_id)
              .executeTakeFirstOrThrow();
            form = JSON.parse(row.json) as FormJson;
            forms.set(r.form_version_id, form);
          }
          const scores = await storedScores(trx, r.id, r.total, r.level);
          const c = contributionOf(
            form,
            JSON.parse(r.answers) as Answers,
            scores.criteria.length > 0 ? scores : null,
          );
          await applyContribution(
            trx,
            { campaignId: r.campaign_id, unitPath: pathOf(r.unit_id), unitId: r.unit_id, responseId: r.id },
            c,
            1,
          );
          campaigns.add(r.campaign_id);
          count++;
        }
        lastId = chunk[chunk.length - 1]?.id ?? lastId;
      }
      return { campaigns: campaigns.size, responses: count };
    });
  }
}

/** One count per distinct (question, value) of a response (a value listed twice counts once). */
export function dedupe(answers: { question: string; value: string }[]) {
  const seen = new Set<string>();
  return answers.filter((a) => {
    const key = `${a.question}\u0000${a.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export { TOTAL };
