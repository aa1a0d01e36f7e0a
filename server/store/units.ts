import type { Kysely } from "kysely";
import { rebuildAggregates, unitPathOf } from "./aggregates.ts";
import { toUnit } from "./rows.ts";
import type { Database } from "./schema.ts";
import { StoreError } from "./store-error.ts";
import type { Unit } from "./types.ts";
import { type UnitTree, UnitTreeCache } from "./unit-tree.ts";

export interface NewUnit {
  code: string;
  name: string;
  kind: string;
  parentCode?: string | null;
}

const UNIT_COLUMNS = ["id", "code", "name", "kind", "parent_id"] as const;

/** The organisation tree. Trees have any depth; merged units stay (hidden) under the unit they joined. */
export class UnitRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly trees: UnitTreeCache = new UnitTreeCache(),
    /** Tells other processes that units changed (engine.ts: UnitTreeToken). */
    private readonly written: () => Promise<void> = async () => {},
  ) {}

  /** The subtree under a unit, from memory while no unit was written (unit-tree.ts). */
  tree(rootId: number): Promise<UnitTree> {
    return this.trees.get(rootId, async (id) => {
      const root = await this.getById(id);
      const live = root ? await this.listTree([root.id]) : [];
      const ids = root ? await this.subtreeIds(root.id) : [];
      const children = new Map<number, Unit[]>();
      for (const u of live)
        if (u.parentId !== null && u.id !== root?.id)
          children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
      return { ids, children, units: new Map(live.map((u) => [u.id, u as Unit])) };
    });
  }

  /** Runs a unit write, then forgets the trees kept in memory (also when the write failed half-way). */
  private async writing<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      this.trees.clear();
      await this.written();
    }
  }

  create(unit: NewUnit, now: Date): Promise<Unit> {
    return this.writing(() => this.insert(unit, now));
  }

  private async insert(unit: NewUnit, now: Date): Promise<Unit> {
    const parent = unit.parentCode ? await this.get(unit.parentCode) : undefined;
    if (unit.parentCode && !parent)
      throw new StoreError("not_found", `unknown parent unit ${unit.parentCode}`);
    if (await this.get(unit.code)) throw new StoreError("conflict", `unit code ${unit.code} exists`);
    const row = await this.db
      .insertInto("units")
      .values({
        code: unit.code,
        name: unit.name,
        kind: unit.kind,
        parent_id: parent?.id ?? null,
        created_at: now.toISOString(),
      })
      .returning(UNIT_COLUMNS)
      .executeTakeFirstOrThrow();
    return toUnit(row);
  }

  /** Creates all units or none; rows must come parents first. */
  async createAll(units: NewUnit[], now: Date): Promise<void> {
    await this.writing(() =>
      this.db.transaction().execute(async (trx) => {
        const ids = new Map<string, number>();
        for (const u of units) {
          let parentId: number | null = null;
          if (u.parentCode) {
            parentId =
              ids.get(u.parentCode) ??
              (await trx.selectFrom("units").select("id").where("code", "=", u.parentCode).executeTakeFirst())
                ?.id ??
              null;
            if (parentId === null) throw new StoreError("not_found", `unknown parent unit ${u.parentCode}`);
          }
          const row = await trx
            .insertInto("units")
            .values({
              code: u.code,
              name: u.name,
              kind: u.kind,
              parent_id: parentId,
              created_at: now.toISOString(),
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          ids.set(u.code, row.id);
        }
      }),
    );
  }

  async get(code: string): Promise<Unit | undefined> {
    const row = await this.db
      .selectFrom("units")
      .select(UNIT_COLUMNS)
      .where("code", "=", code)
      .executeTakeFirst();
    return row && toUnit(row);
  }

  async getById(id: number): Promise<Unit | undefined> {
    const row = await this.db
      .selectFrom("units")
      .select(UNIT_COLUMNS)
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toUnit(row);
  }

  /** Every unit code that exists, for checking an import. */
  async listCodes(): Promise<Set<string>> {
    const rows = await this.db.selectFrom("units").select("code").execute();
    return new Set(rows.map((r) => r.code));
  }

  /** The units directly under a unit, by code (merged ones left out). */
  async listChildren(code: string): Promise<Unit[]> {
    const rows = await this.db
      .selectFrom("units as child")
      .innerJoin("units as parent", "parent.id", "child.parent_id")
      .select(["child.id", "child.code", "child.name", "child.kind", "child.parent_id"])
      .where("parent.code", "=", code)
      .where("child.merged_into_id", "is", null)
      .orderBy("child.code")
      .execute();
    return rows.map(toUnit);
  }

  /** The ids of a unit and everything below it, merged units included. */
  subtreeIds(rootId: number): Promise<number[]> {
    return subtreeIdsOf(this.db, rootId);
  }

  /** The ids of a unit and everything above it, nearest first. */
  ancestorIds(unitId: number): Promise<number[]> {
    return unitPathOf(this.db, unitId);
  }

  /** The live units (not merged) of the subtrees under the given roots, or of every tree, depth-first. */
  async listTree(
    rootIds: number[] | "all",
  ): Promise<(Unit & { depth: number; parentCode: string | null })[]> {
    const rows = await this.db
      .selectFrom("units as u")
      .leftJoin("units as p", "p.id", "u.parent_id")
      .select(["u.id", "u.code", "u.name", "u.kind", "u.parent_id", "p.code as parent_code"])
      .where("u.merged_into_id", "is", null)
      .execute();
    const children = new Map<number | null, typeof rows>();
    for (const r of rows) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const roots =
      rootIds === "all" ? (children.get(null) ?? []) : rootIds.map((id) => byId.get(id)).filter((r) => !!r);
    const out: (Unit & { depth: number; parentCode: string | null })[] = [];
    const visit = (r: (typeof rows)[number], depth: number) => {
      out.push({ ...toUnit(r), depth, parentCode: r.parent_code });
      for (const c of (children.get(r.id) ?? []).sort((a, b) => a.code.localeCompare(b.code)))
        visit(c, depth + 1);
    };
    for (const r of roots.sort((a, b) => a.code.localeCompare(b.code))) visit(r, 0);
    return out;
  }

  async rename(code: string, name: string): Promise<void> {
    await this.writing(() => this.db.updateTable("units").set({ name }).where("code", "=", code).execute());
  }

  /** Moves a unit (and its subtree) under another; its responses move with it. */
  async move(code: string, parentCode: string): Promise<void> {
    const unit = await this.get(code);
    const parent = await this.get(parentCode);
    if (!unit || !parent) throw new StoreError("not_found", `unknown unit ${unit ? parentCode : code}`);
    if ((await this.subtreeIds(unit.id)).includes(parent.id))
      throw new StoreError(
        "invalid",
        `cannot move ${code} under ${parentCode}: ${parentCode} lies inside ${code}`,
      );
    await this.writing(() =>
      this.db.transaction().execute(async (trx) => {
        await trx.updateTable("units").set({ parent_id: parent.id }).where("id", "=", unit.id).execute();
        await reaggregateSubtree(trx, unit.id);
      }),
    );
  }

  /**
   * Merges a unit into another: its children move to the target, and it stays as a hidden child of the
   * target so that its past responses count under the target and the target's ancestors. Its own
   * forms pass to the target, so the units that moved keep the forms they had.
   */
  async merge(code: string, intoCode: string): Promise<void> {
    const unit = await this.get(code);
    const into = await this.get(intoCode);
    if (!unit || !into) throw new StoreError("not_found", `unknown unit ${unit ? intoCode : code}`);
    if ((await this.subtreeIds(unit.id)).includes(into.id))
      throw new StoreError("invalid", `cannot merge ${code} into ${intoCode}, which lies inside it`);
    await this.writing(() =>
      this.db.transaction().execute(async (trx) => {
        await trx.updateTable("units").set({ parent_id: into.id }).where("parent_id", "=", unit.id).execute();
        await trx
          .updateTable("units")
          .set({ parent_id: into.id, merged_into_id: into.id })
          .where("id", "=", unit.id)
          .execute();
        await trx
          .updateTable("form_versions")
          .set({ unit_id: into.id })
          .where("unit_id", "=", unit.id)
          .execute();
        await reaggregateSubtree(trx, into.id);
      }),
    );
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom("units")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

async function subtreeIdsOf(db: Kysely<Database>, rootId: number): Promise<number[]> {
  const rows = await db
    .withRecursive("sub(id)", (q) =>
      q
        .selectFrom("units")
        .select("id")
        .where("id", "=", rootId)
        .unionAll(q.selectFrom("units as u").innerJoin("sub", "sub.id", "u.parent_id").select("u.id")),
    )
    .selectFrom("sub")
    .select("id")
    .execute();
  return rows.map((r) => r.id);
}

/**
 * A moved or merged subtree has new ancestors: the aggregates of the campaigns answered inside it are
 * recomputed in the same transaction as the move, so no reader sees the tree and the figures disagree.
 */
async function reaggregateSubtree(trx: Kysely<Database>, unitId: number): Promise<void> {
  const ids = await subtreeIdsOf(trx, unitId);
  const campaigns = await trx
    .selectFrom("responses")
    .select("campaign_id")
    .distinct()
    .where("unit_id", "in", ids)
    .execute();
  for (const { campaign_id } of campaigns) await rebuildAggregates(trx, campaign_id);
}
