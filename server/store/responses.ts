import type { Kysely, Transaction } from "kysely";
import type { Answers } from "../../forms/types.ts";
import type { Database } from "./schema.ts";
import type { NewSubmission, Receipt, StoredResponse } from "./types.ts";

export class ResponseRepo {
  constructor(private readonly db: Kysely<Database>) {}

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

  async findReceipt(code: string, clientId: string): Promise<Receipt | undefined> {
    const row = await this.db
      .selectFrom("receipts")
      .select("body")
      .where("access_code", "=", code)
      .where("client_id", "=", clientId)
      .executeTakeFirst();
    return row && (JSON.parse(row.body) as Receipt);
  }

  /**
   * Stores an accepted submission in one transaction: a new response, or for a personal code that
   * answered before a new revision (the earlier one kept as history); its scores; and its receipt.
   */
  async save(s: NewSubmission): Promise<Receipt & { created: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const replay = await findReceiptIn(trx, s.access.code, s.clientId);
      if (replay) return { ...replay, created: false };
      const personal = s.access.kind !== "parent";
      const at = s.now.toISOString();
      const existing = personal
        ? await trx
            .selectFrom("responses")
            .selectAll()
            .where("personal_code", "=", s.access.code)
            .executeTakeFirst()
        : undefined;

      let responseId: number;
      let revision = 1;
      const fields = {
        form_version_id: s.access.formVersionId,
        answers: JSON.stringify(s.answers),
        total: s.scores?.total ?? null,
        level: s.scores?.level ?? null,
        submitted_at: at,
      };
      if (existing) {
        await trx
          .insertInto("response_revisions")
          .values({
            response_id: existing.id,
            revision: existing.revision,
            form_version_id: existing.form_version_id,
            answers: existing.answers,
            total: existing.total,
            level: existing.level,
            submitted_at: existing.submitted_at,
          })
          .execute();
        revision = existing.revision + 1;
        responseId = existing.id;
        await trx
          .updateTable("responses")
          .set({ ...fields, revision })
          .where("id", "=", responseId)
          .execute();
        await trx.deleteFrom("response_scores").where("response_id", "=", responseId).execute();
      } else {
        const row = await trx
          .insertInto("responses")
          .values({
            ...fields,
            campaign_id: s.access.campaign.id,
            unit_id: s.access.unit.id,
            personal_code: personal ? s.access.code : null,
            revision,
            first_submitted_at: at,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        responseId = row.id;
      }

      if (s.scores && s.scores.criteria.length > 0) {
        await trx
          .insertInto("response_scores")
          .values(
            s.scores.criteria.map((c) => ({
              response_id: responseId,
              criterion: c.id,
              score: c.score,
              answered: c.answered,
            })),
          )
          .execute();
      }
      const receipt: Receipt = { responseId, revision, scores: s.scores };
      await trx
        .insertInto("receipts")
        .values({
          access_code: s.access.code,
          client_id: s.clientId,
          response_id: responseId,
          body: JSON.stringify(receipt),
          created_at: at,
        })
        .execute();
      return { ...receipt, created: true };
    });
  }
}

async function findReceiptIn(trx: Transaction<Database>, code: string, clientId: string) {
  const row = await trx
    .selectFrom("receipts")
    .select("body")
    .where("access_code", "=", code)
    .where("client_id", "=", clientId)
    .executeTakeFirst();
  return row && (JSON.parse(row.body) as Receipt);
}
