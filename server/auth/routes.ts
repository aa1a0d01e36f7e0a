import { Hono } from "hono";
import { z } from "zod";
import type { SessionInfo } from "../../api/manager.ts";
import { auditSignIn } from "../accounts/audit.ts";
import type { AppEnv } from "../app-env.ts";
import { clientKey } from "../http/client-ip.ts";
import { HttpError } from "../http/http-error.ts";
import { parseJson } from "../http/parse-json.ts";
import { RateLimiter } from "../http/rate-limit.ts";
import type { Session } from "../store/types.ts";
import { LoginGuard } from "./login-guard.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { endSession, requireSession, startSession } from "./session.ts";

const loginSchema = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });

// Compared against when the username is unknown, so that a miss takes as long as a wrong password.
const decoyHash = hashPassword("not a password of anyone");

export interface LoginLimits {
  /** Sign-in attempts per minute per IP address; 0 turns the limit off. */
  perIpPerMinute: number;
  /** Consecutive failures that lock a username at one client address, and for how long the first time (each lock after doubles it, up to a day). */
  failuresBeforeLock: number;
  lockMinutes: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perIpPerMinute: 20,
  failuresBeforeLock: 5,
  lockMinutes: 15,
};

export function sessionRoutes(limits: LoginLimits, now: () => number) {
  const app = new Hono<AppEnv>();
  const perIp = new RateLimiter(limits.perIpPerMinute, now);
  const guard = new LoginGuard(limits.failuresBeforeLock, limits.lockMinutes * 60_000, now);

  app.post("/", async (c) => {
    const client = clientKey(c);
    const wait = perIp.hit(client);
    if (wait > 0) throw tooMany(wait);
    const { username, password } = await parseJson(c, loginSchema);
    // Counted before the slow hash, synchronously: concurrent guesses see each other.
    const locked = guard.begin(username, client);
    if (locked > 0) throw tooMany(locked);
    let ok = false;
    let found: Awaited<ReturnType<typeof c.var.store.accounts.findForLogin>>;
    try {
      found = await c.var.store.accounts.findForLogin(username);
      ok = (await verifyPassword(password, found?.passwordHash ?? (await decoyHash))) && !!found;
    } finally {
      guard.finish(username, client, ok);
    }
    if (!found || !ok) {
      await auditSignIn(c, username, found?.account, false);
      throw new HttpError(401, "invalid_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.");
    }
    await auditSignIn(c, username, found.account, true);
    return c.json(describe(await startSession(c, found.account)), 201);
  });

  app.get("/", (c) => c.json(describe(requireSession(c))));

  app.delete("/", async (c) => {
    await endSession(c);
    return c.body(null, 204);
  });

  return app;
}

function describe(session: Session): SessionInfo {
  return { account: session.account, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}

function tooMany(seconds: number) {
  return new HttpError(429, "too_many_requests", `Quá nhiều lần thử. Vui lòng đợi ${seconds} giây.`, {
    details: { retryAfter: seconds },
  });
}
