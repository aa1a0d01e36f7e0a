import { createHash, randomBytes } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../app-env.ts";
import { HttpError } from "../http/http-error.ts";
import { sessionId } from "../store/accounts.ts";
import type { Account, Session } from "../store/types.ts";

export const SESSION_COOKIE = "tieuchi_session";
export const CSRF_HEADER = "x-csrf-token";
const SESSION_HOURS = 12;
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");

/** Reads the session cookie into `c.var.session` (null when absent, unknown or expired). */
export const loadSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  c.set(
    "session",
    token ? ((await c.var.store.accounts.findSession(hashToken(token), c.var.clock.now())) ?? null) : null,
  );
  await next();
};

/**
 * Cookie sessions are open to cross-site requests, so every state-changing manager request must come
 * from our own origin and carry the session's CSRF token in a header, which another site cannot read.
 */
export const checkCsrf: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (UNSAFE.has(c.req.method)) {
    const origin = c.req.header("origin");
    if (origin && !sameOrigin(origin, c.req.url, c.req.header("host")))
      throw new HttpError(403, "cross_origin", "Cross-origin requests are not accepted");
    const session = c.var.session;
    if (session && c.req.header(CSRF_HEADER) !== session.csrfToken)
      throw new HttpError(403, "csrf", `Missing or wrong ${CSRF_HEADER} header`);
  }
  await next();
};

/** An Origin header that names this server; `null` (a sandboxed or privacy-redirected page) or garbage does not. */
function sameOrigin(origin: string, url: string, host: string | undefined): boolean {
  if (origin === new URL(url).origin) return true;
  return URL.canParse(origin) && new URL(origin).host === host;
}

/** Starts a session: a random token in an HTTP-only cookie, only its hash in the database. */
export async function startSession(c: Context<AppEnv>, account: Account): Promise<Session> {
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const now = c.var.clock.now();
  const expiresAt = new Date(+now + SESSION_HOURS * 3600_000);
  await c.var.store.accounts.purgeExpiredSessions(now);
  await c.var.store.accounts.createSession(
    { tokenHash: hashToken(token), accountId: account.id, csrfToken, expiresAt },
    now,
  );
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: isHttps(c),
    path: "/",
    maxAge: SESSION_HOURS * 3600,
  });
  return { id: sessionId(hashToken(token)), account, csrfToken, expiresAt: expiresAt.toISOString() };
}

export async function endSession(c: Context<AppEnv>): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) await c.var.store.accounts.deleteSession(hashToken(token));
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isHttps(c) });
}

export function requireSession(c: Context<AppEnv>): Session {
  const session = c.var.session;
  if (!session) throw new HttpError(401, "unauthenticated", "Sign in first");
  return session;
}

/** Behind a TLS-terminating proxy (TRUST_PROXY), the proxy says whether the client used HTTPS. */
function isHttps(c: Context<AppEnv>): boolean {
  if (c.var.trustProxy) return c.req.header("x-forwarded-proto") === "https";
  return new URL(c.req.url).protocol === "https:";
}
