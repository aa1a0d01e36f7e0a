import { Hono } from "hono";
import { z } from "zod";
import { ACCESS_CODE_SHAPE } from "../../api/client-paths.ts";
import { startOfVietnamDay } from "../../api/period.ts";
import type { AccessInfo, SubmitResult } from "../../api/respondent.ts";
import { findOversized } from "../../forms/answer-size.ts";
import { judgeScores } from "../../forms/levels.ts";
import { scoreResponse } from "../../forms/score.ts";
import { findTooDeep } from "../../forms/shape.ts";
import type { Answers, Form, Locale } from "../../forms/types.ts";
import type { AppEnv } from "../app-env.ts";
import { generateCode, hashSecret } from "../campaigns/codes.ts";
import { clientIp, clientKey } from "../http/client-ip.ts";
import { HttpError } from "../http/http-error.ts";
import { pickLocale, respondentMessage } from "../http/locale.ts";
import { RateLimiter } from "../http/rate-limit.ts";
import { SubmissionRefused } from "../store/sqlite-submissions.ts";
import type { Access } from "../store/types.ts";
import { ValidationOverBudget } from "../validation/pool.ts";
import { openAccess } from "./access.ts";
import { BurstWatch } from "./burst.ts";
import { respondentError, tooMany } from "./errors.ts";
import type { AsyncValidator } from "./validator-cache.ts";

const secret = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, "8–100 letters, digits, - or _");

const submissionSchema = z.object({
  // Kept by reference: answers are checked against the form, not by zod (which would rebuild keys like __proto__).
  answers: z.custom<Answers>(
    (v) => typeof v === "object" && v !== null && !Array.isArray(v),
    "must be an object",
  ),
  clientId: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, "8–100 letters, digits, - or _"),
  locale: z.enum(["vi", "en"]).optional(),
  /** The key that revises a personal code's answer; the client may propose it on the first answer. */
  revisionKey: secret.optional(),
  /** The token a parent's phone keeps: one response per device per campaign. */
  deviceToken: secret.optional(),
});

export interface SubmitLimits {
  /** Requests per minute per IP address to respondent routes; 0 turns all respondent limits off. */
  perIpPerMinute: number;
  /** Submissions per minute on one personal (staff or unit) code; a parent link gets the IP figure. */
  perPersonalCodePerMinute: number;
  /**
   * Parent devices per 10 minutes from one address to one school's link before further new responses
   * are held "to review"; 0 holds none. 150 lets a school meeting on one Wi-Fi answer together.
   */
  parentBurstPer10Minutes?: number;
  /** A school's parent responses beyond expected × (1 + this) are held "to review". */
  expectedMargin?: number;
}

const DEFAULT_PARENT_BURST = 150;

// A school's parents may all sit behind one carrier NAT on an evening: the IP limit is generous.
export const DEFAULT_SUBMIT_LIMITS: SubmitLimits = {
  perIpPerMinute: 600,
  perPersonalCodePerMinute: 20,
  parentBurstPer10Minutes: DEFAULT_PARENT_BURST,
  expectedMargin: 0.2,
};

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
  // Like the other respondent limits, off with the IP limit unless set on its own.
  const bursts = new BurstWatch(
    limits.parentBurstPer10Minutes ?? (limits.perIpPerMinute > 0 ? DEFAULT_PARENT_BURST : 0),
    now,
  );

  app.use("*", async (c, next) => {
    const wait = perIp.hit(clientKey(c));
    if (wait > 0) throw tooMany(wait, pickLocale(c));
    await next();
  });
  // A path segment not of an access code's shape is answered 404 before it is looked up or counted by a
  // rate limiter, so garbage codes (up to ~16 KB each) take no memory.
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
    const earlier = await earlierAnswer(c.var, access, {
      revisionKey: c.req.header("x-revision-key"),
      deviceToken: c.req.header("x-device-token"),
      locale,
    });
    const { answered } = earlier;
    // Stored scores keep the numbers; the level's verdict (next level, blocking criteria) is judged again.
    const previous = earlier.previous && {
      ...earlier.previous,
      scores: earlier.previous.scores && judgeScores(access.form.json, earlier.previous.scores),
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
      ...(answered && { answered }),
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
    const revisionKey = parsed.data.revisionKey ?? c.req.header("x-revision-key");
    const deviceToken = parsed.data.deviceToken ?? c.req.header("x-device-token");
    locale = parsed.data.locale ?? locale;

    const code = c.req.param("code");
    const wait = perCode.hit(code);
    if (wait > 0) throw tooMany(wait, locale);
    const { store, clock } = c.var;
    // A replay is answered as the first time even if the code or campaign has closed since: it was accepted then.
    const replay = await store.responses.findReceipt(code, clientId);
    if (replay) return c.json(replay satisfies SubmitResult, 200);

    const access = await openAccess(c.var, code, locale);
    const personal = access.kind !== "parent";
    if (personal) {
      const personalWait = perPersonalCode.hit(code);
      if (personalWait > 0) throw tooMany(personalWait, locale);
    }
    // Refused before validation so the respondent learns at once; the write path checks again.
    const key = await checkRevisionKey(c.var, access, revisionKey, locale);
    const errors = await checkAnswers(access.form, answers, locale, validatorFor);
    if (errors.length > 0) {
      throw new HttpError(400, "invalid_answers", respondentMessage("invalid_answers", locale), { errors });
    }
    const scores = scoreResponse(access.form.json, answers);
    const deviceHash = deviceToken && !personal ? deviceHashOf(access, deviceToken) : undefined;
    const open = !personal && !access.singleUse;
    const expected = access.campaign.expected;
    try {
      const { created, ...receipt } = await store.responses.save({
        access,
        clientId,
        answers,
        scores,
        // A parent's answer is stored with its day only (Vietnam time): every time kept of it (the
        // response, its revisions, the used code, the receipt) is that day's start. Staff keep exact
        // times: their codes are named, and the code list says when each answered.
        now: personal ? clock.now() : startOfVietnamDay(clock.now()),
        ...(personal && { revisionKeyHash: hashSecret(key) }),
        ...(deviceHash && { deviceHash }),
        ...(open && {
          // The address is kept only as a hash, for one window (store/bursts.ts).
          burst: await bursts.hit(
            store.bursts,
            hashSecret(`${clientIp(c)}\u0000${access.campaign.id}\u0000${access.unit.id}`),
            deviceHash,
          ),
          ...(expected && { countedCap: Math.ceil(expected * (1 + (limits.expectedMargin ?? 0.2))) }),
        }),
      });
      // The revision key leaves the server once, with the first answer; only its hash is kept.
      const shown = created && personal && receipt.revision === 1 ? { revisionKey: key } : {};
      return c.json({ ...receipt, ...shown } satisfies SubmitResult, created ? 201 : 200);
    } catch (err) {
      if (err instanceof SubmissionRefused)
        throw respondentError(err.reason === "code_used" ? 409 : 403, err.reason, locale);
      throw err;
    }
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

/** A device token's hash, salted with the campaign so that one phone's answers to two campaigns do not match. */
function deviceHashOf(access: Access, token: string): string {
  return hashSecret(`${access.campaign.id}:${token}`);
}

/**
 * The revision key a personal code's submission goes with: the one sent, checked against the stored
 * hash if the code answered before (403 without it or when wrong), or for a first answer one made now
 * when the client proposed none. Parents need none ("").
 */
async function checkRevisionKey(
  vars: AppEnv["Variables"],
  access: Access,
  given: string | undefined,
  locale: Locale,
): Promise<string> {
  if (access.kind === "parent") return "";
  const state = await vars.store.responses.answeredState(access.code);
  if (!state) return given && secret.safeParse(given).success ? given : generateCode(12);
  if (!given) throw respondentError(403, "revision_key_required", locale);
  if (state.revisionKeyHash === null || hashSecret(given) !== state.revisionKeyHash)
    throw respondentError(403, "revision_key_wrong", locale);
  return given;
}

/**
 * What opening a code shows of an earlier answer: for a personal code, that it answered and when, and
 * the answer itself only with its revision key; for a parent, that this device (or, for a spent
 * single-use code, someone) answered, and when.
 */
async function earlierAnswer(
  vars: AppEnv["Variables"],
  access: Access,
  ask: { revisionKey?: string; deviceToken?: string; locale: Locale },
) {
  const store = vars.store;
  if (access.kind === "parent") {
    const at = ask.deviceToken
      ? await store.responses.deviceAnswered(access.campaign.id, deviceHashOf(access, ask.deviceToken))
      : undefined;
    if (at) return { answered: { at, byThisDevice: true } };
    if (access.usedAt) return { answered: { at: access.usedAt, byThisDevice: false } };
    return {};
  }
  const state = await store.responses.answeredState(access.code);
  if (!state) return {};
  const answered = { at: state.submittedAt, byThisDevice: false };
  if (!ask.revisionKey) return { answered };
  await checkRevisionKey(vars, access, ask.revisionKey, ask.locale);
  const criteria = (access.form.json.criteria ?? []).map((cr) => cr.id);
  return { answered, previous: await store.responses.findPersonal(access.code, criteria) };
}
