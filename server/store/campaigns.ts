import { randomBytes } from "node:crypto";
import type { Kysely, Selectable, Updateable } from "kysely";
import type { Form } from "../../forms/types.ts";
import type { AccessReads } from "./engine.ts";
import type { FormRepo } from "./forms.ts";
import { toForm } from "./rows.ts";
import type { Database } from "./schema.ts";
import { StoreError } from "./store-error.ts";
import type { Access, AccessCode, Campaign, RespondentKind } from "./types.ts";
import type { UnitRepo } from "./units.ts";

export interface NewCampaign {
  formId: string;
  formVersion?: string;
  unitCode: string;
  kind: RespondentKind;
  period: string;
  opensAt: Date;
  closesAt: Date;
  expected?: number | null;
  releaseAfterClose?: boolean;
  title?: string | null;
}

/** What a manager may change of a campaign after creating it. */
export interface CampaignChange {
  title?: string | null;
  period?: string;
  opensAt?: Date;
  closesAt?: Date;
  expected?: number | null;
}

export class CampaignRepo {
  private readonly parsedForms = new Map<number, Form>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly forms: FormRepo,
    private readonly units: UnitRepo,
    private readonly reads: AccessReads,
  ) {}

  async create(c: NewCampaign, now: Date): Promise<Campaign> {
    const form = await this.forms.get(c.formId, c.formVersion);
    if (!form)
      throw new StoreError(
        "not_found",
        `unknown form ${c.formId}${c.formVersion ? `@${c.formVersion}` : ""}`,
      );
    const unit = await this.units.get(c.unitCode);
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
        release_after_close: c.releaseAfterClose ? 1 : 0,
        title: c.title ?? null,
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
      closedAt: null,
      releaseAfterClose: !!c.releaseAfterClose,
      title: c.title ?? null,
    };
  }

  async get(id: number): Promise<Campaign | undefined> {
    const row = await this.campaigns().where("c.id", "=", id).executeTakeFirst();
    return row && toCampaign(row);
  }

  /** Campaigns whose root unit is one of the given units, newest first; or all. */
  async list(unitIds: number[] | "all"): Promise<Campaign[]> {
    if (unitIds !== "all" && unitIds.length === 0) return [];
    let query = this.campaigns().orderBy("c.id", "desc");
    if (unitIds !== "all") query = query.where("c.unit_id", "in", unitIds);
    return (await query.execute()).map(toCampaign);
  }

  /** Campaigns created over a unit since a time: what the creation limit counts. */
  async countCreatedSince(unitId: number, since: Date): Promise<number> {
    const row = await this.db
      .selectFrom("campaigns")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("unit_id", "=", unitId)
      .where("created_at", ">=", since.toISOString())
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async setClosedAt(id: number, closedAt: Date | null): Promise<void> {
    await this.db
      .updateTable("campaigns")
      .set({ closed_at: closedAt?.toISOString() ?? null })
      .where("id", "=", id)
      .execute();
  }

  async update(id: number, change: CampaignChange): Promise<void> {
    const set: Updateable<Database["campaigns"]> = {};
    if (change.title !== undefined) set.title = change.title;
    if (change.period !== undefined) set.period = change.period;
    if (change.opensAt) set.opens_at = change.opensAt.toISOString();
    if (change.closesAt) set.closes_at = change.closesAt.toISOString();
    if (change.expected !== undefined) set.expected = change.expected;
    if (Object.keys(set).length === 0) return;
    await this.db.updateTable("campaigns").set(set).where("id", "=", id).execute();
  }

  /**
   * Counted responses per shared parent link of a campaign (held ones wait apart, single-use codes say
   * "answered" themselves). Receipts name the link each answer came through; answers without one (bulk
   * loads, the demo) are the school's remainder, given to its first link so the counts add up.
   */
  async linkResponseCounts(campaignId: number, unitIds: number[] | "all"): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (unitIds !== "all" && unitIds.length === 0) return counts;
    let links = this.db
      .selectFrom("access_codes")
      .select(["code", "unit_id"])
      .where("campaign_id", "=", campaignId)
      .where("kind", "=", "parent")
      .where("single_use", "=", 0)
      .orderBy("created_at")
      .orderBy("code");
    if (unitIds !== "all") links = links.where("unit_id", "in", unitIds);
    const rows = await links.execute();
    if (rows.length === 0) return counts;
    const units = [...new Set(rows.map((r) => r.unit_id))];
    const perUnit = await this.db
      .selectFrom("responses")
      .select((eb) => ["unit_id", eb.fn.countAll<number>().as("n")])
      .where("campaign_id", "=", campaignId)
      .where("personal_code", "is", null)
      .where("held", "=", 0)
      .where("unit_id", "in", units)
      .groupBy("unit_id")
      .execute();
    const singleUse = await this.db
      .selectFrom("access_codes")
      .select((eb) => ["unit_id", eb.fn.countAll<number>().as("n")])
      .where("campaign_id", "=", campaignId)
      .where("single_use", "=", 1)
      .where("used_at", "is not", null)
      .where("unit_id", "in", units)
      .groupBy("unit_id")
      .execute();
    // Two reads, not a join: on Citus receipts and responses are distributed by campaign_id and SQLite's
    // receipts have no campaign_id, so a join on response_id alone would need repartitioning.
    const receipts = await this.db
      .selectFrom("receipts")
      .select(["access_code", "response_id"])
      .where(
        "access_code",
        "in",
        rows.map((r) => r.code),
      )
      .execute();
    const counted = new Set<number>();
    const responseIds = [...new Set(receipts.map((r) => r.response_id))];
    for (let start = 0; start < responseIds.length; start += 5000) {
      const notHeld = await this.db
        .selectFrom("responses")
        .select("id")
        .where("campaign_id", "=", campaignId)
        .where("held", "=", 0)
        .where("id", "in", responseIds.slice(start, start + 5000))
        .execute();
      for (const r of notHeld) counted.add(r.id);
    }
    const byLink = new Map<string, Set<number>>();
    for (const r of receipts)
      if (counted.has(r.response_id))
        byLink.set(r.access_code, (byLink.get(r.access_code) ?? new Set()).add(r.response_id));
    const received = new Map([...byLink].map(([code, ids]) => [code, ids.size]));
    const left = new Map(perUnit.map((r) => [r.unit_id, Number(r.n)]));
    for (const r of singleUse) left.set(r.unit_id, (left.get(r.unit_id) ?? 0) - Number(r.n));
    for (const r of rows) {
      // A device that answered through two links revised one response: never count past the school's total.
      const n = Math.min(received.get(r.code) ?? 0, Math.max(0, left.get(r.unit_id) ?? 0));
      counts.set(r.code, n);
      left.set(r.unit_id, (left.get(r.unit_id) ?? 0) - n);
    }
    for (const r of rows) {
      const rest = left.get(r.unit_id) ?? 0;
      if (rest > 0) {
        counts.set(r.code, (counts.get(r.code) ?? 0) + rest);
        left.set(r.unit_id, 0);
      }
    }
    return counts;
  }

  /** The codes of a campaign, of some units or all, with who holds them and whether they answered. */
  async listCodes(campaignId: number, unitIds: number[] | "all"): Promise<AccessCode[]> {
    if (unitIds !== "all" && unitIds.length === 0) return [];
    let query = this.codes()
      .where("a.campaign_id", "=", campaignId)
      .orderBy("u.code")
      .orderBy("a.created_at")
      .orderBy("a.code");
    if (unitIds !== "all") query = query.where("a.unit_id", "in", unitIds);
    const rows = await query.execute();
    const answered = await this.answered(
      campaignId,
      rows.map((r) => r.code),
    );
    return rows.map((r) => toAccessCode(r, answered.get(r.code)));
  }

  /** A code named by itself or by its reference. */
  async getCode(codeOrRef: string): Promise<AccessCode | undefined> {
    const row = await this.codes()
      .where((eb) => eb.or([eb("a.code", "=", codeOrRef), eb("a.ref", "=", codeOrRef)]))
      .executeTakeFirst();
    return row && toAccessCode(row, (await this.answered(row.campaign_id, [row.code])).get(row.code));
  }

  /**
   * When each of a campaign's codes was first answered (absent: no response). A query of its own, not a
   * join: on Citus access_codes is distributed by code and responses by campaign, and a join of the two
   * would need repartitioning.
   */
  private async answered(campaignId: number, codes: string[]): Promise<Map<string, string>> {
    const answered = new Map<string, string>();
    for (let start = 0; start < codes.length; start += 5000) {
      const rows = await this.db
        .selectFrom("responses")
        .select(["personal_code", "first_submitted_at"])
        .where("campaign_id", "=", campaignId)
        .where("personal_code", "in", codes.slice(start, start + 5000))
        .execute();
      for (const r of rows) if (r.personal_code !== null) answered.set(r.personal_code, r.first_submitted_at);
    }
    return answered;
  }

  /**
   * A lost code replaced: the new code gets the old one's holder and its response (which still needs
   * its revision key), and the old one is revoked, in one transaction.
   */
  async reprintCode(old: AccessCode, code: string, now: Date): Promise<string> {
    const ref = newRef();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("access_codes")
        .values({
          code,
          ref,
          holder: old.holder,
          campaign_id: old.campaignId,
          unit_id: old.unitId,
          kind: old.kind,
          single_use: old.singleUse ? 1 : 0,
          revoked_at: null,
          created_at: now.toISOString(),
        })
        .execute();
      await trx
        .updateTable("access_codes")
        .set({ revoked_at: now.toISOString() })
        .where("code", "=", old.code)
        .where("revoked_at", "is", null)
        .execute();
      await trx
        .updateTable("responses")
        .set({ personal_code: code })
        .where("personal_code", "=", old.code)
        .execute();
    });
    return ref;
  }

  private codes() {
    return this.db
      .selectFrom("access_codes as a")
      .innerJoin("units as u", "u.id", "a.unit_id")
      .select([
        "a.code",
        "a.campaign_id",
        "a.unit_id",
        "u.code as unit_code",
        "a.kind",
        "a.holder",
        "a.revoked_at",
        "a.ref",
        "a.single_use",
        "a.used_at",
      ]);
  }

  private campaigns() {
    return this.db
      .selectFrom("campaigns as c")
      .innerJoin("form_versions as f", "f.id", "c.form_version_id")
      .select([
        "c.id",
        "f.form_id",
        "f.version",
        "c.unit_id",
        "c.kind",
        "c.period",
        "c.opens_at",
        "c.closes_at",
        "c.expected",
        "c.closed_at",
        "c.release_after_close",
        "c.title",
      ]);
  }

  /** Adds codes for a unit; `holders[i]`, when given, is the name of the person code i is for. */
  async addCodes(
    campaignId: number,
    unitCode: string,
    kind: RespondentKind,
    codes: string[],
    now: Date,
    holders: (string | null)[] = [],
    singleUse = false,
  ): Promise<string[]> {
    const unit = await this.units.get(unitCode);
    if (!unit) throw new StoreError("not_found", `unknown unit ${unitCode}`);
    if (codes.length === 0) return [];
    const refs = codes.map(() => newRef());
    await this.db
      .insertInto("access_codes")
      .values(
        codes.map((code, i) => ({
          code,
          ref: refs[i] as string,
          single_use: singleUse ? 1 : 0,
          holder: holders[i] ?? null,
          campaign_id: campaignId,
          unit_id: unit.id,
          kind,
          revoked_at: null,
          created_at: now.toISOString(),
        })),
      )
      .execute();
    return refs;
  }

  async revokeCode(code: string, now: Date): Promise<boolean> {
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
    // Every submission asks: a statement prepared once per engine (engine.ts), not built by Kysely per call.
    const row = await this.reads.access(code);
    if (!row) return undefined;
    // Versions never change, so each is parsed once: the same object also keeps scoring's and the
    // compiled validator's caches warm.
    let form = this.parsedForms.get(row.form_version_id);
    if (!form) {
      form = toForm(await this.reads.form(row.form_version_id));
      this.parsedForms.set(row.form_version_id, form);
    }
    return {
      code: row.code,
      kind: row.kind as RespondentKind,
      singleUse: row.single_use === 1,
      usedAt: row.used_at,
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
        closedAt: row.closed_at,
      },
    };
  }
}

/** A campaigns row joined with its form version's id and content hash. */
type CampaignRow = Omit<Selectable<Database["campaigns"]>, "form_version_id" | "created_at"> & {
  form_id: string;
  version: string;
};

function toCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id,
    formId: row.form_id,
    formVersion: row.version,
    unitId: row.unit_id,
    kind: row.kind as RespondentKind,
    period: row.period,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    expected: row.expected,
    closedAt: row.closed_at,
    releaseAfterClose: row.release_after_close === 1,
    title: row.title,
  };
}

function toAccessCode(
  row: {
    code: string;
    campaign_id: number;
    unit_id: number;
    unit_code: string;
    kind: string;
    holder: string | null;
    revoked_at: string | null;
    ref: string | null;
    single_use: number;
    used_at: string | null;
  },
  firstSubmittedAt: string | undefined,
): AccessCode {
  return {
    code: row.code,
    ref: row.ref ?? row.code,
    singleUse: row.single_use === 1,
    campaignId: row.campaign_id,
    unitId: row.unit_id,
    unitCode: row.unit_code,
    kind: row.kind as RespondentKind,
    holder: row.holder,
    revokedAt: row.revoked_at,
    answered: firstSubmittedAt !== undefined || row.used_at !== null,
    answeredAt: firstSubmittedAt ?? row.used_at,
  };
}

/** A code's public reference: random, so it says nothing about the code. */
function newRef(): string {
  return randomBytes(8).toString("hex");
}
