import { Hono } from "hono";
import { compress } from "hono/compress";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { auditRoutes } from "./accounts/audit-routes.ts";
import { accountRoutes } from "./accounts/routes.ts";
import type { AppEnv } from "./app-env.ts";
import { DEFAULT_LOGIN_LIMITS, type LoginLimits, sessionRoutes } from "./auth/routes.ts";
import { checkCsrf, loadSession } from "./auth/session.ts";
import { heldRoutes } from "./campaigns/held-routes.ts";
import { campaignRoutes, codeRoutes } from "./campaigns/routes.ts";
import { formImportRoutes } from "./catalogue/import-routes.ts";
import { formRoutes } from "./catalogue/routes.ts";
import { unitFormRoutes } from "./catalogue/unit-forms-routes.ts";
import { type Clock, systemClock } from "./clock.ts";
import { DEFAULT_CLIENT_DIR } from "./config.ts";
import { exportRoutes } from "./exports/routes.ts";
import { limitBody } from "./http/body-limit.ts";
import type { ProxyTrust } from "./http/client-ip.ts";
import { HttpError } from "./http/http-error.ts";
import { pickLocale, respondentMessage } from "./http/locale.ts";
import { serveClient } from "./http/static-client.ts";
import { DEFAULT_SUBMIT_LIMITS, respondentRoutes, type SubmitLimits } from "./respondent/routes.ts";
import { formValidators } from "./respondent/validator-cache.ts";
import { Results } from "./results/results.ts";
import { resultRoutes } from "./results/routes.ts";
import type { Store } from "./store/store.ts";
import { unitRoutes } from "./units/routes.ts";
import { DEFAULT_POOL_LIMITS, type PoolLimits, ValidationPool } from "./validation/pool.ts";

export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_FORM_BYTES = 4 * 1024 * 1024;

export interface AppParts {
  store: Store;
  clock?: Clock;
  /** The built client (vite build); the app serves it when present. */
  clientDir?: string;
  /** Where unexpected errors are reported; defaults to stderr. */
  logError?: (message: string) => void;
  /** Base of the links given out in codes; defaults to the request's origin. */
  publicUrl?: string;
  /** Behind reverse proxies: which X-Forwarded-For entries to believe (true: one proxy), and X-Forwarded-Proto. */
  trustProxy?: boolean | ProxyTrust;
  loginLimits?: LoginLimits;
  /** Groups with fewer responses than this are withheld from results (default 5). */
  anonymityThreshold?: number;
  submitLimits?: SubmitLimits;
  /** Where one line per request goes (request id, method, path, status, ms); none when absent. */
  logRequest?: (line: string) => void;
  /** New campaigns per unit per hour (CAMPAIGNS_PER_UNIT_PER_HOUR); 0 turns the limit off. */
  campaignsPerUnitPerHour?: number;
  /** Where notices go (a form whose answers cannot be checked by compiled code); defaults to stdout. */
  logInfo?: (line: string) => void;
  /** Worker threads and time budget for answers survey-core itself must check. */
  validationLimits?: PoolLimits;
}

/** Manager routes use the session cookie, so they are the ones that need CSRF protection. */
export const MANAGER_PREFIXES = [
  "/api/forms",
  "/api/session",
  "/api/units",
  "/api/campaigns",
  "/api/codes",
  "/api/accounts",
  "/api/audit",
];

export function createApp({
  store,
  clock = systemClock,
  clientDir = DEFAULT_CLIENT_DIR,
  logError,
  publicUrl,
  trustProxy = false,
  loginLimits = DEFAULT_LOGIN_LIMITS,
  anonymityThreshold = 5,
  submitLimits = DEFAULT_SUBMIT_LIMITS,
  logRequest,
  logInfo = (line: string) => console.log(line),
  campaignsPerUnitPerHour,
  validationLimits = DEFAULT_POOL_LIMITS,
}: AppParts) {
  const results = new Results(store, anonymityThreshold, clock);
  const app = new Hono<AppEnv>();
  const log = logError ?? ((m: string) => console.error(m));
  const proxyTrust: ProxyTrust = trustProxy === true ? { hops: 1 } : trustProxy;

  app.use(requestId());
  if (logRequest) {
    app.use(async (c, next) => {
      const started = performance.now();
      await next();
      logRequest(
        `[${c.var.requestId}] ${c.req.method} ${c.req.path} ${c.res.status} ${Math.round(performance.now() - started)}ms`,
      );
    });
  }
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // survey-react-ui and React set style attributes; no inline scripts are allowed.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    }),
  );
  // Only GET responses are worth compressing (the client, forms, results, exports); everything else
  // answers a few hundred bytes of JSON, and compress() costs half the throughput even then (setting its
  // Vary header rebuilds the response as a stream): measured by bench/submission.ts.
  const compressBody = compress();
  app.use((c, next) => (c.req.method === "GET" ? compressBody(c, next) : next()));
  app.use(async (c, next) => {
    c.set("store", store);
    c.set("clock", clock);
    c.set("publicUrl", publicUrl);
    c.set("trustProxy", proxyTrust);
    c.set("results", results);
    await next();
  });
  const respondentLimit = limitBody(MAX_BODY_BYTES, (c) => {
    const err = new HttpError(413, "body_too_large", respondentMessage("body_too_large", pickLocale(c)));
    return c.json(err.toJSON(), 413);
  });
  // Real SurveyJS forms run to megabytes; only an admin's form upload may be that large.
  const formLimit = limitBody(MAX_FORM_BYTES, (c) =>
    c.json(
      new HttpError(413, "body_too_large", `A form may be at most ${MAX_FORM_BYTES >> 20} MB`).toJSON(),
      413,
    ),
  );
  app.use("/api/*", (c, next) =>
    (c.req.method === "PUT" && c.req.path.startsWith("/api/forms/")) ||
    (c.req.method === "POST" && c.req.path === "/api/forms/import")
      ? formLimit(c, next)
      : respondentLimit(c, next),
  );

  app.use("/api/*", loadSession);
  for (const prefix of MANAGER_PREFIXES) {
    app.use(prefix, checkCsrf);
    app.use(`${prefix}/*`, checkCsrf);
  }

  // Before formRoutes: "/template.xlsx" would otherwise be read as a form id.
  app.route("/api/forms", formImportRoutes());
  app.route("/api/forms", formRoutes());
  app.route(
    "/api/a",
    respondentRoutes(
      submitLimits,
      () => clock.now().getTime(),
      formValidators(logInfo, new ValidationPool(validationLimits)),
    ),
  );
  app.route(
    "/api/session",
    sessionRoutes(loginLimits, () => clock.now().getTime()),
  );
  app.route("/api/units", unitRoutes());
  app.route("/api/units", unitFormRoutes());
  app.route("/api/campaigns", campaignRoutes(campaignsPerUnitPerHour));
  app.route("/api/campaigns", heldRoutes());
  app.route("/api/campaigns", resultRoutes());
  app.route("/api/campaigns", exportRoutes());
  app.route("/api/codes", codeRoutes());
  app.route("/api/accounts", accountRoutes());
  app.route("/api/audit", auditRoutes());
  app.all("/api/*", (c) => c.json(new HttpError(404, "not_found", "No such API route").toJSON(), 404));

  serveClient(app, clientDir);

  app.onError((err, c) => {
    if (err instanceof HttpError) {
      const retryAfter = err.more.details?.retryAfter;
      if (typeof retryAfter === "number") c.header("Retry-After", String(retryAfter));
      return c.json(err.toJSON(), err.status);
    }
    log(`[${c.var.requestId}] ${c.req.method} ${c.req.path}: ${err.stack ?? err}`);
    return c.json(
      new HttpError(500, "internal", `Internal error; request id ${c.var.requestId}`).toJSON(),
      500,
    );
  });
  return app;
}
