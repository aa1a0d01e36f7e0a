import { Hono } from "hono";
import { z } from "zod";
import { audit } from "../accounts/audit.ts";
import type { AppEnv } from "../app-env.ts";
import { parseJson } from "../http/parse-json.ts";
import { campaignOr404, campaignUnit } from "./lookup.ts";

const settleSchema = z.object({
  unit: z.string().min(1).max(64).optional(),
  action: z.enum(["accept", "discard"]),
});

/**
 * Parent responses held "to review" (at /api/campaigns/:id/held): stored but in no result or export
 * until a manager accepts them (they then count) or discards them (deleted).
 */
export function heldRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/:id/held", async (c) => {
    const campaign = await campaignOr404(c);
    const { unit } = await campaignUnit(c, campaign, c.req.query("unit"), "manager");
    const store = c.var.store;
    const counts = await store.responses.heldCounts(campaign.id, await store.units.subtreeIds(unit.id));
    const held = [];
    for (const h of counts) {
      const u = await store.units.getById(h.unitId);
      held.push({ unit: u?.code ?? "", name: u?.name ?? "", count: h.count });
    }
    return c.json({ held });
  });

  app.post("/:id/held", async (c) => {
    const body = await parseJson(c, settleSchema);
    const campaign = await campaignOr404(c);
    const { unit, account } = await campaignUnit(c, campaign, body.unit, "manager");
    const store = c.var.store;
    const count = await store.responses.settleHeld(
      campaign.id,
      await store.units.subtreeIds(unit.id),
      body.action === "accept",
    );
    await audit(c, account, `held.${body.action}`, unit.id, { campaignId: campaign.id, count });
    return c.json({ action: body.action, count });
  });

  return app;
}
