import type { Kysely } from "kysely";
import type { Form } from "../../forms/types.ts";
import { toForm } from "./rows.ts";
import type { Database } from "./schema.ts";

export class FormRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores the versions not stored yet; returns how many were new. */
  async addVersions(forms: Form[], now: Date): Promise<number> {
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
  async list(): Promise<Form[]> {
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
  async get(formId: string, version?: string): Promise<(Form & { versionId: number }) | undefined> {
    let query = this.db
      .selectFrom("form_versions")
      .select(["id", "form_id", "version", "json"])
      .where("form_id", "=", formId);
    query = version ? query.where("version", "=", version) : query.orderBy("id", "desc").limit(1);
    const row = await query.executeTakeFirst();
    return row && { ...toForm(row), versionId: row.id };
  }
}
