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
