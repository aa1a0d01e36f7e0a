import type { Context } from "hono";
import type { CampaignInfo } from "../../api/manager.ts";
import type { AppEnv } from "../app-env.ts";
import type { Campaign } from "../store/types.ts";

export function status(c: Context<AppEnv>, campaign: Campaign): "scheduled" | "open" | "closed" {
  const now = c.var.clock.now().toISOString();
  if (campaign.closedAt || now >= campaign.closesAt) return "closed";
  return now < campaign.opensAt ? "scheduled" : "open";
}

export async function describe(c: Context<AppEnv>, campaign: Campaign): Promise<CampaignInfo> {
  const unit = await c.var.store.units.getById(campaign.unitId);
  const form = await c.var.store.forms.get(campaign.formId, campaign.formVersion);
  return {
    ...campaign,
    unit: unit ? { code: unit.code, name: unit.name } : null,
    formTitle: form?.json.title ?? campaign.formId,
    status: status(c, campaign),
    title: campaign.title ?? null,
    releaseAfterClose: !!campaign.releaseAfterClose,
  };
}

export function baseUrl(c: Context<AppEnv>): string {
  return c.var.publicUrl ?? new URL(c.req.url).origin;
}
