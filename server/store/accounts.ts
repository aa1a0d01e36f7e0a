import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";
import { StoreError } from "./store-error.ts";
import type { Account, AccountRow, Role, Session, SessionRow } from "./types.ts";

/** The public name of a session: enough to tell sessions apart, nothing that opens one. */
export const sessionId = (tokenHash: string) => tokenHash.slice(0, 16);

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

  /** The account and its password hash, for signing in; a disabled account is not found. */
  async findForLogin(username: string): Promise<{ account: Account; passwordHash: string } | undefined> {
    const row = await this.accounts()
      .where("a.username", "=", username)
      .where("a.disabled_at", "is", null)
      .select("a.password_hash")
      .executeTakeFirst();
    return row && { account: toAccount(row), passwordHash: row.password_hash };
  }

  /** Any account by name, disabled or not, with its password hash. */
  async find(username: string): Promise<{ account: AccountRow; passwordHash: string } | undefined> {
    const row = await this.accounts()
      .where("a.username", "=", username)
      .select(["a.password_hash", "a.disabled_at"])
      .executeTakeFirst();
    return row && { account: toAccountRow(row), passwordHash: row.password_hash };
  }

  /** Accounts whose unit lies in a set of units (a subtree), or all of them. */
  async list(unitIds: number[] | "all"): Promise<AccountRow[]> {
    if (unitIds !== "all" && unitIds.length === 0) return [];
    let query = this.accounts().select("a.disabled_at").orderBy("a.username");
    if (unitIds !== "all") query = query.where("a.unit_id", "in", unitIds);
    return (await query.execute()).map(toAccountRow);
  }

  async setPassword(accountId: number, passwordHash: string): Promise<void> {
    await this.db
      .updateTable("accounts")
      .set({ password_hash: passwordHash })
      .where("id", "=", accountId)
      .execute();
  }

  async setRole(accountId: number, role: Role, unitId: number | null): Promise<void> {
    await this.db
      .updateTable("accounts")
      .set({ role, unit_id: unitId })
      .where("id", "=", accountId)
      .execute();
  }

  async setDisabled(accountId: number, at: Date | null): Promise<void> {
    await this.db
      .updateTable("accounts")
      .set({ disabled_at: at?.toISOString() ?? null })
      .where("id", "=", accountId)
      .execute();
  }

  /** An account's live sessions, newest first. */
  async listSessions(accountId: number, now: Date): Promise<SessionRow[]> {
    const rows = await this.db
      .selectFrom("sessions")
      .select(["token_hash", "created_at", "expires_at"])
      .where("account_id", "=", accountId)
      .where("expires_at", ">", now.toISOString())
      .orderBy("created_at", "desc")
      .execute();
    return rows.map((r) => ({
      id: sessionId(r.token_hash),
      createdAt: r.created_at,
      expiresAt: r.expires_at,
    }));
  }

  /** Ends sessions of an account: all, all but one (`keep`), or only one (`only`); returns how many. */
  async endSessions(accountId: number, which: { keep?: string; only?: string } = {}): Promise<number> {
    const hashes = (
      await this.db.selectFrom("sessions").select("token_hash").where("account_id", "=", accountId).execute()
    )
      .map((r) => r.token_hash)
      .filter((h) => (which.only ? sessionId(h) === which.only : sessionId(h) !== which.keep));
    if (hashes.length === 0) return 0;
    await this.db.deleteFrom("sessions").where("token_hash", "in", hashes).execute();
    return hashes.length;
  }

  /** Deletes expired sessions; returns how many. */
  async purgeExpiredSessions(now: Date): Promise<number> {
    const r = await this.db
      .deleteFrom("sessions")
      .where("expires_at", "<=", now.toISOString())
      .executeTakeFirst();
    return Number(r.numDeletedRows);
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
      .where("a.disabled_at", "is", null)
      .executeTakeFirst();
    return (
      row && {
        id: sessionId(tokenHash),
        account: toAccount(row),
        csrfToken: row.csrf_token,
        expiresAt: row.expires_at,
      }
    );
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

function toAccountRow(row: Parameters<typeof toAccount>[0] & { disabled_at: string | null }): AccountRow {
  return { ...toAccount(row), disabledAt: row.disabled_at };
}
