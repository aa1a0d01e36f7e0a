import { Hono } from "hono";
import { z } from "zod";
import type { CodeRow } from "../../api/manager.ts";
import { audit } from "../accounts/audit.ts";
import type { AppEnv } from "../app-env.ts";
import { authorize, authorizeCampaign } from "../auth/authorize.ts";
import { requireSession } from "../auth/session.ts";
import { HttpError } from "../http/http-error.ts";
import { parseJson } from "../http/parse-json.ts";
import type { AccessCode, Account } from "../store/types.ts";
import { unitOr404 } from "../units/lookup.ts";
import { generateCode, generateCodes, maskCode } from "./codes.ts";
import { baseUrl, describe, status } from "./describe.ts";
import { addEditRoutes, checkCreationLimit, refuseClosed } from "./edit-routes.ts";
import { campaignOr404, campaignUnit } from "./lookup.ts";

const kind = z.enum(["staff", "parent", "unit"]);
const createSchema = z
  .object({
    formId: z.string().min(1).max(64),
    formVersion: z.string().max(64).optional(),
    unit: z.string().min(1).max(64),
    kind,
    period: z.string().trim().min(1).max(100),
    opensAt: z.iso.datetime({ offset: true }),
    closesAt: z.iso.datetime({ offset: true }),
    expected: z.number().int().min(0).max(100_000).nullish(),
    /** Results only after the campaign closes, all at once (store/release.ts). */
    releaseAfterClose: z.boolean().optional(),
  })
  .refine((b) => Date.parse(b.opensAt) < Date.parse(b.closesAt), {
    message: "opensAt must be before closesAt",
  });
const codesSchema = z
  .object({
    unit: z.string().min(1).max(64),
    kind: kind.optional(),
    count: z.number().int().min(1).max(2000).optional(),
    holders: z.array(z.string().trim().min(1).max(200)).min(1).max(2000).optional(),
  })
  .refine((b) => !(b.count && b.holders), { message: "give count or holders, not both" });

/** New campaigns over one unit per hour: enough for a real term, too few to flood its results (issue 14). */
export const DEFAULT_CAMPAIGNS_PER_UNIT_PER_HOUR = 20;

/** Campaigns and their access codes. */
export function campaignRoutes(perUnitPerHour = DEFAULT_CAMPAIGNS_PER_UNIT_PER_HOUR) {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => {
    const { account } = requireSession(c);
    const store = c.var.store;
    // Campaigns over the account's subtree, and those over a unit above it (they cover its schools too).
    const scope =
      account.unitId === null
        ? "all"
        : [
            ...(await store.units.subtreeIds(account.unitId)),
            ...(await store.units.ancestorIds(account.unitId)),
          ];
    const campaigns = await store.campaigns.list(scope);
    return c.json({ campaigns: await Promise.all(campaigns.map((cp) => describe(c, cp))) });
  });

  app.post("/", async (c) => {
    const body = await parseJson(c, createSchema);
    const unit = await unitOr404(c, body.unit);
    const account = await authorize(c, unit.id, "manager");
    await checkCreationLimit(c, unit.id, perUnitPerHour);
    const form = await c.var.store.forms.get(body.formId, body.formVersion);
    // A unit's own forms serve its subtree only: elsewhere they do not exist.
    if (
      !form ||
      (form.unitId !== null && !(await c.var.store.units.ancestorIds(unit.id)).includes(form.unitId))
    )
      throw new HttpError(404, "form_not_found", `No form ${body.formId} for unit ${unit.code}`);
    if (form.json.audience && form.json.audience !== body.kind)
      throw new HttpError(
        400,
        "audience_mismatch",
        `Form ${form.id} is for ${form.json.audience}, not ${body.kind}`,
      );
    const campaign = await c.var.store.campaigns.create(
      {
        ...body,
        formVersion: form.version,
        unitCode: unit.code,
        opensAt: new Date(body.opensAt),
        closesAt: new Date(body.closesAt),
      },
      c.var.clock.now(),
    );
    await audit(c, account, "campaign.create", unit.id, {
      campaignId: campaign.id,
      formId: form.id,
      period: body.period,
    });
    return c.json({ campaign: await describe(c, campaign) }, 201);
  });

  app.get("/:id", async (c) => {
    const campaign = await campaignOr404(c);
    await authorizeCampaign(c, campaign, "viewer");
    return c.json({ campaign: await describe(c, campaign) });
  });

  app.post("/:id/close", async (c) => {
    const campaign = await campaignOr404(c);
    const account = await authorize(c, campaign.unitId, "manager");
    if (status(c, campaign) === "closed")
      throw new HttpError(409, "already_closed", "The campaign is closed already");
    await c.var.store.campaigns.setClosedAt(campaign.id, c.var.clock.now());
    await audit(c, account, "campaign.close", campaign.unitId, { campaignId: campaign.id });
    return c.json({
      campaign: await describe(c, { ...campaign, closedAt: c.var.clock.now().toISOString() }),
    });
  });

  app.post("/:id/reopen", async (c) => {
    const campaign = await campaignOr404(c);
    const account = await authorize(c, campaign.unitId, "manager");
    if (!campaign.closedAt) throw new HttpError(409, "not_closed", "The campaign was not closed early");
    if (c.var.clock.now().toISOString() >= campaign.closesAt)
      throw new HttpError(
        409,
        "past_close_date",
        "The campaign's close date has passed; create a new campaign",
      );
    await c.var.store.campaigns.setClosedAt(campaign.id, null);
    await audit(c, account, "campaign.reopen", campaign.unitId, { campaignId: campaign.id });
    return c.json({ campaign: await describe(c, { ...campaign, closedAt: null }) });
  });

  app.post("/:id/codes", async (c) => {
    const body = await parseJson(c, codesSchema);
    const campaign = await campaignOr404(c);
    const { unit, account } = await campaignUnit(c, campaign, body.unit, "manager");
    refuseClosed(c, campaign);
    if (body.kind && body.kind !== campaign.kind)
      throw new HttpError(400, "kind_mismatch", `This campaign is for ${campaign.kind}, not ${body.kind}`);
    const holders = body.holders ?? [];
    const count = holders.length || body.count || 1;
    // For parents, a count asks for single-use codes (one per family); without one, the school's shared link.
    const singleUse = campaign.kind === "parent" && body.count !== undefined;
    const codes = generateCodes(count, campaign.kind === "parent" ? 12 : 10);
    const refs = await c.var.store.campaigns.addCodes(
      campaign.id,
      unit.code,
      campaign.kind,
      codes,
      c.var.clock.now(),
      holders,
      singleUse,
    );
    await audit(c, account, "codes.create", unit.id, {
      campaignId: campaign.id,
      count,
      roster: holders.length > 0,
      singleUse,
    });
    const base = baseUrl(c);
    // The only time a personal code leaves the server in full: to be shown, printed or downloaded now.
    return c.json(
      {
        codes: codes.map((code, i) => ({
          code,
          ref: refs[i],
          mask: maskCode(code),
          url: `${base}/a/${code}`,
          unit: unit.code,
          holder: holders[i] ?? null,
          singleUse,
        })),
      },
      201,
    );
  });

  app.get("/:id/codes", async (c) => {
    const campaign = await campaignOr404(c);
    const unitCode = c.req.query("unit");
    const store = c.var.store;
    let codes: AccessCode[];
    let account: Account;
    let unitId: number | null;
    if (unitCode) {
      const unit = await unitOr404(c, unitCode);
      account = await authorize(c, unit.id, "manager");
      unitId = unit.id;
      codes = await store.campaigns.listCodes(campaign.id, await store.units.subtreeIds(unit.id));
    } else {
      account = await authorizeCampaign(c, campaign, "manager");
      unitId = account.unitId ?? campaign.unitId;
      const scope = account.unitId === null ? "all" : await store.units.subtreeIds(account.unitId);
      codes = await store.campaigns.listCodes(campaign.id, scope);
    }
    await audit(c, account, "codes.list", unitId, { campaignId: campaign.id, count: codes.length });
    const base = baseUrl(c);
    // How many answered through each shared parent link: live completion, as the results show it.
    const counts =
      campaign.kind === "parent"
        ? await store.campaigns.linkResponseCounts(campaign.id, [...new Set(codes.map((x) => x.unitId))])
        : new Map<string, number>();
    return c.json({ codes: codes.map((code) => listedCode(code, base, counts.get(code.code))) });
  });

  addEditRoutes(app, perUnitPerHour);
  return app;
}

/** Revoking one code; lives at /api/codes/:code. */
export function codeRoutes() {
  const app = new Hono<AppEnv>();
  // `:code` is a code's reference (from the list) or, for a manager holding the paper, the code itself.
  app.post("/:code/revoke", async (c) => {
    const code = await c.var.store.campaigns.getCode(c.req.param("code"));
    if (!code) throw new HttpError(404, "code_not_found", "No such code");
    const account = await authorize(c, code.unitId, "manager");
    if (code.revokedAt) throw new HttpError(409, "already_revoked", "The code is revoked already");
    await c.var.store.campaigns.revokeCode(code.code, c.var.clock.now());
    await audit(c, account, "code.revoke", code.unitId, {
      ref: code.ref,
      mask: maskCode(code.code),
      campaignId: code.campaignId,
    });
    return c.json({ ok: true });
  });

  // A lost code: a new one for the same holder (and the same response, still behind its revision key).
  app.post("/:code/reprint", async (c) => {
    const old = await c.var.store.campaigns.getCode(c.req.param("code"));
    if (!old) throw new HttpError(404, "code_not_found", "No such code");
    const account = await authorize(c, old.unitId, "manager");
    if (old.revokedAt) throw new HttpError(409, "already_revoked", "The code is revoked already");
    const campaign = await c.var.store.campaigns.get(old.campaignId);
    if (campaign) refuseClosed(c, campaign);
    if (old.kind === "parent" && !old.singleUse)
      throw new HttpError(400, "shared_link", "A parent link is not personal; create a new link instead");
    const code = generateCode(old.kind === "parent" ? 12 : 10);
    const ref = await c.var.store.campaigns.reprintCode(old, code, c.var.clock.now());
    await audit(c, account, "code.reprint", old.unitId, {
      campaignId: old.campaignId,
      revoked: { ref: old.ref, mask: maskCode(old.code) },
      issued: { ref, mask: maskCode(code) },
    });
    return c.json(
      {
        code: {
          code,
          ref,
          mask: maskCode(code),
          url: `${baseUrl(c)}/a/${code}`,
          unit: old.unitCode,
          holder: old.holder,
          singleUse: old.singleUse,
        },
      },
      201,
    );
  });
  return app;
}

/**
 * A code as a listing shows it: masked, with its holder and whether (and when) it answered. Only a
 * school's shared parent link, printed for every parent anyway, keeps its address.
 */
function listedCode(code: AccessCode, base: string, responses: number | undefined): CodeRow {
  const shared = code.kind === "parent" && !code.singleUse;
  return {
    ref: code.ref,
    mask: shared ? code.code : maskCode(code.code),
    campaignId: code.campaignId,
    unitId: code.unitId,
    unitCode: code.unitCode,
    kind: code.kind,
    singleUse: code.singleUse,
    holder: code.holder,
    revokedAt: code.revokedAt,
    answered: code.answered,
    answeredAt: code.answeredAt,
    url: shared ? `${base}/a/${code.code}` : null,
    responses: shared ? (responses ?? 0) : null,
  };
}
