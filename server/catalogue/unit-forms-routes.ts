import { Hono } from "hono";
import type { FormCampaignRef, ManagedForm, UnitForms } from "../../api/forms.ts";
import type { Kind } from "../../api/manager.ts";
import type { AppEnv } from "../app-env.ts";
import { authorize, visibleUnitIds } from "../auth/authorize.ts";
import { unitOr404 } from "../units/lookup.ts";

/**
 * `GET /api/units/:code/forms`: the forms campaigns at a unit may use (the catalogue's and those of
 * the unit and the units above it), every version with who published it and when, and the campaigns
 * answering it that the caller may see. No response figure is read here.
 */
export function unitFormRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/:code/forms", async (c) => {
    const unit = await unitOr404(c, c.req.param("code"));
    const account = await authorize(c, unit.id, "viewer");
    const store = c.var.store;
    const forms = await store.forms.list(await store.units.ancestorIds(unit.id));
    const versions = await store.forms.versions(forms.map((f) => f.id));
    // The same campaigns GET /api/campaigns lists: the caller's subtree and the units above it.
    const own = await visibleUnitIds(c, account);
    const scope =
      own === "all" || account.unitId === null
        ? "all"
        : [...own, ...(await store.units.ancestorIds(account.unitId))];
    const campaigns = await store.forms.campaignsUsing(
      versions.map((v) => v.versionId),
      scope,
    );
    const body: UnitForms = {
      unit: { code: unit.code, name: unit.name },
      forms: forms.map((f): ManagedForm => {
        const mine = versions.filter((v) => v.formId === f.id);
        const first = mine[0];
        return {
          id: f.id,
          title: f.json.title ?? f.id,
          audience: f.json.audience ?? null,
          owner: first?.unitCode ? { code: first.unitCode, name: first.unitName ?? first.unitCode } : null,
          versions: mine.map((v) => ({
            version: v.version,
            publishedAt: v.publishedAt,
            publishedBy: v.publishedBy,
            campaigns: campaigns
              .filter((cp) => cp.versionId === v.versionId)
              .map(
                (cp): FormCampaignRef => ({
                  id: cp.campaignId,
                  period: cp.period,
                  kind: cp.kind as Kind,
                  unit: { code: cp.unitCode, name: cp.unitName },
                  opensAt: cp.opensAt,
                  closesAt: cp.closesAt,
                  closedAt: cp.closedAt,
                }),
              ),
          })),
        };
      }),
    };
    return c.json(body);
  });

  return app;
}
