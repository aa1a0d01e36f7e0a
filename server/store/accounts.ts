import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";
import { StoreError } from "./store-error.ts";
import type { Account, Role, Session } from "./types.ts";

/** Manager accounts and their sessions. Passwords and tokens arrive here already hashed. */
export class AccountRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(
    a: { username: string; passwordHash: string; role: Role; unitCode: string | null },
    now: Date,
  ): Promise<Account> {
    const unit = a.unitCode
      ? await this.db
          .selectFrom("units")
          .select(["id", "code"])
          .where("code", "=", a.unitCode)
          .executeTakeFirst()
      : undefined;
    if (a.unitCode && !unit) throw new StoreError("not_found", `unknown unit ${a.unitCode}`);
    const taken = await this.db
      .selectFrom("accounts")
      .select("id")
      .where("username", "=", a.username)
      .executeTakeFirst();
    if (taken) throw new StoreError("conflict", `username ${a.username} is taken`);
    const row = await this.db
      .insertInto("accounts")
      .values({
        username: a.username,
        password_hash: a.passwordHash,
        role: a.role,
        unit_id: unit?.id ?? null,
        created_at: now.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return {
      id: row.id,
      username: a.username,
      role: a.role,
      unitId: unit?.id ?? null,
      unitCode: unit?.code ?? null,
    };
  }

  /** The account and its password hash, for signing in. */
  async findForLogin(username: string): Promise<{ account: Account; passwordHash: string } | undefined> {
    const row = await this.accounts()
      .where("a.username", "=", username)
      .select("a.password_hash")
      .executeTakeFirst();
    return row && { account: toAccount(row), passwordHash: row.password_hash };
  }

  /** Accounts whose unit lies in a set of units (a subtree), or all of them. */
  async list(unitIds: number[] | "all"): Promise<Account[]> {
    if (unitIds !== "all" && unitIds.length === 0) return [];
    let query = this.accounts().orderBy("a.username");
    if (unitIds !== "all") query = query.where("a.unit_id", "in", unitIds);
    return (await query.execute()).map(toAccount);
  }

  async createSession(
    s: { tokenHash: string; accountId: number; csrfToken: string; expiresAt: Date },
    now: Date,
  ) {
    await this.db
      .insertInto("sessions")
      .values({
        token_hash: s.tokenHash,
        account_id: s.accountId,
        csrf_token: s.csrfToken,
        created_at: now.toISOString(),
        expires_at: s.expiresAt.toISOString(),
      })
      .execute();
  }

  async findSession(tokenHash: string, now: Date): Promise<Session | undefined> {
    const row = await this.accounts()
      .innerJoin("sessions as s", "s.account_id", "a.id")
      .select(["s.csrf_token", "s.expires_at"])
      .where("s.token_hash", "=", tokenHash)
      .where("s.expires_at", ">", now.toISOString())
      .executeTakeFirst();
    return row && { account: toAccount(row), csrfToken: row.csrf_token, expiresAt: row.expires_at };
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
  }

  private accounts() {
    return this.db
      .selectFrom("accounts as a")
      .leftJoin("units as u", "u.id", "a.unit_id")
      .select(["a.id", "a.username", "a.role", "a.unit_id", "u.code as unit_code"]);
  }
}

function toAccount(row: {
  id: number;
  username: string;
  role: string;
  unit_id: number | null;
  unit_code: string | null;
}): Account {
  return {
    id: row.id,
    username: row.username,
    role: row.role as Role,
    unitId: row.unit_id,
    unitCode: row.unit_code,
  };
}
