import type { Kysely } from "kysely";
import { toUnit } from "./rows.ts";
import type { Database } from "./schema.ts";
import { StoreError } from "./store-error.ts";
import type { Unit } from "./types.ts";

export class UnitRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(
    unit: { code: string; name: string; kind: string; parentCode?: string | null },
    now: Date,
  ): Promise<Unit> {
    const parent = unit.parentCode ? await this.get(unit.parentCode) : undefined;
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

  async get(code: string): Promise<Unit | undefined> {
    const row = await this.db
      .selectFrom("units")
      .select(["id", "code", "name", "kind", "parent_id"])
      .where("code", "=", code)
      .executeTakeFirst();
    return row && toUnit(row);
  }

  /** The units directly under a unit, by code. */
  async listChildren(code: string): Promise<Unit[]> {
    const rows = await this.db
      .selectFrom("units as child")
      .innerJoin("units as parent", "parent.id", "child.parent_id")
      .select(["child.id", "child.code", "child.name", "child.kind", "child.parent_id"])
      .where("parent.code", "=", code)
      .orderBy("child.code")
      .execute();
    return rows.map(toUnit);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom("units")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
