import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { authorize, visibleUnitIds } from "../auth/authorize.ts";
import { requireSession } from "../auth/session.ts";
import { HttpError } from "../http/http-error.ts";
import { parseJson } from "../http/parse-json.ts";
import { unitOr404 } from "../units/lookup.ts";
import { audit } from "./audit.ts";
import { createAccount } from "./create-account.ts";
import { addLifeCycleRoutes } from "./life-cycle-routes.ts";

const createSchema = z.object({
  username: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, "3–64 lowercase letters, digits, . _ -"),
  role: z.enum(["viewer", "manager", "admin"]),
  unit: z.string().min(1).max(64).nullish(),
  password: z.string().min(10).max(200).optional(),
});

/** Manager accounts (admins only). */
export function accountRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => c.json({ accounts: await c.var.store.accounts.list(await adminScope(c)) }));

  app.post("/", async (c) => {
    const body = await parseJson(c, createSchema);
    const unit = body.unit ? await unitOr404(c, body.unit) : null;
    const admin = await authorize(c, unit?.id ?? null, "admin");
    if (await c.var.store.accounts.findForLogin(body.username))
      throw new HttpError(409, "username_taken", `The username ${body.username} is taken`);
    const created = await createAccount(
      c.var.store,
      { ...body, unitCode: unit?.code ?? null },
      c.var.clock.now(),
    );
    await audit(c, admin, "account.create", unit?.id ?? null, { username: body.username, role: body.role });
    return c.json(created, 201);
  });

  addLifeCycleRoutes(app);
  return app;
}

/** What an admin's lists cover: the units of its subtree (or all); 403 for anyone but an admin. */
async function adminScope(c: Context<AppEnv>): Promise<number[] | "all"> {
  const { account } = requireSession(c);
  await authorize(c, account.unitId, "admin");
  return visibleUnitIds(c, account);
}
