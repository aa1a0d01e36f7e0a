import { generatePassword, hashPassword } from "../auth/password.ts";
import type { Store } from "../store/store.ts";

// The account changes shared by the manager routes and the CLI. Each one that takes access away also
// ends the account's sessions, so it takes effect now rather than when a session expires.

/** A new generated password (returned once, never stored in clear); every session of the account ends. */
export async function resetPassword(store: Store, accountId: number): Promise<string> {
  const password = generatePassword();
  await store.accounts.setPassword(accountId, await hashPassword(password));
  await store.accounts.endSessions(accountId);
  return password;
}

export async function setDisabled(store: Store, accountId: number, disabled: boolean, now: Date) {
  await store.accounts.setDisabled(accountId, disabled ? now : null);
  if (disabled) await store.accounts.endSessions(accountId);
}
