import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import type { Account } from "../store/types.ts";

/** Records a state change made by an account. */
export function audit(
  c: Context<AppEnv>,
  account: Account,
  action: string,
  unitId: number | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  return c.var.store.audit.add({ account, action, unitId, details }, c.var.clock.now());
}

/**
 * Sign-ins and failed sign-ins, under the account's unit so its admins see them. A failure names the
 * username as typed (cut to 100 characters by the sign-in schema); for an unknown or disabled name
 * only the system administrator sees it.
 */
export function auditSignIn(c: Context<AppEnv>, username: string, account: Account | undefined, ok: boolean) {
  return c.var.store.audit.add(
    {
      account: { id: account?.id ?? null, username },
      action: ok ? "session.sign_in" : "session.sign_in_failed",
      unitId: account?.unitId ?? null,
      details: {},
    },
    c.var.clock.now(),
  );
}
