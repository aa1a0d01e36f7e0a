import { randomInt } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { vietnamDay } from "../../api/period.ts";
import { type Contribution, contributionOf } from "../../forms/contributions.ts";
import type { Answers, FormJson } from "../../forms/types.ts";
import { AggregateRows, unitPathIn } from "./aggregate-rows.ts";
import { addAggregateRows, storedScores } from "./aggregates.ts";
import type { ReleaseLocks } from "./engine.ts";
import type { Database } from "./schema.ts";

/**
 * The release rule (issue 13): results and exports read the released state (rel_* tables and
 * released_responses), never the live aggregates, which only give completion counts.
 *
 * Why it holds over time. A unit's released state is a set of response snapshots at the unit they were
 * given at (the leaf group). Every change of a response — new, revised, deleted, moved away — only marks
 * it pending at its unit (release_pending). A unit is released when at least k distinct responses are
 * pending there: all of them at once, in one transaction, so its released state becomes its live state
 * — or, if fewer than k live responses remain, nothing at all. So a unit's released count is always 0 or
 * at least k, and every release changes it by a batch of at least k respondents. Every figure at every
 * level (units above sum their units' released states) is computed from released state only, so the
 * difference between two observations of any figure is a union of whole batches of at least k
 * respondents from single units. Moving or merging a unit moves its released state as a whole (0 or at
 * least k respondents) and changes no snapshot. Within one observation the per-group threshold, the
 * per-cell threshold and complementary suppression among siblings (results/) still apply.
 *
 * A campaign with `release_after_close` releases nothing while open, then everything once closed.
 *
 * Releases run when results or exports are read (releaseDue, one transaction), so the submission path
 * only records what became pending.
 */
export class ReleaseRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly locks: ReleaseLocks,
  ) {}

  /**
   * Releases each unit of a campaign with at least k pending changes (every unit with any, when
   * `everything`: a release-after-close campaign that closed). Returns how many units were released.
   */
  async releaseDue(campaignId: number, k: number, everything: boolean, now: Date): Promise<number> {
    if ((await dueUnits(this.db, campaignId, k, everything)).length === 0) return 0;
    return this.db.transaction().execute(async (trx) => {
      await this.locks.campaign(trx, campaignId);
      // Read again inside the transaction: a group commit may have run since.
      const due = await dueUnits(trx, campaignId, k, everything);
      const parents = new Map(
        (await trx.selectFrom("units").select(["id", "parent_id"]).execute()).map((u) => [u.id, u.parent_id]),
      );
      const forms = new Map<number, FormJson>();
      for (const unitId of due)
        await releaseUnit(trx, campaignId, unitId, unitPathIn(parents, unitId), k, forms, now, this.locks);
      return due.length;
    });
  }

  /** Whether the campaign releases only after it closes. */
  async afterClose(campaignId: number): Promise<boolean> {
    const row = await this.db
      .selectFrom("campaigns")
      .select("release_after_close")
      .where("id", "=", campaignId)
      .executeTakeFirst();
    return !!row?.release_after_close;
  }

  /** Units of a campaign with released responses given there, by code. */
  async releasedUnits(campaignId: number): Promise<{ id: number; code: string; name: string }[]> {
    return this.db
      .selectFrom("units as u")
      .select(["u.id", "u.code", "u.name"])
      .where("u.id", "in", (eb) =>
        eb.selectFrom("released_responses").select("unit_id").where("campaign_id", "=", campaignId),
      )
      .orderBy("u.code")
      .execute();
  }

  /**
   * One page of a unit's released responses for export, in the random order of sort_key (never the
   * order of submission), after a page's last row; with the day of release, never a time or a code.
   */
  async exportPage(
    campaignId: number,
    unitId: number,
    after: { sortKey: number; responseId: number } | null,
    limit: number,
  ) {
    let q = this.db
      .selectFrom("released_responses")
      .select(["response_id", "sort_key", "released_on", "answers", "scores", "total", "level"])
      .where("campaign_id", "=", campaignId)
      .where("unit_id", "=", unitId)
      .orderBy("sort_key")
      .orderBy("response_id")
      .limit(limit);
    if (after) q = q.where(sql<boolean>`(sort_key, response_id) > (${after.sortKey}, ${after.responseId})`);
    return (await q.execute()).map((r) => ({
      ...r,
      scores: JSON.parse(r.scores) as Record<string, number | null>,
    }));
  }

  /** Pending changes per unit (units without any are absent): what results say is waiting. */
  async pending(campaignId: number): Promise<Map<number, number>> {
    const rows = await this.db
      .selectFrom("release_pending")
      .select(["unit_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("campaign_id", "=", campaignId)
      .groupBy("unit_id")
      .execute();
    return new Map(rows.map((r) => [r.unit_id, Number(r.n)]));
  }
}

async function dueUnits(db: Kysely<Database>, campaignId: number, k: number, everything: boolean) {
  let q = db
    .selectFrom("release_pending")
    .select("unit_id")
    .where("campaign_id", "=", campaignId)
    .groupBy("unit_id");
  if (!everything) q = q.having((eb) => eb.fn.countAll(), ">=", k);
  return (await q.execute()).map((r) => r.unit_id);
}

/** Makes a unit's released state its live state (or empty, under k), in the caller's transaction. */
async function releaseUnit(
  trx: Kysely<Database>,
  campaignId: number,
  unitId: number,
  path: number[],
  k: number,
  forms: Map<number, FormJson>,
  now: Date,
  locks: ReleaseLocks,
): Promise<void> {
  const at = { campaign_id: campaignId, unit_id: unitId };
  const pending = (
    await trx
      .selectFrom("release_pending")
      .select("response_id")
      .where("campaign_id", "=", campaignId)
      .where("unit_id", "=", unitId)
      .execute()
  ).map((r) => r.response_id);
  const rows = new AggregateRows();
  for (const ids of chunks(pending)) {
    const old = await trx
      .selectFrom("released_responses")
      .select("contribution")
      .where("campaign_id", "=", campaignId)
      .where("unit_id", "=", unitId)
      .where("response_id", "in", ids)
      .execute();
    for (const s of old) rows.add(campaignId, path, JSON.parse(s.contribution) as Contribution, -1);
    await trx
      .deleteFrom("released_responses")
      .where("campaign_id", "=", campaignId)
      .where("unit_id", "=", unitId)
      .where("response_id", "in", ids)
      .execute();
    const liveQuery = trx
      .selectFrom("responses")
      .select(["id", "form_version_id", "answers", "total", "level"])
      .where("id", "in", ids)
      .where("held", "=", 0)
      .where("campaign_id", "=", campaignId)
      .where("unit_id", "=", unitId)
      .orderBy("id");
    const live = await (locks.lockResponses ? liveQuery.forUpdate() : liveQuery).execute();
    for (const r of live) {
      const scores = await storedScores(trx, r.id, r.total, r.level);
      const form = await formOf(trx, r.form_version_id, forms);
      const c = contributionOf(
        form,
        JSON.parse(r.answers) as Answers,
        scores.criteria.length ? scores : null,
      );
      rows.add(campaignId, path, c, 1);
      await trx
        .insertInto("released_responses")
        .values({
          ...at,
          response_id: r.id,
          sort_key: randomInt(0, 2 ** 47),
          // The day in Vietnam, where the schools are: a release at 06:00 there is 23:00 UTC the day before.
          released_on: vietnamDay(now),
          answers: r.answers,
          scores: JSON.stringify(Object.fromEntries(scores.criteria.map((s) => [s.id, s.score]))),
          total: r.total,
          level: r.level,
          contribution: JSON.stringify(c),
        })
        .execute();
    }
  }
  // Only the changes read above: one committed since (another app process) stays pending.
  for (const ids of chunks(pending))
    await trx
      .deleteFrom("release_pending")
      .where("campaign_id", "=", campaignId)
      .where("unit_id", "=", unitId)
      .where("response_id", "in", ids)
      .execute();
  const kept = await trx
    .selectFrom("released_responses")
    .select(["response_id", "contribution"])
    .where("campaign_id", "=", campaignId)
    .where("unit_id", "=", unitId)
    .execute();
  if (kept.length > 0 && kept.length < k) {
    // Fewer than k left: the unit shows nothing, and what is left waits for k changes like new answers.
    for (const s of kept) rows.add(campaignId, path, JSON.parse(s.contribution) as Contribution, -1);
    await trx
      .deleteFrom("released_responses")
      .where("campaign_id", "=", campaignId)
      .where("unit_id", "=", unitId)
      .execute();
    await trx
      .insertInto("release_pending")
      .values(kept.map((s) => ({ ...at, response_id: s.response_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  await addAggregateRows(trx, rows, "rel");
}

async function formOf(trx: Kysely<Database>, id: number, forms: Map<number, FormJson>): Promise<FormJson> {
  let form = forms.get(id);
  if (!form) {
    const row = await trx
      .selectFrom("form_versions")
      .select("json")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    form = JSON.parse(row.json) as FormJson;
    forms.set(id, form);
  }
  return form;
}

/**
 * Recomputes a campaign's (or every) released aggregates from the released snapshots under the current
 * tree, in the caller's transaction: after a unit moved or merged, its released state moves as a whole.
 */
export async function rebuildReleased(trx: Kysely<Database>, campaignId?: number): Promise<void> {
  for (const table of ["rel_responses", "rel_scores", "rel_levels", "rel_answers"] as const) {
    let del = trx.deleteFrom(table);
    if (campaignId !== undefined) del = del.where("campaign_id", "=", campaignId);
    await del.execute();
  }
  const parents = new Map(
    (await trx.selectFrom("units").select(["id", "parent_id"]).execute()).map((u) => [u.id, u.parent_id]),
  );
  let q = trx.selectFrom("released_responses").select(["campaign_id", "unit_id", "contribution"]);
  if (campaignId !== undefined) q = q.where("campaign_id", "=", campaignId);
  const rows = new AggregateRows();
  for (const s of await q.execute())
    rows.add(s.campaign_id, unitPathIn(parents, s.unit_id), JSON.parse(s.contribution) as Contribution, 1);
  await addAggregateRows(trx, rows, "rel");
}

function* chunks<T>(items: T[], size = 500): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
