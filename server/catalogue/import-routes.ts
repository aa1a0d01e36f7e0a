import { Hono } from "hono";
import type { FormImportPreview } from "../../api/form-import.ts";
import { blankTemplate, formToSheet, type TemplateRows } from "../../forms/form-to-sheet.ts";
import { importSheets } from "../../forms/sheet-import.ts";
import { formVersion } from "../../forms/version.ts";
import type { AppEnv } from "../app-env.ts";
import { authorize } from "../auth/authorize.ts";
import { requireSession } from "../auth/session.ts";
import { HttpError } from "../http/http-error.ts";
import { readTemplate, templateCsv, templateXlsx } from "./template-file.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * Criteria spreadsheets: the empty template, any form exported into it, and the import that turns a
 * filled one into a form preview with its problems. Publishing is the ordinary `PUT /api/forms/:formId`
 * with the previewed JSON, so its rules (who may publish) stay in one place.
 */
export function formImportRoutes() {
  const app = new Hono<AppEnv>();

  const send = async (rows: TemplateRows, name: string, format: string) => {
    const csv = format === "csv";
    const body = csv ? templateCsv(rows) : new Uint8Array(await templateXlsx(rows));
    return new Response(body, {
      headers: {
        "content-type": csv ? "text/csv; charset=utf-8" : XLSX,
        "content-disposition": `attachment; filename="${name}.${csv ? "csv" : "xlsx"}"`,
        "cache-control": "no-store",
      },
    });
  };

  for (const format of ["xlsx", "csv"]) {
    app.get(`/template.${format}`, () => send(blankTemplate(), "mau-tieu-chi", format));
    app.get(`/:formId/template.${format}`, async (c) => {
      const version = c.req.query("version");
      const form = await c.var.store.forms.get(c.req.param("formId"), version);
      if (!form) throw new HttpError(404, "form_not_found", `No form ${c.req.param("formId")}`);
      return send(formToSheet(form.id, form.json), form.id, format);
    });
  }

  app.post("/import", async (c) => {
    // Converting costs a spreadsheet parse; only admins, who may publish what it gives, ask for it.
    await authorize(c, requireSession(c).account.unitId, "admin");
    if (!/^multipart\/form-data\b/i.test(c.req.header("content-type") ?? ""))
      throw new HttpError(415, "unsupported_media_type", "Gửi tệp dạng multipart/form-data, trường “file”");
    let file: unknown;
    try {
      file = (await c.req.parseBody()).file;
    } catch {
      throw new HttpError(400, "invalid_body", "Không đọc được dữ liệu tải lên");
    }
    if (!(file instanceof File)) throw new HttpError(400, "file_missing", "Thiếu tệp (trường “file”)");
    const read = await readTemplate(new Uint8Array(await file.arrayBuffer()));
    const result = importSheets(read.sheets);
    const current = result.formId ? await c.var.store.forms.get(result.formId) : undefined;
    const body: FormImportPreview = {
      formId: result.formId,
      form: result.form,
      problems: [...read.problems, ...result.problems],
      version: formVersion(result.form),
      currentVersion: current?.version ?? null,
    };
    return c.json(body);
  });

  return app;
}
