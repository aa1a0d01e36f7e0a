import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { audit } from "../accounts/audit.ts";
import type { AppEnv } from "../app-env.ts";
import { requireSession } from "../auth/session.ts";
import { campaignOr404, campaignUnit } from "../campaigns/lookup.ts";
import { HttpError } from "../http/http-error.ts";
import { parseJson } from "../http/parse-json.ts";
import { acceptsGzip, csvStream, gzipStream } from "./csv.ts";
import { checkExportLink, EXPORT_LINK_SECONDS, signExportLink } from "./export-link.ts";
import { exportColumns, exportFileName, exportRows } from "./rows.ts";
import { xlsxStream } from "./xlsx.ts";

const linkSchema = z.object({ format: z.enum(["csv", "xlsx"]), unit: z.string().min(1).max(64).optional() });

/**
 * A campaign's raw responses as CSV or XLSX (at /api/campaigns/:id/export.*), streamed page by page.
 * The download needs a short-lived link from POST /:id/export-link (which carries the CSRF header),
 * so a cross-site page cannot start an export with the manager's cookie.
 */
export function exportRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/:id/export-link", async (c) => {
    const body = await parseJson(c, linkSchema);
    const campaign = await campaignOr404(c);
    const { unit } = await campaignUnit(c, campaign, body.unit, "manager");
    const now = c.var.clock.now();
    const target = { campaignId: campaign.id, unitCode: unit.code, format: body.format };
    const token = signExportLink(requireSession(c).csrfToken, target, now);
    return c.json({
      url: `/api/campaigns/${campaign.id}/export.${body.format}?unit=${encodeURIComponent(unit.code)}&token=${token}`,
      expiresAt: new Date(+now + EXPORT_LINK_SECONDS * 1000).toISOString(),
    });
  });
  app.get("/:id/export.csv", exportHandler("csv"));
  app.get("/:id/export.xlsx", exportHandler("xlsx"));
  return app;
}

const exportHandler = (format: "csv" | "xlsx") => async (c: Context<AppEnv>) => {
  const campaign = await campaignOr404(c);
  // Raw answers are more than a dashboard shows: managers only.
  const { unit, account } = await campaignUnit(c, campaign, c.req.query("unit"), "manager");
  const target = { campaignId: campaign.id, unitCode: unit.code, format };
  if (!checkExportLink(requireSession(c).csrfToken, target, c.req.query("token") ?? "", c.var.clock.now()))
    throw new HttpError(
      403,
      "export_link",
      "An export needs a fresh link from POST /api/campaigns/:id/export-link (it lasts a minute)",
    );
  const store = c.var.store;
  const form = (await store.forms.get(campaign.formId, campaign.formVersion))?.json ?? {};
  // Only a shown unit's subtree, only released responses, whatever ?unit= says: a withheld unit's
  // export is its header row alone.
  const shown = await c.var.results.shownUnits(campaign);
  const inSubtree = new Set(shown.has(unit.id) ? await store.units.subtreeIds(unit.id) : []);
  const units = (await store.releases.releasedUnits(campaign.id)).filter((u) => inSubtree.has(u.id));
  const columns = exportColumns(form);
  const pages = exportRows(store, { campaign, form, units, namedUnits: shown });
  await audit(c, account, "campaign.export", unit.id, { campaignId: campaign.id, format });
  c.header(
    "Content-Disposition",
    `attachment; filename="${exportFileName(campaign, form, unit.code, format)}"`,
  );
  c.header("Cache-Control", "no-store");
  if (format === "csv") {
    c.header("Content-Type", "text/csv; charset=utf-8");
    c.header("Vary", "Accept-Encoding");
    if (!acceptsGzip(c.req.header("accept-encoding"))) return c.body(csvStream(columns, pages));
    c.header("Content-Encoding", "gzip");
    return c.body(gzipStream(csvStream(columns, pages)));
  }
  c.header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  return c.body(xlsxStream(columns, pages));
};
