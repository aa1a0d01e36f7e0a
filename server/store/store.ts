import { type Kysely, sql, type Transaction } from "kysely";
import type { Answers, Form, FormJson } from "../../forms/types.ts";
import type { Database } from "./schema.ts";
import type {
  Access,
  Campaign,
  NewSubmission,
  Receipt,
  RespondentKind,
  StoredResponse,
  Unit,
} from "./types.ts";

export class StoreError extends Error {
  constructor(
    readonly code: "not_found",
    message: string,
  ) {
    super(message);
  }
}

export interface NewCampaign {
  formId: string;
  formVersion?: string;
  unitCode: string;
  kind: RespondentKind;
  period: string;
  opensAt: Date;
  closesAt: Date;
  expected?: number | null;
}

/** All reads and writes of tieuchi's data. Dialect-neutral: SQL goes through Kysely only. */
export class Store {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose();
  }

  // ---- forms

  /** Stores the versions not stored yet; returns how many were new. */
  async addFormVersions(forms: Form[], now: Date): Promise<number> {
    let added = 0;
    for (const form of forms) {
      const result = await this.db
        .insertInto("form_versions")
        .values({
          form_id: form.id,
          version: form.version,
          json: JSON.stringify(form.json),
          created_at: now.toISOString(),
        })
        .onConflict((oc) => oc.columns(["form_id", "version"]).doNothing())
        .executeTakeFirst();
      added += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return added;
  }

  /** The newest version of every form. */
  async listForms(): Promise<Form[]> {
    const rows = await this.db
      .selectFrom("form_versions")
      .select(["form_id", "version", "json"])
      .where("id", "in", (qb) =>
        qb
          .selectFrom("form_versions")
          .select((eb) => eb.fn.max("id").as("id"))
          .groupBy("form_id"),
      )
      .orderBy("form_id")
      .execute();
    return rows.map(toForm);
  }

  /** A form at a version, or its newest version. */
  async getForm(formId: string, version?: string): Promise<(Form & { versionId: number }) | undefined> {
    let query = this.db
      .selectFrom("form_versions")
      .select(["id", "form_id", "version", "json"])
      .where("form_id", "=", formId);
    query = version ? query.where("version", "=", version) : query.orderBy("id", "desc").limit(1);
    const row = await query.executeTakeFirst();
    return row && { ...toForm(row), versionId: row.id };
  }

  // ---- units

  async createUnit(
    unit: { code: string; name: string; kind: string; parentCode?: string | null },
    now: Date,
  ): Promise<Unit> {
    const parent = unit.parentCode ? await this.getUnit(unit.parentCode) : undefined;
    if (unit.parentCode && !parent)
      throw new StoreError("not_found", `unknown parent unit ${unit.parentCode}`);
    const row = await this.db
      .insertInto("units")
      .values({
        code: unit.code,
        name: unit.name,
        kind: unit.kind,
        parent_id: parent?.id ?? null,
        created_at: now.toISOString(),
      })
      .returning(["id", "code", "name", "kind", "parent_id"])
      .executeTakeFirstOrThrow();
    return toUnit(row);
  }

  async getUnit(code: string): Promise<Unit | undefined> {
    const row = await this.db
      .selectFrom("units")
      .select(["id", "code", "name", "kind", "parent_id"])
      .where("code", "=", code)
      .executeTakeFirst();
    return row && toUnit(row);
  }

  /** The units directly under a unit, by code. */
  async listChildUnits(code: string): Promise<Unit[]> {
    const rows = await this.db
      .selectFrom("units as child")
      .innerJoin("units as parent", "parent.id", "child.parent_id")
      .select(["child.id", "child.code", "child.name", "child.kind", "child.parent_id"])
      .where("parent.code", "=", code)
      .orderBy("child.code")
      .execute();
    return rows.map(toUnit);
  }

  async countUnits(): Promise<number> {
    const row = await this.db
      .selectFrom("units")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  // ---- campaigns and codes

  async createCampaign(c: NewCampaign, now: Date): Promise<Campaign> {
    const form = await this.getForm(c.formId, c.formVersion);
    if (!form)
      throw new StoreError(
        "not_found",
        `unknown form ${c.formId}${c.formVersion ? `@${c.formVersion}` : ""}`,
      );
    const unit = await this.getUnit(c.unitCode);
    if (!unit) throw new StoreError("not_found", `unknown unit ${c.unitCode}`);
    const row = await this.db
      .insertInto("campaigns")
      .values({
        form_version_id: form.versionId,
        unit_id: unit.id,
        kind: c.kind,
        period: c.period,
        opens_at: c.opensAt.toISOString(),
        closes_at: c.closesAt.toISOString(),
        expected: c.expected ?? null,
        created_at: now.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return {
      id: row.id,
      formId: form.id,
      formVersion: form.version,
      unitId: unit.id,
      kind: c.kind,
      period: c.period,
      opensAt: c.opensAt.toISOString(),
      closesAt: c.closesAt.toISOString(),
      expected: c.expected ?? null,
    };
  }

  async addAccessCodes(
    campaignId: number,
    unitCode: string,
    kind: RespondentKind,
    codes: string[],
    now: Date,
  ): Promise<void> {
    const unit = await this.getUnit(unitCode);
    if (!unit) throw new StoreError("not_found", `unknown unit ${unitCode}`);
    if (codes.length === 0) return;
    await this.db
      .insertInto("access_codes")
      .values(
        codes.map((code) => ({
          code,
          campaign_id: campaignId,
          unit_id: unit.id,
          kind,
          revoked_at: null,
          created_at: now.toISOString(),
        })),
      )
      .execute();
  }

  async revokeAccessCode(code: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable("access_codes")
      .set({ revoked_at: now.toISOString() })
      .where("code", "=", code)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** What an access code opens, revoked or not; undefined for a code that never existed. */
  async findAccess(code: string): Promise<Access | undefined> {
    const row = await this.db
      .selectFrom("access_codes as a")
      .innerJoin("campaigns as c", "c.id", "a.campaign_id")
      .innerJoin("units as u", "u.id", "a.unit_id")
      .innerJoin("form_versions as f", "f.id", "c.form_version_id")
      .select([
        "a.code",
        "a.kind",
        "a.revoked_at",
        "c.id as campaign_id",
        "c.unit_id as campaign_unit_id",
        "c.kind as campaign_kind",
        "c.period",
        "c.opens_at",
        "c.closes_at",
        "c.expected",
        "u.id as unit_id",
        "u.code as unit_code",
        "u.name as unit_name",
        "u.kind as unit_kind",
        "u.parent_id as unit_parent_id",
        "f.id as form_version_id",
        "f.form_id",
        "f.version",
        "f.json",
      ])
      .where("a.code", "=", code)
      .executeTakeFirst();
    if (!row) return undefined;
    const form = toForm(row);
    return {
      code: row.code,
      kind: row.kind as RespondentKind,
      revokedAt: row.revoked_at,
      formVersionId: row.form_version_id,
      form,
      unit: {
        id: row.unit_id,
        code: row.unit_code,
        name: row.unit_name,
        kind: row.unit_kind,
        parentId: row.unit_parent_id,
      },
      campaign: {
        id: row.campaign_id,
        formId: form.id,
        formVersion: form.version,
        unitId: row.campaign_unit_id,
        kind: row.campaign_kind as RespondentKind,
        period: row.period,
        opensAt: row.opens_at,
        closesAt: row.closes_at,
        expected: row.expected,
      },
    };
  }

  // ---- responses

  /** The current response of a personal code, if it answered already, with its stored scores. */
  async findPersonalResponse(code: string, criteriaOrder: string[]): Promise<StoredResponse | undefined> {
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
  async saveSubmission(s: NewSubmission): Promise<Receipt & { created: boolean }> {
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

  /** Row counts of every table: what tests compare to prove a rejected request wrote nothing. */
  async countRows(): Promise<Record<keyof Database, number>> {
    const tables: (keyof Database)[] = [
      "units",
      "form_versions",
      "campaigns",
      "access_codes",
      "responses",
      "response_scores",
      "response_revisions",
      "receipts",
    ];
    const counts = {} as Record<keyof Database, number>;
    for (const table of tables) {
      const row = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(this.db);
      counts[table] = Number(row.rows[0]?.n ?? 0);
    }
    return counts;
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

function toForm(row: { form_id: string; version: string; json: string }): Form {
  return { id: row.form_id, version: row.version, json: JSON.parse(row.json) as FormJson };
}

function toUnit(row: {
  id: number;
  code: string;
  name: string;
  kind: string;
  parent_id: number | null;
}): Unit {
  return { id: row.id, code: row.code, name: row.name, kind: row.kind, parentId: row.parent_id };
}
