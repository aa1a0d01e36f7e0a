import type { Kysely } from "kysely";
import type { Form } from "../../forms/types.ts";
import { toForm } from "./rows.ts";
import type { Database } from "./schema.ts";
import { StoreError } from "./store-error.ts";

/** Who a published version belongs to: a unit (null: the catalogue, every tree) and the publishing account. */
export interface FormOwner {
  unitId: number | null;
  accountId: number | null;
}

/** One stored version with who published it, for the form management page. */
export interface FormVersionRow {
  versionId: number;
  formId: string;
  version: string;
  unitId: number | null;
  unitCode: string | null;
  unitName: string | null;
  publishedAt: string;
  publishedBy: string | null;
}

/** A campaign that answers one form version. */
export interface VersionCampaignRow {
  versionId: number;
  campaignId: number;
  unitId: number;
  unitCode: string;
  unitName: string;
  kind: string;
  period: string;
  opensAt: string;
  closesAt: string;
  closedAt: string | null;
}

export class FormRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores the catalogue's versions not stored yet (owned by no unit); returns how many were new. */
  async addVersions(forms: Form[], now: Date): Promise<number> {
    let added = 0;
    for (const form of forms)
      if (await this.insert(this.db, form, { unitId: null, accountId: null }, now)) added++;
    return added;
  }

  /**
   * Publishes one version of a form owned by `owner.unitId` (null: the catalogue). A form id belongs to
   * the unit of its first version: a version for another owner is refused (StoreError "conflict"), so a
   * school can never revise a province's form, only publish its own under a new id. The check and the
   * insert share one transaction. Returns whether the content was new (false: that version exists).
   */
  async publishVersion(form: Form, owner: FormOwner, now: Date): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const first = await trx
        .selectFrom("form_versions")
        .select("unit_id")
        .where("form_id", "=", form.id)
        .orderBy("id")
        .limit(1)
        .executeTakeFirst();
      if (first && first.unit_id !== owner.unitId)
        throw new StoreError("conflict", `form ${form.id} belongs to another unit`);
      return this.insert(trx, form, owner, now);
    });
  }

  /** The unit a form id belongs to (null: the catalogue), or undefined for an unknown form. */
  async ownerOf(formId: string): Promise<{ unitId: number | null } | undefined> {
    const row = await this.db
      .selectFrom("form_versions")
      .select("unit_id")
      .where("form_id", "=", formId)
      .orderBy("id")
      .limit(1)
      .executeTakeFirst();
    return row && { unitId: row.unit_id };
  }

  /** The newest version of every form owned by the catalogue or by one of `unitIds` ("all": every form). */
  async list(unitIds: number[] | "all" = "all"): Promise<Form[]> {
    let query = this.db
      .selectFrom("form_versions")
      .select(["form_id", "version", "json"])
      .where("id", "in", (qb) =>
        qb
          .selectFrom("form_versions")
          .select((eb) => eb.fn.max("id").as("id"))
          .groupBy("form_id"),
      );
    if (unitIds !== "all")
      query = query.where((eb) =>
        unitIds.length > 0
          ? eb.or([eb("unit_id", "is", null), eb("unit_id", "in", unitIds)])
          : eb("unit_id", "is", null),
      );
    const rows = await query.orderBy("form_id").execute();
    return rows.map(toForm);
  }

  /** A form at a version, or its newest version, with its owning unit. */
  async get(
    formId: string,
    version?: string,
  ): Promise<(Form & { versionId: number; unitId: number | null }) | undefined> {
    let query = this.db
      .selectFrom("form_versions")
      .select(["id", "form_id", "version", "json", "unit_id"])
      .where("form_id", "=", formId);
    query = version ? query.where("version", "=", version) : query.orderBy("id", "desc").limit(1);
    const row = await query.executeTakeFirst();
    return row && { ...toForm(row), versionId: row.id, unitId: row.unit_id };
  }

  /** Every version of the given forms, newest first within a form, with its owner and publisher (not its JSON). */
  async versions(formIds: string[]): Promise<FormVersionRow[]> {
    if (formIds.length === 0) return [];
    const rows = await this.db
      .selectFrom("form_versions as f")
      .leftJoin("units as u", "u.id", "f.unit_id")
      .leftJoin("accounts as a", "a.id", "f.published_by")
      .select([
        "f.id",
        "f.form_id",
        "f.version",
        "f.created_at",
        "f.unit_id",
        "u.code as unit_code",
        "u.name as unit_name",
        "a.username",
      ])
      .where("f.form_id", "in", formIds)
      .orderBy("f.form_id")
      .orderBy("f.id", "desc")
      .execute();
    return rows.map((r) => ({
      versionId: r.id,
      formId: r.form_id,
      version: r.version,
      unitId: r.unit_id,
      unitCode: r.unit_code,
      unitName: r.unit_name,
      publishedAt: r.created_at,
      publishedBy: r.username,
    }));
  }

  /** The campaigns over `unitIds` ("all": any unit) that answer one of the given versions. */
  async campaignsUsing(versionIds: number[], unitIds: number[] | "all"): Promise<VersionCampaignRow[]> {
    if (versionIds.length === 0 || (unitIds !== "all" && unitIds.length === 0)) return [];
    let query = this.db
      .selectFrom("campaigns as c")
      .innerJoin("units as u", "u.id", "c.unit_id")
      .select([
        "c.form_version_id",
        "c.id",
        "c.unit_id",
        "u.code",
        "u.name",
        "c.kind",
        "c.period",
        "c.opens_at",
        "c.closes_at",
        "c.closed_at",
      ])
      .where("c.form_version_id", "in", versionIds);
    if (unitIds !== "all") query = query.where("c.unit_id", "in", unitIds);
    const rows = await query.orderBy("c.id", "desc").execute();
    return rows.map((r) => ({
      versionId: r.form_version_id,
      campaignId: r.id,
      unitId: r.unit_id,
      unitCode: r.code,
      unitName: r.name,
      kind: r.kind,
      period: r.period,
      opensAt: r.opens_at,
      closesAt: r.closes_at,
      closedAt: r.closed_at,
    }));
  }

  private async insert(db: Kysely<Database>, form: Form, owner: FormOwner, now: Date): Promise<boolean> {
    const result = await db
      .insertInto("form_versions")
      .values({
        form_id: form.id,
        version: form.version,
        json: JSON.stringify(form.json),
        created_at: now.toISOString(),
        unit_id: owner.unitId,
        published_by: owner.accountId,
      })
      .onConflict((oc) => oc.columns(["form_id", "version"]).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }
}
