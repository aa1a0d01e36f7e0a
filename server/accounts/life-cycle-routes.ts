import type { Context, Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { authorize } from "../auth/authorize.ts";
import { hashPassword, verifyPassword } from "../auth/password.ts";
import { requireSession } from "../auth/session.ts";
import { HttpError } from "../http/http-error.ts";
import { parseJson } from "../http/parse-json.ts";
import type { AccountRow } from "../store/types.ts";
import { unitOr404 } from "../units/lookup.ts";
import { audit } from "./audit.ts";
import { resetPassword, setDisabled } from "./life-cycle.ts";

const ownPasswordSchema = z.object({
  current: z.string().min(1).max(200),
  password: z.string().min(10).max(200),
});
const changeSchema = z
  .object({
    role: z.enum(["viewer", "manager", "admin"]).optional(),
    unit: z.string().min(1).max(64).nullish(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => b.role !== undefined || b.unit !== undefined || b.disabled !== undefined, {
    message: "give role, unit or disabled",
  });

/**
 * An account's life cycle, on the accounts router: change one's own password; an admin over the
 * account's unit resets its password, changes or moves its role, disables or enables it; the account
 * or its admins list and end its sessions.
 */
export function addLifeCycleRoutes(app: Hono<AppEnv>) {
  app.post("/me/password", async (c) => {
    const body = await parseJson(c, ownPasswordSchema);
    const session = requireSession(c);
    const found = await c.var.store.accounts.find(session.account.username);
    if (!found || !(await verifyPassword(body.current, found.passwordHash)))
      throw new HttpError(403, "wrong_password", "Mật khẩu hiện tại không đúng.");
    await c.var.store.accounts.setPassword(found.account.id, await hashPassword(body.password));
    // Whoever else holds a session of this account (a stolen one) is signed out; this one stays.
    const ended = await c.var.store.accounts.endSessions(found.account.id, { keep: session.id });
    await audit(c, session.account, "account.password_change", session.account.unitId, { ended });
    return c.json({ ok: true, ended });
  });

  app.post("/:username/password", async (c) => {
    const { admin, target } = await adminOver(c);
    const password = await resetPassword(c.var.store, target.id);
    await audit(c, admin, "account.password_reset", target.unitId, { username: target.username });
    return c.json({ username: target.username, password });
  });

  app.patch("/:username", async (c) => {
    const body = await parseJson(c, changeSchema);
    const { admin, target } = await adminOver(c);
    // An admin cannot lock itself out (or drop the last admin role) by accident.
    if (target.id === admin.id)
      throw new HttpError(400, "own_account", "Another admin must change or disable your own account");
    const store = c.var.store;
    if (body.role !== undefined || body.unit !== undefined) {
      const unit =
        body.unit === undefined ? undefined : body.unit === null ? null : await unitOr404(c, body.unit);
      const unitId = unit === undefined ? target.unitId : (unit?.id ?? null);
      await authorize(c, unitId, "admin");
      const role = body.role ?? target.role;
      // Sessions read the account on every request, so the new role holds from the next one.
      await store.accounts.setRole(target.id, role, unitId);
      await audit(c, admin, "account.role", unitId, {
        username: target.username,
        from: { role: target.role, unit: target.unitCode },
        to: { role, unit: unit === undefined ? target.unitCode : (unit?.code ?? null) },
      });
    }
    if (body.disabled !== undefined && body.disabled !== (target.disabledAt !== null)) {
      await setDisabled(store, target.id, body.disabled, c.var.clock.now());
      await audit(c, admin, body.disabled ? "account.disable" : "account.enable", target.unitId, {
        username: target.username,
      });
    }
    return c.json({ account: (await store.accounts.find(target.username))?.account });
  });

  app.get("/:username/sessions", async (c) => {
    const { target, self } = await selfOrAdmin(c);
    const current = requireSession(c).id;
    const sessions = await c.var.store.accounts.listSessions(target.id, c.var.clock.now());
    return c.json({ sessions: sessions.map((s) => ({ ...s, current: self && s.id === current })) });
  });

  app.delete("/:username/sessions", async (c) => {
    const { target, self, account } = await selfOrAdmin(c);
    const keep = self ? requireSession(c).id : undefined;
    const ended = await c.var.store.accounts.endSessions(target.id, { keep });
    await audit(c, account, "account.sessions_end", target.unitId, { username: target.username, ended });
    return c.json({ ended });
  });

  app.delete("/:username/sessions/:session", async (c) => {
    const { target, account } = await selfOrAdmin(c);
    const ended = await c.var.store.accounts.endSessions(target.id, { only: c.req.param("session") });
    if (ended === 0) throw new HttpError(404, "session_not_found", "No such session");
    await audit(c, account, "account.sessions_end", target.unitId, { username: target.username, ended });
    return c.json({ ended });
  });
}

/**
 * The account named in the path, for an admin over its unit. Only an admin learns whether a username
 * exists (404); an admin elsewhere gets 403.
 */
async function adminOver(c: Context<AppEnv>) {
  const { account } = requireSession(c);
  await authorize(c, account.unitId, "admin");
  const target = await accountOr404(c);
  return { admin: await authorize(c, target.unitId, "admin"), target };
}

/** The account named in the path, for itself or an admin over it. */
async function selfOrAdmin(c: Context<AppEnv>) {
  const { account } = requireSession(c);
  if (c.req.param("username") === account.username) {
    const target = await accountOr404(c);
    return { target, self: true, account };
  }
  const { admin, target } = await adminOver(c);
  return { target, self: false, account: admin };
}

async function accountOr404(c: Context<AppEnv>): Promise<AccountRow> {
  const found = await c.var.store.accounts.find(c.req.param("username") ?? "");
  if (!found) throw new HttpError(404, "account_not_found", "No such account");
  return found.account;
}
