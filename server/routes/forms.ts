import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { HttpError } from "../http-error.ts";

/** Public catalogue: which forms exist and their JSON (newest version, or ?version=). */
export function formRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => {
    const forms = await c.var.store.forms.list();
    return c.json(
      forms.map((f) => ({
        id: f.id,
        version: f.version,
        title: f.json.title ?? f.id,
        audience: f.json.audience ?? null,
        criteria: f.json.criteria ?? [],
      })),
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

  return app;
}
