import BetterSqlite3 from "better-sqlite3";
import { contributionOf } from "../../forms/contributions.ts";
import { scoreResponse } from "../../forms/score.ts";
import type { Answers, FormJson } from "../../forms/types.ts";

/** One response to load: the unit it was given at, its answers (valid for the campaign's form) and when. */
export interface BulkResponse {
  unitId: number;
  answers: Answers;
  submittedAt: string;
}

export interface BulkLoadResult {
  responses: number;
  ms: number;
}

interface UnitAggregate {
  n: number;
  scores: Map<string, { n: number; sum: number; sumsq: number }>;
  levels: Map<string, { criterion: string; level: string; n: number }>;
  answers: Map<string, { question: string; value: string; n: number }>;
}

/**
 * Loads many anonymous (parent-link) responses into one campaign fast, for benchmarks and seeding: plain
 * prepared statements in large transactions on a connection of its own, no receipts. Scores come from
 * `scoreResponse` and the aggregates from `contributionOf`, accumulated in memory per unit of each
 * response's path in response order (starting from the rows already stored) and written once at the end,
 * so they equal, to the last bit, what `applyContribution` gives when the same responses are saved one
 * by one. Nothing else may write to the database during the load. Not crash-safe until it returns.
 */
export function bulkLoadResponses(
  dbPath: string,
  campaignId: number,
  responses: Iterable<BulkResponse>,
  { transactionSize = 50_000 }: { transactionSize?: number } = {},
): BulkLoadResult {
  const started = performance.now();
  const db = new BetterSqlite3(dbPath);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    const campaign = db
      .prepare(
        "SELECT c.form_version_id AS formVersionId, f.json FROM campaigns c JOIN form_versions f ON f.id = c.form_version_id WHERE c.id = ?",
      )
      .get(campaignId) as { formVersionId: number; json: string } | undefined;
    if (!campaign) throw new Error(`no campaign ${campaignId}`);
    const form = JSON.parse(campaign.json) as FormJson;

    const parents = new Map(
      (db.prepare("SELECT id, parent_id FROM units").all() as { id: number; parent_id: number | null }[]).map(
        (u) => [u.id, u.parent_id],
      ),
    );
    const paths = new Map<number, number[]>();
    const pathOf = (unitId: number) => {
      let path = paths.get(unitId);
      if (!path) {
        if (!parents.has(unitId)) throw new Error(`no unit ${unitId}`);
        path = [];
        for (let at: number | null | undefined = unitId; at != null; at = parents.get(at)) path.push(at);
        paths.set(unitId, path);
      }
      return path;
    };

    const aggs = readAggregates(db, campaignId);
    const aggOf = (unitId: number) => {
      let a = aggs.get(unitId);
      if (!a) {
        a = { n: 0, scores: new Map(), levels: new Map(), answers: new Map() };
        aggs.set(unitId, a);
      }
      return a;
    };

    const insertResponse = db.prepare(
      `INSERT INTO responses (campaign_id, unit_id, form_version_id, personal_code, revision, answers, total, level,
         first_submitted_at, submitted_at) VALUES (?, ?, ?, NULL, 1, ?, ?, ?, ?, ?)`,
    );
    const insertScore = db.prepare(
      "INSERT INTO response_scores (response_id, criterion, score, answered) VALUES (?, ?, ?, ?)",
    );
    const insertText = db.prepare(
      "INSERT INTO response_texts (response_id, campaign_id, unit_id, question, text) VALUES (?, ?, ?, ?, ?)",
    );

    const loadOne = (r: BulkResponse) => {
      const scores = scoreResponse(form, r.answers);
      const id = Number(
        insertResponse.run(
          campaignId,
          r.unitId,
          campaign.formVersionId,
          JSON.stringify(r.answers),
          scores?.total ?? null,
          scores?.level ?? null,
          r.submittedAt,
          r.submittedAt,
        ).lastInsertRowid,
      );
      if (scores) for (const c of scores.criteria) insertScore.run(id, c.id, c.score, c.answered);
      const c = contributionOf(form, r.answers, scores);
      for (const t of c.texts) insertText.run(id, campaignId, r.unitId, t.question, t.text);
      const seen = new Set<string>();
      const answers = c.answers.filter((a) => {
        const key = `${a.question}\u0000${a.value}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      for (const unitId of pathOf(r.unitId)) {
        const a = aggOf(unitId);
        a.n += 1;
        for (const s of c.scores) {
          const row = a.scores.get(s.criterion);
          if (row) {
            row.n += 1;
            row.sum += s.score;
            row.sumsq += s.score * s.score;
          } else a.scores.set(s.criterion, { n: 1, sum: s.score, sumsq: s.score * s.score });
        }
        for (const l of c.levels) {
          const key = `${l.criterion}\u0000${l.level}`;
          const row = a.levels.get(key);
          if (row) row.n += 1;
          else a.levels.set(key, { criterion: l.criterion, level: l.level, n: 1 });
        }
        for (const x of answers) {
          const key = `${x.question}\u0000${x.value}`;
          const row = a.answers.get(key);
          if (row) row.n += 1;
          else a.answers.set(key, { question: x.question, value: x.value, n: 1 });
        }
      }
    };

    let count = 0;
    let batch: BulkResponse[] = [];
    const flush = db.transaction((items: BulkResponse[]) => {
      for (const r of items) loadOne(r);
    });
    for (const r of responses) {
      batch.push(r);
      if (batch.length >= transactionSize) {
        flush(batch);
        count += batch.length;
        batch = [];
      }
    }
    if (batch.length > 0) flush(batch);
    count += batch.length;

    writeAggregates(db, campaignId, aggs);
    db.pragma("wal_checkpoint(TRUNCATE)");
    return { responses: count, ms: performance.now() - started };
  } finally {
    db.close();
  }
}

/** The campaign's aggregates as stored, so the load continues the sums in the order saves would. */
function readAggregates(db: BetterSqlite3.Database, campaignId: number): Map<number, UnitAggregate> {
  const out = new Map<number, UnitAggregate>();
  const of = (unitId: number) => {
    let a = out.get(unitId);
    if (!a) {
      a = { n: 0, scores: new Map(), levels: new Map(), answers: new Map() };
      out.set(unitId, a);
    }
    return a;
  };
  for (const r of db
    .prepare("SELECT unit_id, n FROM agg_responses WHERE campaign_id = ?")
    .all(campaignId) as { unit_id: number; n: number }[])
    of(r.unit_id).n = r.n;
  for (const r of db
    .prepare("SELECT unit_id, criterion, n, sum, sumsq FROM agg_scores WHERE campaign_id = ?")
    .all(campaignId) as { unit_id: number; criterion: string; n: number; sum: number; sumsq: number }[])
    of(r.unit_id).scores.set(r.criterion, { n: r.n, sum: r.sum, sumsq: r.sumsq });
  for (const r of db
    .prepare("SELECT unit_id, criterion, level, n FROM agg_levels WHERE campaign_id = ?")
    .all(campaignId) as { unit_id: number; criterion: string; level: string; n: number }[])
    of(r.unit_id).levels.set(`${r.criterion}\u0000${r.level}`, {
      criterion: r.criterion,
      level: r.level,
      n: r.n,
    });
  for (const r of db
    .prepare("SELECT unit_id, question, value, n FROM agg_answers WHERE campaign_id = ?")
    .all(campaignId) as { unit_id: number; question: string; value: string; n: number }[])
    of(r.unit_id).answers.set(`${r.question}\u0000${r.value}`, {
      question: r.question,
      value: r.value,
      n: r.n,
    });
  return out;
}

/** Writes the final aggregate values (stored values plus the load), one upsert per row, one transaction. */
function writeAggregates(db: BetterSqlite3.Database, campaignId: number, aggs: Map<number, UnitAggregate>) {
  const responses = db.prepare(
    `INSERT INTO agg_responses (campaign_id, unit_id, n) VALUES (?, ?, ?)
     ON CONFLICT (campaign_id, unit_id) DO UPDATE SET n = excluded.n`,
  );
  const scores = db.prepare(
    `INSERT INTO agg_scores (campaign_id, unit_id, criterion, n, sum, sumsq) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (campaign_id, unit_id, criterion) DO UPDATE
     SET n = excluded.n, sum = excluded.sum, sumsq = excluded.sumsq`,
  );
  const levels = db.prepare(
    `INSERT INTO agg_levels (campaign_id, unit_id, criterion, level, n) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (campaign_id, unit_id, criterion, level) DO UPDATE SET n = excluded.n`,
  );
  const answers = db.prepare(
    `INSERT INTO agg_answers (campaign_id, unit_id, question, value, n) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (campaign_id, unit_id, question, value) DO UPDATE SET n = excluded.n`,
  );
  db.transaction(() => {
    for (const [unitId, a] of aggs) {
      responses.run(campaignId, unitId, a.n);
      for (const [criterion, s] of a.scores) scores.run(campaignId, unitId, criterion, s.n, s.sum, s.sumsq);
      for (const l of a.levels.values()) levels.run(campaignId, unitId, l.criterion, l.level, l.n);
      for (const x of a.answers.values()) answers.run(campaignId, unitId, x.question, x.value, x.n);
    }
  })();
}
