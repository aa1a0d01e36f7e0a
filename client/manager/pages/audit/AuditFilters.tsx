import { type FormEvent, useState } from "react";
import type { UnitRow } from "../../../../api/manager.ts";
import { Field } from "../../components/Form.tsx";
import { UnitOptions } from "../../components/UnitOptions.tsx";
import { useManager } from "../../context.ts";
import { useManageText } from "../../i18n-manage.ts";

export interface AuditFilter {
  who: string;
  action: string;
  unit: string;
  from: string;
  to: string;
}
export const NO_FILTER: AuditFilter = { who: "", action: "", unit: "", from: "", to: "" };

/** Who, what, unit and days: the audit log's filters, applied by the server. */
export function AuditFilters({
  usernames,
  units,
  onApply,
}: {
  usernames: string[];
  units: UnitRow[];
  onApply: (f: AuditFilter) => void;
}) {
  const { t } = useManager();
  const ta = useManageText().audit;
  const [f, setF] = useState<AuditFilter>(NO_FILTER);
  const actions: Record<string, string> = { ...t.audit.actions, ...ta.actions };
  const set = (key: keyof AuditFilter) => (e: { target: { value: string } }) =>
    setF({ ...f, [key]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(f);
  };
  return (
    <form className="card form filters" onSubmit={submit} data-testid="audit-filters" aria-label={ta.filters}>
      <Field id="af-who" label={ta.who}>
        <select id="af-who" value={f.who} onChange={set("who")}>
          <option value="">{ta.any}</option>
          {usernames.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
      </Field>
      <Field id="af-action" label={ta.what}>
        <select id="af-action" value={f.action} onChange={set("action")}>
          <option value="">{ta.any}</option>
          {Object.entries(ta.families).map(([family, label]) => (
            <optgroup key={family} label={label}>
              <option value={family}>{ta.family(label)}</option>
              {Object.entries(actions)
                .filter(([a]) => a.startsWith(family))
                .map(([a, name]) => (
                  <option key={a} value={a}>
                    {name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </Field>
      <Field id="af-unit" label={ta.unit}>
        <select id="af-unit" value={f.unit} onChange={set("unit")}>
          <option value="">{ta.any}</option>
          <UnitOptions units={units} />
        </select>
      </Field>
      <Field id="af-from" label={ta.from}>
        <input id="af-from" type="date" value={f.from} onChange={set("from")} />
      </Field>
      <Field id="af-to" label={ta.to}>
        <input id="af-to" type="date" value={f.to} onChange={set("to")} />
      </Field>
      <div className="actions">
        <button type="submit" className="button">
          {ta.apply}
        </button>
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            setF(NO_FILTER);
            onApply(NO_FILTER);
          }}
        >
          {ta.clear}
        </button>
      </div>
    </form>
  );
}
