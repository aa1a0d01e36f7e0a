import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { authorize } from "../auth/authorize.ts";
import { HttpError } from "../http/http-error.ts";
import type { Account, Campaign, Role, Unit } from "../store/types.ts";
import { unitOr404 } from "../units/lookup.ts";

/** The campaign named by the path's `:id`, or a 404. */
export async function campaignOr404(c: Context<AppEnv>): Promise<Campaign> {
  const id = Number(c.req.param("id"));
  const campaign = Number.isInteger(id) ? await c.var.store.campaigns.get(id) : undefined;
  if (!campaign) throw new HttpError(404, "campaign_not_found", "No such campaign");
  return campaign;
}

/**
 * The unit a request acts on within a campaign: the one it names (`?unit=` or the body's), else the
 * campaign's own. The account needs `need` there (403), and the unit must lie under the campaign's unit
 * (400). Returns the unit's ancestors too (itself first), for further checks.
 */
export async function campaignUnit(
  c: Context<AppEnv>,
  campaign: Campaign,
  code: string | undefined,
  need: Role,
): Promise<{ unit: Unit; account: Account; ancestorIds: number[] }> {
  const unit = code ? await unitOr404(c, code) : await c.var.store.units.getById(campaign.unitId);
  if (!unit) throw new HttpError(404, "unit_not_found", "No such unit");
  const account = await authorize(c, unit.id, need);
  const ancestorIds = await c.var.store.units.ancestorIds(unit.id);
  if (!ancestorIds.includes(campaign.unitId))
    throw new HttpError(400, "unit_outside_campaign", `${unit.code} is not under this campaign's unit`);
  return { unit, account, ancestorIds };
}
