import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import type { AuditPage } from "../../api/manager.ts";
import type { AppEnv } from "../app-env.ts";
import { authorize, visibleUnitIds } from "../auth/authorize.ts";
import { requireSession } from "../auth/session.ts";
import { HttpError } from "../http/http-error.ts";
import { unitOr404 } from "../units/lookup.ts";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");
const querySchema = z.object({
  who: z.string().trim().min(1).max(100).optional(),
  action: z
    .string()
    .regex(/^[a-z_]+\.([a-z_]+)?$/, "an action (campaign.create) or a family (campaign.)")
    .optional(),
  unit: z.string().min(1).max(64).optional(),
  from: day.optional(),
  to: day.optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Days are Vietnam's: "to" includes the whole day. */
const VN_OFFSET = "+07:00";

/** The audit log for admins: filtered by who, what, unit and day, a page at a time, newest first. */
export function auditRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/", async (c) => {
    const q = parseQuery(c);
    const { account } = requireSession(c);
    await authorize(c, account.unitId, "admin");
    const scope = await visibleUnitIds(c, account);
    // A unit outside the admin's tree is refused, not silently emptied.
    const unit = q.unit ? await unitOr404(c, q.unit) : undefined;
    if (unit) await authorize(c, unit.id, "admin");
    const from = q.from ? new Date(`${q.from}T00:00:00${VN_OFFSET}`) : undefined;
    const to = q.to ? new Date(+new Date(`${q.to}T00:00:00${VN_OFFSET}`) + 86_400_000) : undefined;
    const store = c.var.store;
    // One more than a page says whether there is a next one.
    const rows = await store.audit.list(
      scope,
      {
        username: q.who,
        action: q.action,
        unitIds: unit ? await store.units.subtreeIds(unit.id) : undefined,
        from,
        to,
        before: q.before,
      },
      q.limit + 1,
    );
    const entries = rows.slice(0, q.limit);
    const body: AuditPage = {
      entries,
      next: rows.length > q.limit ? (entries.at(-1)?.id ?? null) : null,
      usernames: await store.audit.usernames(scope),
    };
    return c.json(body);
  });
  return app;
}

function parseQuery(c: Context<AppEnv>): z.infer<typeof querySchema> {
  const parsed = querySchema.safeParse(c.req.query());
  if (!parsed.success)
    throw new HttpError(
      400,
      "invalid_query",
      parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    );
  return parsed.data;
}
