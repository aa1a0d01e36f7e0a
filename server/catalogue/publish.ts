import type { Context } from "hono";
import type { PublishedForm } from "../../api/forms.ts";
import type { Form } from "../../forms/types.ts";
import { audit } from "../accounts/audit.ts";
import type { AppEnv } from "../app-env.ts";
import { authorize } from "../auth/authorize.ts";
import { requireSession } from "../auth/session.ts";
import { HttpError } from "../http/http-error.ts";
import { StoreError } from "../store/store-error.ts";
import type { Account } from "../store/types.ts";
import { unitOr404 } from "../units/lookup.ts";

/** Who publishes a form id, and for which unit (null: the catalogue). */
export interface PublishTarget {
  account: Account;
  formId: string;
  unitId: number | null;
  unitCode: string | null;
}

/**
 * Publishes a checked form version as the signed-in account: what `PUT /api/forms/:formId` and the
 * spreadsheet import's Publish both call, so one rule decides who may publish what (see
 * authorizePublish). Returns `created: false` when that exact content was stored already.
 */
export async function publishForm(
  c: Context<AppEnv>,
  form: Form,
  unitCode?: string,
): Promise<PublishedForm & { created: boolean }> {
  return storePublished(c, await authorizePublish(c, form.id, unitCode), form);
}

/**
 * Who may publish `formId`:
 * - a form id belongs to the unit of its first version (the catalogue: no unit). A new version needs
 *   the admin role at that unit or above, so a school cannot revise a province's form (403
 *   `form_owned_elsewhere`), only publish its own under a new id;
 * - a new form id belongs to `unitCode` when given, else to the caller's own unit (the system
 *   administrator's: the catalogue), and needs the admin role there.
 */
export async function authorizePublish(
  c: Context<AppEnv>,
  formId: string,
  unitCode?: string,
): Promise<PublishTarget> {
  const { account: caller } = requireSession(c);
  const asked = unitCode ? await unitOr404(c, unitCode) : undefined;
  const owner = await c.var.store.forms.ownerOf(formId);
  if (owner && asked && owner.unitId !== asked.id)
    throw new HttpError(
      409,
      "form_id_taken",
      `Form id ${formId} belongs to another unit; choose a new id for this unit's own form`,
    );
  const unitId = owner ? owner.unitId : (asked?.id ?? caller.unitId);
  const account = await authorize(c, unitId, "admin").catch((err: unknown) => {
    if (owner && err instanceof HttpError && err.status === 403)
      throw new HttpError(
        403,
        "form_owned_elsewhere",
        `Form ${formId} belongs to a unit you do not administer: publish your own form under a new id`,
      );
    throw err;
  });
  const unit = asked ?? (unitId === null ? undefined : await c.var.store.units.getById(unitId));
  return { account, formId, unitId, unitCode: unit?.code ?? null };
}

/** Stores a version for a target authorizePublish gave, and records it in the audit log. */
export async function storePublished(
  c: Context<AppEnv>,
  target: PublishTarget,
  form: Form,
): Promise<PublishedForm & { created: boolean }> {
  if (form.id !== target.formId) throw new Error(`publishing ${form.id} under ${target.formId}`);
  let created: boolean;
  try {
    created = await c.var.store.forms.publishVersion(
      form,
      { unitId: target.unitId, accountId: target.account.id },
      c.var.clock.now(),
    );
  } catch (err) {
    // Another unit published the same new id between authorizePublish() and the insert.
    if (err instanceof StoreError && err.code === "conflict")
      throw new HttpError(409, "form_id_taken", `Form id ${form.id} belongs to another unit`);
    throw err;
  }
  if (created)
    await audit(c, target.account, "form.add_version", target.unitId, {
      formId: form.id,
      version: form.version,
    });
  return { id: form.id, version: form.version, unit: target.unitCode, created };
}
