import { Hono } from "hono";
import { z } from "zod";
import type { AccessInfo, SubmitResult } from "../../api/respondent.ts";
import { findOversized } from "../../forms/answer-size.ts";
import { judgeScores } from "../../forms/levels.ts";
import { scoreResponse } from "../../forms/score.ts";
import { findTooDeep } from "../../forms/shape.ts";
import type { Answers, Form, Locale } from "../../forms/types.ts";
import type { AppEnv } from "../app-env.ts";
import { clientKey } from "../http/client-ip.ts";
import { HttpError } from "../http/http-error.ts";
import { pickLocale, respondentMessage } from "../http/locale.ts";
import { RateLimiter } from "../http/rate-limit.ts";
import { ValidationOverBudget } from "../validation/pool.ts";
import { openAccess } from "./access.ts";
import { respondentError, tooMany } from "./errors.ts";
import type { AsyncValidator } from "./validator-cache.ts";

const submissionSchema = z.object({
  // Kept by reference: answers are checked against the form, not by zod (which would rebuild keys like __proto__).
  answers: z.custom<Answers>(
    (v) => typeof v === "object" && v !== null && !Array.isArray(v),
    "must be an object",
  ),
  clientId: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, "8–100 letters, digits, - or _"),
  locale: z.enum(["vi", "en"]).optional(),
});

export interface SubmitLimits {
  /** Requests per minute per IP address to respondent routes; 0 turns all respondent limits off. */
  perIpPerMinute: number;
  /** Submissions per minute on one personal (staff or unit) code; a parent link gets the IP figure. */
  perPersonalCodePerMinute: number;
}

/**
 * What any access code looks like (server/campaigns/codes.ts makes 10 characters of this alphabet). A
 * path segment of another shape is answered 404 before it is looked up or counted by a rate limiter,
 * so garbage codes (up to ~16 KB each) take no memory.
 */
export const ACCESS_CODE_SHAPE = /^[A-Za-z0-9_-]{4,80}$/;

// A school's parents may all sit behind one carrier NAT on an evening: the IP limit is generous.
export const DEFAULT_SUBMIT_LIMITS: SubmitLimits = { perIpPerMinute: 600, perPersonalCodePerMinute: 20 };

/** What respondents reach with an access code: open the form, submit answers. No account. */
export function respondentRoutes(
  limits: SubmitLimits,
  now: () => number,
  validatorFor: (form: Form) => AsyncValidator,
) {
  const app = new Hono<AppEnv>();
  const perIp = new RateLimiter(limits.perIpPerMinute, now);
  const perCode = new RateLimiter(limits.perIpPerMinute, now);
  const perPersonalCode = new RateLimiter(
    limits.perIpPerMinute > 0 ? limits.perPersonalCodePerMinute : 0,
    now,
  );

  app.use("*", async (c, next) => {
    const wait = perIp.hit(clientKey(c));
    if (wait > 0) throw tooMany(wait, pickLocale(c));
    await next();
  });
  app.use("/:code/*", async (c, next) => {
    if (!ACCESS_CODE_SHAPE.test(c.req.param("code")))
      throw respondentError(404, "code_not_found", pickLocale(c));
    await next();
  });
  app.use("/:code", async (c, next) => {
    if (!ACCESS_CODE_SHAPE.test(c.req.param("code")))
      throw respondentError(404, "code_not_found", pickLocale(c));
    await next();
  });

  app.get("/:code", async (c) => {
    const locale = pickLocale(c);
    const access = await openAccess(c.var, c.req.param("code"), locale);
    const criteria = (access.form.json.criteria ?? []).map((cr) => cr.id);
    const stored =
      access.kind !== "parent" ? await c.var.store.responses.findPersonal(access.code, criteria) : undefined;
    // Stored scores keep the numbers; the level's verdict (next level, blocking criteria) is judged again.
    const previous = stored && {
      ...stored,
      scores: stored.scores && judgeScores(access.form.json, stored.scores),
    };
    return c.json({
      campaign: {
        id: access.campaign.id,
        period: access.campaign.period,
        opensAt: access.campaign.opensAt,
        closesAt: access.campaign.closesAt,
        kind: access.campaign.kind,
      },
      unit: { code: access.unit.code, name: access.unit.name },
      kind: access.kind,
      form: { id: access.form.id, version: access.form.version, json: access.form.json },
      ...(previous && { previous }),
    } satisfies AccessInfo);
  });

  app.post("/:code/responses", async (c) => {
    let locale = pickLocale(c);
    if (!/^application\/json\b/i.test(c.req.header("content-type") ?? ""))
      throw respondentError(415, "unsupported_media_type", locale);
    let raw: unknown;
    try {
      raw = JSON.parse(await c.req.text());
    } catch {
      throw respondentError(400, "invalid_json", locale);
    }
    const parsed = submissionSchema.safeParse(raw);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((i) => `${i.path.join(".") || "body"} (${i.message})`)
        .join(", ");
      throw respondentError(400, "invalid_body", locale, detail);
    }
    const { answers, clientId } = parsed.data;
    locale = parsed.data.locale ?? locale;

    const code = c.req.param("code");
    const wait = perCode.hit(code);
    if (wait > 0) throw tooMany(wait, locale);
    const { store, clock } = c.var;
    // A replay is answered as the first time even if the code or campaign has closed since: it was accepted then.
    const replay = await store.responses.findReceipt(code, clientId);
    if (replay) return c.json(replay satisfies SubmitResult, 200);

    const access = await openAccess(c.var, code, locale);
    if (access.kind !== "parent") {
      const personalWait = perPersonalCode.hit(code);
      if (personalWait > 0) throw tooMany(personalWait, locale);
    }
    const errors = await checkAnswers(access.form, answers, locale, validatorFor);
    if (errors.length > 0) {
      throw new HttpError(400, "invalid_answers", respondentMessage("invalid_answers", locale), { errors });
    }
    const scores = scoreResponse(access.form.json, answers);
    const { created, ...receipt } = await store.responses.save({
      access,
      clientId,
      answers,
      scores,
      now: clock.now(),
    });
    return c.json(receipt satisfies SubmitResult, created ? 201 : 200);
  });

  return app;
}

/** Cheap checks of size and depth first, so no model is ever built for an answer no form could hold. */
async function checkAnswers(
  form: Form,
  answers: Answers,
  locale: Locale,
  validatorFor: (form: Form) => AsyncValidator,
) {
  const tooDeep = findTooDeep(answers, locale);
  if (tooDeep.length > 0) return tooDeep;
  const oversized = findOversized(form.json, answers, locale);
  if (oversized.length > 0) return oversized;
  try {
    return await validatorFor(form)(answers, locale);
  } catch (err) {
    if (err instanceof ValidationOverBudget) {
      throw respondentError(503, "validation_over_budget", locale, "", { reason: err.message });
    }
    throw err;
  }
}
