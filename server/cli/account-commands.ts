import { createAccount } from "../accounts/create-account.ts";
import { resetPassword, setDisabled } from "../accounts/life-cycle.ts";
import { hashPassword } from "../auth/password.ts";
import type { Store } from "../store/store.ts";
import { StoreError } from "../store/store-error.ts";
import { ROLES, type Role } from "../store/types.ts";

export const ACCOUNT_COMMANDS = [
  "create-user NAME --role admin|manager|viewer [--unit CODE] [--password-stdin]",
  "list-users",
  "reset-password NAME [--password-stdin]",
  "set-role NAME --role admin|manager|viewer [--unit CODE | --every-unit]",
  "disable NAME",
  "enable NAME",
  "list-sessions NAME",
  "end-sessions NAME",
];

export interface AccountArgs {
  command: string;
  username: string | undefined;
  role?: string | undefined;
  unit?: string | undefined;
  everyUnit?: boolean | undefined;
  password?: string | undefined;
}

// What the CLI does is audited too, under a name no account can have (usernames are lowercase).
const CLI = { id: null, username: "(CLI)" };

/**
 * One account command on the database, run by the operator of the machine (who needs no role).
 * Prints with `print`; returns "usage" for arguments that do not fit, else the exit code.
 */
export async function runAccountCommand(
  store: Store,
  a: AccountArgs,
  now: Date,
  print: (line: string) => void,
): Promise<number | "usage"> {
  if (a.command === "list-users") {
    for (const u of await store.accounts.list("all"))
      print(
        `${u.username}\t${u.role}\t${u.unitCode ?? "*"}${u.disabledAt ? `\tdisabled ${u.disabledAt}` : ""}`,
      );
    return 0;
  }
  const name = a.username;
  if (!name) return "usage";
  if (a.command === "create-user") {
    if (!ROLES.includes(a.role as Role)) return "usage";
    const created = await createAccount(
      store,
      { username: name, role: a.role as Role, unitCode: a.unit ?? null, password: a.password },
      now,
    );
    const scope = created.account.unitCode ? `at ${created.account.unitCode}` : "over every unit";
    print(`Created ${created.account.role} ${name} ${scope}`);
    if (created.password) print(`password: ${created.password}`);
    await audit(store, "account.create", created.account.unitId, { username: name, role: a.role }, now);
    return 0;
  }
  const found = await store.accounts.find(name);
  if (!found) throw new StoreError("not_found", `No account ${name}`);
  const account = found.account;
  const log = (action: string, details: Record<string, unknown> = {}) =>
    audit(store, action, account.unitId, { username: name, ...details }, now);
  switch (a.command) {
    case "reset-password": {
      if (a.password !== undefined) {
        await store.accounts.setPassword(account.id, await hashPassword(a.password));
        await store.accounts.endSessions(account.id);
      } else print(`password: ${await resetPassword(store, account.id)}`);
      print(`The password of ${name} is reset; its sessions have ended.`);
      await log("account.password_reset");
      return 0;
    }
    case "set-role": {
      if (!ROLES.includes(a.role as Role) || (a.unit && a.everyUnit)) return "usage";
      const unit = a.unit ? await store.units.get(a.unit) : undefined;
      if (a.unit && !unit) throw new StoreError("not_found", `No unit ${a.unit}`);
      const unitId = a.everyUnit ? null : unit ? unit.id : account.unitId;
      await store.accounts.setRole(account.id, a.role as Role, unitId);
      const where = a.everyUnit ? null : (unit?.code ?? account.unitCode);
      print(`${name} is now ${a.role} ${where ? `at ${where}` : "over every unit"}.`);
      await log("account.role", {
        from: { role: account.role, unit: account.unitCode },
        to: { role: a.role, unit: where },
      });
      return 0;
    }
    case "disable":
    case "enable":
      await setDisabled(store, account.id, a.command === "disable", now);
      print(`${name} is ${a.command}d${a.command === "disable" ? "; its sessions have ended" : ""}.`);
      await log(`account.${a.command}`);
      return 0;
    case "list-sessions":
      for (const s of await store.accounts.listSessions(account.id, now))
        print(`${s.id}\tsince ${s.createdAt}\tuntil ${s.expiresAt}`);
      return 0;
    case "end-sessions": {
      const ended = await store.accounts.endSessions(account.id);
      print(`Ended ${ended} session(s) of ${name}.`);
      await log("account.sessions_end", { ended });
      return 0;
    }
    default:
      return "usage";
  }
}

function audit(
  store: Store,
  action: string,
  unitId: number | null,
  details: Record<string, unknown>,
  now: Date,
) {
  return store.audit.add({ account: CLI, action, unitId, details }, now);
}
