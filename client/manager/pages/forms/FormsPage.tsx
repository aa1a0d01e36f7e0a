import { useState } from "react";
import type { ManagedForm } from "../../../../api/forms.ts";
import { localize } from "../../../i18n.ts";
import { api } from "../../api.ts";
import { ListState, useTitle } from "../../components/Bits.tsx";
import { Field } from "../../components/Form.tsx";
import { UnitOptions } from "../../components/UnitOptions.tsx";
import { useManager } from "../../context.ts";
import { formatShort } from "../../i18n.ts";
import { navigate } from "../../router.tsx";
import { useLoad } from "../../useLoad.ts";
import { FormVersions } from "./FormVersions.tsx";
import { formStrings } from "./strings.ts";
import { UploadForm } from "./UploadForm.tsx";
import "./forms.css";

/**
 * The forms campaigns at a unit may use, each with its versions: who published them and when, the
 * campaigns answering them, what changed between two, and a phone-sized preview. Admins upload JSON.
 */
export function FormsPage({ unit: asked }: { unit: string }) {
  const { t, locale, account, units } = useManager();
  const ft = formStrings[locale];
  useTitle(ft.title);
  const unit = asked || account.unitCode || units?.[0]?.code || "";
  const list = useLoad(() => api.unitForms(unit), `unit-forms:${unit}`);
  const [open, setOpen] = useState<string | null>(null);
  const forms = list.data?.unit.code === unit ? list.data.forms : null;
  // The accounts's units are its subtree: an owner among them is one it administers.
  const administers = (f: ManagedForm) =>
    account.role === "admin" &&
    (account.unitId === null || (!!f.owner && !!units?.some((u) => u.code === f.owner?.code)));

  return (
    <section data-testid="forms-page">
      <h1>{ft.title}</h1>
      <p className="hint">{ft.intro}</p>
      <div className="card form">
        <Field id="fm-unit" label={ft.unit}>
          <select
            id="fm-unit"
            value={unit}
            onChange={(e) =>
              navigate(`/manage/forms?unit=${encodeURIComponent(e.target.value)}`, { replace: true })
            }
          >
            <UnitOptions units={units ?? []} />
          </select>
        </Field>
      </div>
      <ListState
        error={list.error}
        onRetry={() => void list.reload()}
        loaded={!!forms}
        count={forms?.length ?? 0}
        empty={ft.empty}
      />
      {forms && forms.length > 0 && (
        <table className="table forms-table" data-testid="forms-list">
          <thead>
            <tr>
              <th scope="col">{ft.form}</th>
              <th scope="col">{ft.owner}</th>
              <th scope="col">{ft.versions}</th>
              <th scope="col">{ft.publishedAt}</th>
            </tr>
          </thead>
          <tbody>
            {forms.map((f) => (
              <FormRow
                key={f.id}
                form={f}
                open={open === f.id}
                onToggle={() => setOpen(open === f.id ? null : f.id)}
                latest={formatShort(f.versions[0]?.publishedAt, locale)}
                title={localize(f.title, locale) || f.id}
                ownerName={f.owner ? f.owner.name : ft.catalogue}
                toggleLabel={open === f.id ? ft.hide : ft.show}
                kindLabel={f.audience ? t.kinds[f.audience] : ""}
              />
            ))}
          </tbody>
        </table>
      )}
      {account.role === "admin" && (
        <UploadForm
          unit={unit}
          known={(forms ?? []).filter(administers).map((f) => f.id)}
          onPublished={() => void list.reload()}
        />
      )}
    </section>
  );
}

interface RowProps {
  form: ManagedForm;
  open: boolean;
  onToggle: () => void;
  latest: string;
  title: string;
  ownerName: string;
  toggleLabel: string;
  kindLabel: string;
}

function FormRow({ form, open, onToggle, latest, title, ownerName, toggleLabel, kindLabel }: RowProps) {
  return (
    <>
      <tr data-form={form.id}>
        <td>
          <strong>{title}</strong>
          <br />
          <small className="muted mono">{form.id}</small>
          {kindLabel && <small className="muted"> · {kindLabel}</small>}
        </td>
        <td>{ownerName}</td>
        <td>
          <button type="button" className="link" aria-expanded={open} onClick={onToggle}>
            {form.versions.length} · {toggleLabel}
          </button>
        </td>
        <td>{latest}</td>
      </tr>
      {open && (
        <tr className="form-detail">
          <td colSpan={4}>
            <FormVersions form={form} />
          </td>
        </tr>
      )}
    </>
  );
}
