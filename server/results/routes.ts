import { Hono } from "hono";
import { audit } from "../accounts/audit.ts";
import type { AppEnv } from "../app-env.ts";
import { campaignOr404, campaignUnit } from "../campaigns/lookup.ts";
import { HttpError } from "../http/http-error.ts";
import type { Campaign } from "../store/types.ts";

/** A campaign's results at one unit (at /api/campaigns/:id/results), optionally compared with another campaign. */
export function resultRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/:id/results", async (c) => {
    const campaign = await campaignOr404(c);
    const { unit, account, ancestorIds } = await campaignUnit(c, campaign, c.req.query("unit"), "viewer");
    let compare: Campaign | undefined;
    if (c.req.query("compare")) {
      compare = await c.var.store.campaigns.get(Number(c.req.query("compare")));
      if (!compare || !ancestorIds.includes(compare.unitId))
        throw new HttpError(
          404,
          "campaign_not_found",
          "The campaign to compare with does not cover this unit",
        );
    }
    const body = await c.var.results.forUnit(campaign, unit, compare);
    // Who looked at which group, and when: read by the administrators above (GET /api/audit).
    await audit(c, account, "results.view", unit.id, {
      campaignId: campaign.id,
      ...(compare && { compare: compare.id }),
    });
    return c.json(body);
  });
  return app;
}
