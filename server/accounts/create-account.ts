import { generatePassword, hashPassword } from "../auth/password.ts";
import type { Store } from "../store/store.ts";
import type { Account, Role } from "../store/types.ts";

/** Creates an account; without a password, generates one and returns it (the only time it is seen). */
export async function createAccount(
  store: Store,
  a: { username: string; role: Role; unitCode: string | null; password?: string | undefined },
  now: Date,
): Promise<{ account: Account; password?: string }> {
  const password = a.password ?? generatePassword();
  const account = await store.accounts.create({ ...a, passwordHash: await hashPassword(password) }, now);
  return a.password ? { account } : { account, password };
}
