import type { Contribution } from "../../forms/contributions.ts";
import type { Database } from "./schema.ts";

// Rows are named as the tables and columns they go to, so that writers pass them on as they are.
/** A row of agg_responses, agg_levels or agg_answers: `n` is a change, added to the stored count. */
export type ResponseCount = Database["agg_responses"];
export type LevelCount = Database["agg_levels"];
export type AnswerCount = Database["agg_answers"];
/** A row of agg_scores: the stored value (if `storedScore` gave one) plus the changes, in order. */
export type ScoreSum = Database["agg_scores"];
/** The stored sums of a score row, read when the row is first touched; undefined if there is none. */
export type StoredScore = (
  campaignId: number,
  unitId: number,
  criterion: string,
) => { n: number; sum: number; sumsq: number } | undefined;

/**
 * The aggregate rows that a run of contributions changes (one submission, a group commit batch, a bulk
 * load, a rebuild), keyed by campaign × unit × criterion, level, or question and value. Pure: the writers
 * (sqlite-aggregates.ts, aggregates.ts) read and write the store.
 *
 * Counts are integers, so they are added up first and written as one change per row. Score sums are
 * floating point, where the order of additions shows in the last bits: a score row starts from its
 * stored value and is changed contribution by contribution with the arithmetic of an upsert
 * `sum + excluded.sum`, so it holds exactly (to the last bit) what one upsert per contribution would give.
 * Without `storedScore` a score row holds the changes alone: exact when nothing is stored yet (a rebuild)
 * or when the run is a single contribution (written as an upsert that adds it).
 */
export class AggregateRows {
  readonly responses = new Map<string, ResponseCount>();
  readonly scores = new Map<string, ScoreSum>();
  readonly levels = new Map<string, LevelCount>();
  readonly answers = new Map<string, AnswerCount>();

  constructor(private readonly storedScore?: StoredScore) {}

  /** Adds (sign 1) or takes back (sign -1) one response's contribution at its unit and every unit above. */
  add(campaign_id: number, unitPath: readonly number[], c: Contribution, sign: 1 | -1): void {
    const answers = dedupe(c.answers);
    for (const unit_id of unitPath) {
      const unitKey = `${campaign_id}\u0000${unit_id}`;
      const counted = this.responses.get(unitKey);
      if (counted) counted.n += sign;
      else this.responses.set(unitKey, { campaign_id, unit_id, n: sign });
      for (const s of c.scores) this.addScore(unitKey, campaign_id, unit_id, s.criterion, s.score, sign);
      for (const { criterion, level } of c.levels) {
        const key = `${unitKey}\u0000${criterion}\u0000${level}`;
        const row = this.levels.get(key);
        if (row) row.n += sign;
        else this.levels.set(key, { campaign_id, unit_id, criterion, level, n: sign });
      }
      for (const { question, value } of answers) {
        const key = `${unitKey}\u0000${question}\u0000${value}`;
        const row = this.answers.get(key);
        if (row) row.n += sign;
        else this.answers.set(key, { campaign_id, unit_id, question, value, n: sign });
      }
    }
  }

  private addScore(
    unitKey: string,
    campaign_id: number,
    unit_id: number,
    criterion: string,
    score: number,
    sign: 1 | -1,
  ): void {
    const key = `${unitKey}\u0000${criterion}`;
    const row = this.scores.get(key);
    if (row) {
      row.n += sign;
      row.sum += sign * score;
      row.sumsq += sign * score * score;
      return;
    }
    const stored = this.storedScore?.(campaign_id, unit_id, criterion);
    this.scores.set(
      key,
      stored
        ? {
            campaign_id,
            unit_id,
            criterion,
            n: stored.n + sign,
            sum: stored.sum + sign * score,
            sumsq: stored.sumsq + sign * score * score,
          }
        : // A new row's first change is its value, as an upsert's INSERT stores it.
          { campaign_id, unit_id, criterion, n: sign, sum: sign * score, sumsq: sign * score * score },
    );
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

/** A unit and every unit above it, nearest first, from a map of each unit's parent. */
export function unitPathIn(parents: ReadonlyMap<number, number | null>, unitId: number): number[] {
  const path: number[] = [];
  for (let at: number | null | undefined = unitId; at != null; at = parents.get(at)) path.push(at);
  return path;
}
