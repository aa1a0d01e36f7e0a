import { type Kysely, sql } from "kysely";
import { type Contribution, contributionOf, TOTAL } from "../../forms/contributions.ts";
import type { Answers, FormJson, Scores } from "../../forms/types.ts";
import { AggregateRows, unitPathIn } from "./aggregate-rows.ts";
import { rebuildReleased } from "./release.ts";
import type { Database } from "./schema.ts";

export interface ScoreAggregate {
  unitId: number;
  criterion: string;
  n: number;
  sum: number;
  sumsq: number;
}

/**
 * Adds rows' changes to the stored aggregates, in the caller's transaction, a few hundred rows per
 * statement. The rows must come from `new AggregateRows()` (no stored scores: their score rows are changes
 * too), for one contribution or for a run on rows that nothing is stored for yet (a rebuild).
 */
export async function addAggregateRows(
  db: Kysely<Database>,
  rows: AggregateRows,
  state: "agg" | "rel" = "agg",
): Promise<void> {
  await addRows(db, `${state}_responses`, rows.responses.values(), ["campaign_id", "unit_id"], ["n"]);
  const scoreKey = ["campaign_id", "unit_id", "criterion"] as const;
  await addRows(db, `${state}_scores`, rows.scores.values(), scoreKey, ["n", "sum", "sumsq"]);
  const levelKey = ["campaign_id", "unit_id", "criterion", "level"] as const;
  await addRows(db, `${state}_levels`, rows.levels.values(), levelKey, ["n"]);
  const answerKey = ["campaign_id", "unit_id", "question", "value"] as const;
  await addRows(db, `${state}_answers`, rows.answers.values(), answerKey, ["n"]);
}

/** The live tables (agg_*, kept at write time) and the released ones (rel_*, see release.ts) share a shape. */
type AggregateTable = `${"agg" | "rel"}_${"responses" | "scores" | "levels" | "answers"}`;

/** Upserts rows into a table: a row already stored under the same key gets the values added. */
async function addRows<T extends AggregateTable>(
  db: Kysely<Database>,
  table: T,
  rows: Iterable<Database[T]>,
  key: readonly (keyof Database[T] & string)[],
  added: readonly (keyof Database[T] & string)[],
): Promise<void> {
  // Qualified: a bare `n` is ambiguous on PostgreSQL (SQLite accepts both).
  const set = Object.fromEntries(
    added.map((c) => [c, sql`${sql.ref(`${table}.${c}`)} + ${sql.ref(`excluded.${c}`)}`]),
  );
  for (const chunk of chunksOf(rows))
    await db
      .insertInto(table)
      // Kysely cannot check values and columns against a table chosen by a type parameter.
      .values(chunk as never)
      .onConflict((oc) => oc.columns(key as never).doUpdateSet(set as never))
      .execute();
}

/** Up to 500 rows at a time: at most 3,000 parameters per statement, well under SQLite's limit. */
function* chunksOf<T>(rows: Iterable<T>, size = 500): Generator<T[]> {
  let chunk: T[] = [];
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Stores a response's free-text answers, shown as quotes in the results. */
async function insertTexts(
  db: Kysely<Database>,
  r: { responseId: number; campaignId: number; unitId: number },
  texts: Contribution["texts"],
): Promise<void> {
  if (texts.length === 0) return;
  await db
    .insertInto("response_texts")
    .values(
      texts.map((t) => ({
        response_id: r.responseId,
        campaign_id: r.campaignId,
        unit_id: r.unitId,
        question: t.question,
        text: t.text,
      })),
    )
    .execute();
}

/** The ids of a unit and all above it, nearest first (inside a transaction, so on its connection). */
export async function unitPathOf(db: Kysely<Database>, unitId: number): Promise<number[]> {
  const rows = await db
    .withRecursive("up(id, parent_id, depth)", (q) =>
      q
        .selectFrom("units")
        // A literal 0: a parameter here is typed text on PostgreSQL, and `depth + 1` then fails.
        .select(["id", "parent_id", sql<number>`0`.as("depth")])
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

/** Up to this many units, quotes are read unit by unit (AggregateRepo.texts). */
const FEW_UNITS = 50;
/** A contribution without free text (LIKE pattern), as migration 011's partial index says it. */
const HAS_NO_TEXT = '%"texts":[]%';

/** Reads of the aggregates, for results. */
export class AggregateRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Live response counts per unit (units without responses are absent): completion only, never results. */
  liveCounts(campaignId: number, unitIds: number[]): Promise<Map<number, number>> {
    return this.countsIn("agg_responses", campaignId, unitIds);
  }

  // Every read below is of the released state (release.ts): what results and exports may show.

  /** Released response counts per unit (units without any are absent). */
  counts(campaignId: number, unitIds: number[]): Promise<Map<number, number>> {
    return this.countsIn("rel_responses", campaignId, unitIds);
  }

  private async countsIn(
    table: "agg_responses" | "rel_responses",
    campaignId: number,
    unitIds: number[],
  ): Promise<Map<number, number>> {
    if (unitIds.length === 0) return new Map();
    const query = this.db
      .selectFrom(table)
      .select(["unit_id", "n"])
      .where("campaign_id", "=", campaignId)
      .where("n", ">", 0);
    if (unitIds.length <= FEW_UNITS) {
      const rows = await query.where("unit_id", "in", unitIds).execute();
      return new Map(rows.map((r) => [r.unit_id, r.n]));
    }
    // A whole tree (results of a province): the campaign's rows, one range of the primary key, kept when
    // in the set, rather than an IN list of a thousand ids.
    const wanted = new Set(unitIds);
    const rows = await query.execute();
    return new Map(rows.filter((r) => wanted.has(r.unit_id)).map((r) => [r.unit_id, r.n]));
  }

  async scores(campaignId: number, unitIds: number[]): Promise<ScoreAggregate[]> {
    if (unitIds.length === 0) return [];
    const rows = await this.db
      .selectFrom("rel_scores")
      .select(["unit_id", "criterion", "n", "sum", "sumsq"])
      .where("campaign_id", "=", campaignId)
      .where("unit_id", "in", unitIds)
      .where("n", ">", 0)
      // Key order, as SQLite returns it anyway: PostgreSQL and Citus promise no order without one.
      .orderBy("unit_id")
      .orderBy("criterion")
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
      .selectFrom("rel_levels")
      .select(["criterion", "level", "n"])
      .where("campaign_id", "=", campaignId)
      .where("unit_id", "=", unitId)
      .where("n", ">", 0)
      .orderBy("criterion")
      .orderBy("level")
      .execute();
  }

  async answers(
    campaignId: number,
    unitId: number,
  ): Promise<{ question: string; value: string; n: number }[]> {
    return this.db
      .selectFrom("rel_answers")
      .select(["question", "value", "n"])
      .where("campaign_id", "=", campaignId)
      .where("unit_id", "=", unitId)
      .where("n", ">", 0)
      .orderBy("question")
      .orderBy("value")
      .execute();
  }

  /**
   * Free-text answers of released responses given in a set of units, in the campaign's random order
   * (sort_key), never in order of submission. A few units: their rows by primary key, sorted. A large
   * subtree (a province's 1,000 schools): the campaign's responses with a text in that order
   * (migration 011's partial index), kept when their unit is in the set, until `limit` are found; no
   * IN list of every id, and at the root the first rows read are the ones kept.
   */
  async texts(
    campaignId: number,
    unitIds: number[],
    limit: number,
  ): Promise<{ question: string; text: string }[]> {
    if (unitIds.length === 0) return [];
    const parse = (contribution: string) => (JSON.parse(contribution) as Contribution).texts;
    if (unitIds.length <= FEW_UNITS) {
      const rows = await this.db
        .selectFrom("released_responses")
        .select("contribution")
        .where("campaign_id", "=", campaignId)
        .where("unit_id", "in", unitIds)
        .where("contribution", "not like", HAS_NO_TEXT)
        .orderBy("sort_key")
        .limit(limit)
        .execute();
      return rows.flatMap((r) => parse(r.contribution)).slice(0, limit);
    }
    const wanted = new Set(unitIds);
    const out: { question: string; text: string }[] = [];
    const rows = this.db
      .selectFrom("released_responses")
      .select(["unit_id", "contribution"])
      .where("campaign_id", "=", campaignId)
      // Literal, not a parameter: SQLite uses a partial index only for a condition written as its own.
      .where(sql<boolean>`contribution NOT LIKE '%"texts":[]%'`)
      .orderBy("sort_key")
      .stream(limit);
    for await (const r of rows) {
      if (!wanted.has(r.unit_id)) continue;
      out.push(...parse(r.contribution));
      if (out.length >= limit) break;
    }
    return out.slice(0, limit);
  }

  /**
   * Recomputes every aggregate of one campaign (or all) from the stored responses, in one transaction:
   * for recovery, after moving or merging units, and after migrations. The released aggregates are
   * recomputed from the released snapshots (never from live responses: that would release them).
   */
  rebuild(campaignId?: number): Promise<{ campaigns: number; responses: number }> {
    return this.db.transaction().execute((trx) => rebuildAggregates(trx, campaignId));
  }
}

/**
 * Recomputes the aggregates of one campaign (or all) in the caller's transaction. A campaign at a time,
 * its responses read in chunks in id order and added up in memory, its rows written once at the end:
 * the score sums add up in the order one upsert per response would.
 */
export async function rebuildAggregates(
  trx: Kysely<Database>,
  campaignId?: number,
): Promise<{ campaigns: number; responses: number }> {
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
  let q = trx.selectFrom("responses").select("campaign_id").distinct().orderBy("campaign_id");
  if (campaignId !== undefined) q = q.where("campaign_id", "=", campaignId);
  const campaigns = (await q.execute()).map((r) => r.campaign_id);
  const parents = new Map(
    (await trx.selectFrom("units").select(["id", "parent_id"]).execute()).map((u) => [u.id, u.parent_id]),
  );
  const forms = new Map<number, FormJson>();
  let responses = 0;
  for (const id of campaigns) {
    const rows = new AggregateRows();
    let lastId = 0;
    for (;;) {
      const chunk = await trx
        .selectFrom("responses")
        .select(["id", "unit_id", "form_version_id", "answers", "total", "level"])
        .where("campaign_id", "=", id)
        .where("held", "=", 0)
        .where("id", ">", lastId)
        .orderBy("id")
        .limit(2000)
        .execute();
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
        rows.add(id, unitPathIn(parents, r.unit_id), c, 1);
        await insertTexts(trx, { responseId: r.id, campaignId: id, unitId: r.unit_id }, c.texts);
        responses++;
      }
      lastId = chunk[chunk.length - 1]?.id ?? lastId;
    }
    await addAggregateRows(trx, rows);
  }
  await rebuildReleased(trx, campaignId);
  return { campaigns: campaigns.length, responses };
}

export { TOTAL };
