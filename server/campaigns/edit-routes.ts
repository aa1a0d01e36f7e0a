import type { Context, Hono } from "hono";
import { z } from "zod";
import type { NewCode } from "../../api/manager.ts";
import { audit } from "../accounts/audit.ts";
import type { AppEnv } from "../app-env.ts";
import { authorize } from "../auth/authorize.ts";
import { HttpError } from "../http/http-error.ts";
import { parseJson } from "../http/parse-json.ts";
import type { Campaign } from "../store/types.ts";
import { generateCode, maskCode } from "./codes.ts";
import { baseUrl, describe, status } from "./describe.ts";
import { campaignOr404, campaignUnit } from "./lookup.ts";

const when = z.iso.datetime({ offset: true });
const title = z.string().trim().max(200);
const editSchema = z
  .object({
    /** "" goes back to the form's title. */
    title: title.optional(),
    period: z.string().trim().min(1).max(100).optional(),
    opensAt: when.optional(),
    closesAt: when.optional(),
    expected: z.number().int().min(0).max(100_000).nullable().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: "nothing to change" });
const duplicateSchema = z
  .object({
    title: title.optional(),
    period: z.string().trim().min(1).max(100),
    opensAt: when,
    closesAt: when,
  })
  .refine((b) => Date.parse(b.opensAt) < Date.parse(b.closesAt), {
    message: "opensAt must be before closesAt",
  });
const reprintSchema = z.object({ unit: z.string().min(1).max(64) });

/** Editing a campaign, duplicating it for the next period, reprinting its unanswered codes (issue 18). */
export function addEditRoutes(app: Hono<AppEnv>, perUnitPerHour: number) {
  // Title, period, expected count, and the dates while they still matter: a closed campaign is
  // reopened (before its close date) or duplicated, never edited back to life.
  app.patch("/:id", async (c) => {
    const body = await parseJson(c, editSchema);
    const campaign = await campaignOr404(c);
    const account = await authorize(c, campaign.unitId, "manager");
    refuseClosed(c, campaign);
    const now = c.var.clock.now();
    if (body.opensAt && body.opensAt !== campaign.opensAt && status(c, campaign) !== "scheduled")
      throw new HttpError(409, "already_open", "The campaign has opened; its opening time stays");
    const opensAt = body.opensAt ?? campaign.opensAt;
    const closesAt = body.closesAt ?? campaign.closesAt;
    if (Date.parse(opensAt) >= Date.parse(closesAt))
      throw new HttpError(400, "invalid_body", "opensAt must be before closesAt");
    if (body.closesAt && Date.parse(body.closesAt) <= +now)
      throw new HttpError(400, "close_in_past", "The new close date has passed; close the campaign instead");
    const change = {
      title: body.title === undefined ? undefined : body.title || null,
      period: body.period,
      opensAt: body.opensAt ? new Date(body.opensAt) : undefined,
      closesAt: body.closesAt ? new Date(body.closesAt) : undefined,
      expected: body.expected,
    };
    await c.var.store.campaigns.update(campaign.id, change);
    const updated = (await c.var.store.campaigns.get(campaign.id)) as Campaign;
    await audit(c, account, "campaign.update", campaign.unitId, {
      campaignId: campaign.id,
      ...changes(campaign, updated),
    });
    return c.json({ campaign: await describe(c, updated) });
  });

  // The next period's campaign: same form (its newest version), unit, respondents and settings; no codes.
  app.post("/:id/duplicate", async (c) => {
    const body = await parseJson(c, duplicateSchema);
    const campaign = await campaignOr404(c);
    const account = await authorize(c, campaign.unitId, "manager");
    await checkCreationLimit(c, campaign.unitId, perUnitPerHour);
    const unit = await c.var.store.units.getById(campaign.unitId);
    const form = await c.var.store.forms.get(campaign.formId);
    if (!unit || !form) throw new HttpError(404, "form_not_found", `No form ${campaign.formId}`);
    const copy = await c.var.store.campaigns.create(
      {
        formId: form.id,
        formVersion: form.version,
        unitCode: unit.code,
        kind: campaign.kind,
        period: body.period,
        opensAt: new Date(body.opensAt),
        closesAt: new Date(body.closesAt),
        expected: campaign.expected,
        releaseAfterClose: campaign.releaseAfterClose,
        title: body.title === undefined ? campaign.title : body.title || null,
      },
      c.var.clock.now(),
    );
    await audit(c, account, "campaign.duplicate", unit.id, {
      campaignId: copy.id,
      copiedFrom: campaign.id,
      period: body.period,
    });
    return c.json({ campaign: await describe(c, copy) }, 201);
  });

  // Lost sheets: every active personal code at the unit that has not answered gets a new one (the old
  // stops working), shown in full this once for a new QR sheet. Answered codes keep theirs.
  app.post("/:id/codes/reprint", async (c) => {
    const body = await parseJson(c, reprintSchema);
    const campaign = await campaignOr404(c);
    const { unit, account } = await campaignUnit(c, campaign, body.unit, "manager");
    refuseClosed(c, campaign);
    const store = c.var.store;
    const codes = (
      await store.campaigns.listCodes(campaign.id, await store.units.subtreeIds(unit.id))
    ).filter((x) => !x.revokedAt && !x.answered && (x.kind !== "parent" || x.singleUse));
    const now = c.var.clock.now();
    const base = baseUrl(c);
    const issued: NewCode[] = [];
    for (const old of codes) {
      const code = generateCode(old.kind === "parent" ? 12 : 10);
      const ref = await store.campaigns.reprintCode(old, code, now);
      issued.push({
        code,
        ref,
        mask: maskCode(code),
        url: `${base}/a/${code}`,
        unit: old.unitCode,
        holder: old.holder,
      });
    }
    await audit(c, account, "codes.reprint", unit.id, { campaignId: campaign.id, count: issued.length });
    return c.json({ codes: issued }, 201);
  });
}

/** No new or reprinted codes, and no edits, once a campaign has closed. */
export function refuseClosed(c: Context<AppEnv>, campaign: Campaign): void {
  if (status(c, campaign) === "closed")
    throw new HttpError(409, "campaign_closed", "The campaign is closed; reopen it or duplicate it");
}

/** New campaigns over one unit per hour (issue 14): creating and duplicating count alike. */
export async function checkCreationLimit(c: Context<AppEnv>, unitId: number, perUnitPerHour: number) {
  const hourAgo = new Date(+c.var.clock.now() - 3600_000);
  if (
    perUnitPerHour > 0 &&
    (await c.var.store.campaigns.countCreatedSince(unitId, hourAgo)) >= perUnitPerHour
  )
    throw new HttpError(
      429,
      "too_many_campaigns",
      `At most ${perUnitPerHour} new campaigns per unit per hour; try again later`,
      { details: { retryAfter: 3600 } },
    );
}

/** What an edit changed, as the audit log records it: field → [before, after]. */
function changes(before: Campaign, after: Campaign): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const key of ["title", "period", "opensAt", "closesAt", "expected"] as const)
    if ((before[key] ?? null) !== (after[key] ?? null)) out[key] = [before[key] ?? null, after[key] ?? null];
  return out;
}
