import { Hono } from "hono";
import type { FormSummary } from "../../api/manager.ts";
import { checkUpload } from "../../forms/upload.ts";
import { audit } from "../accounts/audit.ts";
import type { AppEnv } from "../app-env.ts";
import { authorize } from "../auth/authorize.ts";
import { HttpError } from "../http/http-error.ts";

/** The catalogue: which forms exist and their JSON (newest version, or ?version=); admins upload versions. */
export function formRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => {
    const forms = await c.var.store.forms.list();
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

  // Forms serve every tree, so only the system administrator (no unit) may add versions.
  app.put("/:formId", async (c) => {
    const account = await authorize(c, null, "admin");
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
    const added = await c.var.store.forms.addVersions([verdict.form], c.var.clock.now());
    if (added > 0)
      await audit(c, account, "form.add_version", null, {
        formId: verdict.form.id,
        version: verdict.form.version,
      });
    return c.json({ id: verdict.form.id, version: verdict.form.version }, added > 0 ? 201 : 200);
  });

  return app;
}
