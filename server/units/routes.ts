import { Hono } from "hono";
import { z } from "zod";
import type { UnitRow } from "../../api/manager.ts";
import { audit } from "../accounts/audit.ts";
import type { AppEnv } from "../app-env.ts";
import { authorize } from "../auth/authorize.ts";
import { requireSession } from "../auth/session.ts";
import { HttpError } from "../http/http-error.ts";
import { parseJson } from "../http/parse-json.ts";
import { unitOr404 } from "./lookup.ts";
import { planUnitImport, UNIT_CODE_PATTERN } from "./unit-import.ts";

const code = z.string().regex(UNIT_CODE_PATTERN, "letters, digits, . _ -");
const name = z.string().trim().min(1).max(200);
const createSchema = z.object({
  code,
  name,
  kind: z.string().trim().min(1).max(40),
  parentCode: code.nullish(),
});
const updateSchema = z.object({ name: name.optional(), parentCode: code.optional() });
const mergeSchema = z.object({ into: code });

/** The unit tree: list (what the account sees), create, rename, move, merge, import CSV. */
export function unitRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => {
    const { account } = requireSession(c);
    const units = await c.var.store.units.listTree(account.unitId === null ? "all" : [account.unitId]);
    return c.json({ units: units.map(({ id: _id, parentId: _p, ...u }): UnitRow => u) });
  });

  app.post("/", async (c) => {
    const body = await parseJson(c, createSchema);
    const parent = body.parentCode ? await unitOr404(c, body.parentCode) : null;
    const account = await authorize(c, parent?.id ?? null, "admin");
    if (await c.var.store.units.get(body.code))
      throw new HttpError(409, "unit_exists", `Unit ${body.code} exists`);
    const unit = await c.var.store.units.create(body, c.var.clock.now());
    await audit(c, account, "unit.create", unit.id, {
      code: unit.code,
      name: unit.name,
      parent: body.parentCode,
    });
    return c.json(
      { unit: { code: unit.code, name: unit.name, kind: unit.kind, parentCode: body.parentCode ?? null } },
      201,
    );
  });

  app.patch("/:code", async (c) => {
    const body = await parseJson(c, updateSchema);
    const unit = await unitOr404(c, c.req.param("code"));
    const account = await authorize(c, unit.id, "admin");
    if (body.parentCode) {
      const parent = await unitOr404(c, body.parentCode);
      await authorize(c, parent.id, "admin");
      if ((await c.var.store.units.subtreeIds(unit.id)).includes(parent.id))
        throw new HttpError(400, "cycle", `${body.parentCode} lies inside ${unit.code}`);
      await c.var.store.units.move(unit.code, parent.code);
      await audit(c, account, "unit.move", unit.id, { code: unit.code, to: parent.code });
    }
    if (body.name) {
      await c.var.store.units.rename(unit.code, body.name);
      await audit(c, account, "unit.rename", unit.id, { code: unit.code, from: unit.name, to: body.name });
    }
    return c.json({ ok: true });
  });

  app.post("/:code/merge", async (c) => {
    const { into } = await parseJson(c, mergeSchema);
    const unit = await unitOr404(c, c.req.param("code"));
    const target = await unitOr404(c, into);
    const account = await authorize(c, unit.id, "admin");
    await authorize(c, target.id, "admin");
    if ((await c.var.store.units.subtreeIds(unit.id)).includes(target.id))
      throw new HttpError(400, "cycle", `${into} lies inside ${unit.code}`);
    await c.var.store.units.merge(unit.code, target.code);
    await audit(c, account, "unit.merge", target.id, { code: unit.code, into: target.code });
    return c.json({ ok: true });
  });

  app.post("/import", async (c) => {
    // Only an admin may learn anything from the file's problems (which codes exist, which parents).
    const account = await authorize(c, requireSession(c).account.unitId, "admin");
    if (!/^text\/(csv|plain)\b/i.test(c.req.header("content-type") ?? ""))
      throw new HttpError(415, "unsupported_media_type", "Send the CSV as text/csv (UTF-8)");
    const store = c.var.store;
    const plan = planUnitImport(await c.req.text(), await store.units.listCodes());
    if (plan.problems.length > 0)
      throw new HttpError(400, "invalid_csv", `${plan.problems.length} problem(s); nothing was imported`, {
        details: { problems: plan.problems },
      });
    if (plan.units.length === 0) return c.json({ created: 0 });
    const newCodes = new Set(plan.units.map((u) => u.code));
    for (const parentCode of new Set(plan.units.map((u) => u.parentCode ?? null))) {
      if (parentCode !== null && newCodes.has(parentCode)) continue;
      const parent = parentCode ? await store.units.get(parentCode) : undefined;
      await authorize(c, parent?.id ?? null, "admin");
    }
    await store.units.createAll(plan.units, c.var.clock.now());
    const scope = account.unitId;
    await audit(c, account, "unit.import", scope, {
      count: plan.units.length,
      codes: plan.units.map((u) => u.code),
    });
    return c.json({ created: plan.units.length }, 201);
  });

  return app;
}
