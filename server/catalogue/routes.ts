import { Hono } from "hono";
import { z } from "zod";
import type { FormSummary } from "../../api/manager.ts";
import { checkUpload } from "../../forms/upload.ts";
import type { AppEnv } from "../app-env.ts";
import { authorize } from "../auth/authorize.ts";
import { HttpError } from "../http/http-error.ts";
import { unitOr404 } from "../units/lookup.ts";
import { authorizePublish, storePublished } from "./publish.ts";

const listQuery = z.object({ unit: z.string().min(1).max(64).optional() });
const putQuery = z.object({ unit: z.string().min(1).max(64).optional() });

/**
 * The forms: which exist and their JSON (newest version, or ?version=); admins publish versions.
 * The list is the catalogue for anyone; a signed-in account also gets its units' own forms, and
 * `?unit=CODE` (viewer there) gives exactly the forms a campaign at that unit may use.
 */
export function formRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => {
    const query = parseQuery(listQuery, c.req.query());
    const store = c.var.store;
    let scope: number[] | "all" = [];
    if (query.unit) {
      const unit = await unitOr404(c, query.unit);
      await authorize(c, unit.id, "viewer");
      scope = await store.units.ancestorIds(unit.id);
    } else if (c.var.session) {
      const { unitId } = c.var.session.account;
      scope =
        unitId === null
          ? "all"
          : [...(await store.units.ancestorIds(unitId)), ...(await store.units.subtreeIds(unitId))];
    }
    const forms = await store.forms.list(scope);
    return c.json(
      forms.map(
        (f): FormSummary => ({
          id: f.id,
          version: f.version,
          title: f.json.title ?? f.id,
          audience: f.json.audience ?? null,
          criteria: f.json.criteria ?? [],
        }),
      ),
    );
  });

  app.get("/:formId", async (c) => {
    const version = c.req.query("version");
    const form = await c.var.store.forms.get(c.req.param("formId"), version);
    if (!form)
      throw new HttpError(
        404,
        "form_not_found",
        `No form ${c.req.param("formId")}${version ? ` at version ${version}` : ""}`,
      );
    c.header("X-Form-Version", form.version);
    c.header("ETag", `"${form.version}"`);
    return c.json(form.json);
  });

  // A unit's admins publish forms for their subtree; the catalogue's only the system administrator (publish.ts).
  app.put("/:formId", async (c) => {
    const query = parseQuery(putQuery, c.req.query());
    const target = await authorizePublish(c, c.req.param("formId"), query.unit);
    if (!/^application\/json\b/i.test(c.req.header("content-type") ?? ""))
      throw new HttpError(415, "unsupported_media_type", "Send the form as application/json");
    let json: unknown;
    try {
      json = JSON.parse(await c.req.text());
    } catch (err) {
      throw new HttpError(400, "invalid_json", `The form is not valid JSON: ${(err as Error).message}`);
    }
    const verdict = checkUpload(c.req.param("formId"), json);
    if (!verdict.ok)
      throw new HttpError(
        422,
        "invalid_form",
        `The form was refused: ${verdict.problems.length} problem(s)`,
        {
          details: { problems: verdict.problems },
        },
      );
    const { created, ...published } = await storePublished(c, target, verdict.form);
    return c.json(published, created ? 201 : 200);
  });

  return app;
}

function parseQuery<T extends z.ZodType>(schema: T, raw: Record<string, string>): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new HttpError(
      400,
      "invalid_query",
      parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    );
  return parsed.data;
}
