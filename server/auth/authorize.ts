import type { Context } from "hono";
import { atLeast } from "../../api/roles.ts";
import type { AppEnv } from "../app-env.ts";
import { HttpError } from "../http/http-error.ts";
import type { Account, Campaign, Role } from "../store/types.ts";
import { requireSession } from "./session.ts";

/**
 * The one decision on manager access: the signed-in account must hold at least `need` at `unitId`
 * or above it (a role covers its unit's whole subtree). `unitId` null means every tree at once, which
 * only an account without a unit (the system administrator) covers. Returns the account or throws
 * 401 (no session) / 403.
 */
export async function authorize(c: Context<AppEnv>, unitId: number | null, need: Role): Promise<Account> {
  const { account } = requireSession(c);
  if (atLeast(account.role, need) && (await covers(c, account, unitId))) return account;
  throw new HttpError(403, "forbidden", `This needs the ${need} role at the unit concerned`);
}

/**
 * Reading a campaign: a campaign over a province also concerns every school under it, so a school's
 * staff may read it (and act on their own school's codes) without any role at the province.
 */
export async function authorizeCampaign(
  c: Context<AppEnv>,
  campaign: Campaign,
  need: Role,
): Promise<Account> {
  const { account } = requireSession(c);
  if (atLeast(account.role, need)) {
    if (await covers(c, account, campaign.unitId)) return account;
    if (
      account.unitId !== null &&
      (await c.var.store.units.ancestorIds(account.unitId)).includes(campaign.unitId)
    )
      return account;
  }
  throw new HttpError(403, "forbidden", `This needs the ${need} role at a unit of this campaign`);
}

/** The units an account sees: its subtree, or every unit. */
export async function visibleUnitIds(c: Context<AppEnv>, account: Account): Promise<number[] | "all"> {
  return account.unitId === null ? "all" : c.var.store.units.subtreeIds(account.unitId);
}

async function covers(c: Context<AppEnv>, account: Account, unitId: number | null): Promise<boolean> {
  if (account.unitId === null) return true;
  if (unitId === null) return false;
  return (await c.var.store.units.ancestorIds(unitId)).includes(account.unitId);
}
