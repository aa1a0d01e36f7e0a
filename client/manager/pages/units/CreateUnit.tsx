import { type FormEvent, useState } from "react";
import type { UnitRow } from "../../../../api/manager.ts";
import { api } from "../../api.ts";
import { Field, FormError, FormOk, inputProps } from "../../components/Form.tsx";
import { UnitOptions } from "../../components/UnitOptions.tsx";
import { useManager } from "../../context.ts";
import { unitKindLabel } from "../../i18n.ts";
import { useManageText } from "../../i18n-manage.ts";
import { useAction } from "../../use-action.ts";

const CODE = /^[A-Za-z0-9._-]{1,64}$/;

/** The form that adds one unit under a unit of the tree. */
export function CreateUnit({ units }: { units: UnitRow[] }) {
  const { t, locale, account, reloadUnits } = useManager();
  const tu = t.units;
  const [parent, setParent] = useState(units[0]?.code ?? "");
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [kind, setKind] = useState("school");
  const [errors, setErrors] = useState<{ code?: string; name?: string; kind?: string }>({});
  const action = useAction();
  const tm = useManageText();
  // The usual kinds, then any other kind the tree already uses; "other" lets an admin name a new one.
  const known = new Map(tm.unitKinds);
  const kinds: [string, string][] = [
    ...tm.unitKinds,
    ...[...new Set(units.map((u) => u.kind))]
      .filter((k) => !known.has(k))
      .map((k): [string, string] => [k, unitKindLabel(k, locale)]),
  ];
  const [other, setOther] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof errors = {};
    if (!code.trim()) errs.code = t.newCampaign.errRequired;
    else if (!CODE.test(code.trim())) errs.code = tu.errCode;
    if (!name.trim()) errs.name = t.newCampaign.errRequired;
    if (!kind.trim()) errs.kind = t.newCampaign.errRequired;
    setErrors(errs);
    const firstBad = Object.keys(errs)[0];
    if (firstBad) {
      document.getElementById(`cu-${firstBad}`)?.focus();
      return;
    }
    const r = await action.run(
      () =>
        api.createUnit({
          code: code.trim(),
          name: name.trim(),
          kind: kind.trim(),
          parentCode: parent || null,
        }),
      { done: tu.done, after: reloadUnits },
    );
    if (r.ok) {
      setCode("");
      setName("");
    }
  };

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="create-unit">
      <h2>{tu.createTitle}</h2>
      <Field id="cu-parent" label={tu.parent}>
        <select id="cu-parent" value={parent} onChange={(e) => setParent(e.target.value)}>
          {account.unitId === null && <option value="">{tu.noParent}</option>}
          <UnitOptions units={units} />
        </select>
      </Field>
      <Field id="cu-code" label={tu.code} error={errors.code}>
        <input
          {...inputProps("cu-code", errors.code)}
          className="mono"
          value={code}
          maxLength={64}
          autoCapitalize="characters"
          spellCheck={false}
          onChange={(e) => setCode(e.target.value)}
        />
      </Field>
      <Field id="cu-name" label={tu.name} error={errors.name}>
        <input
          {...inputProps("cu-name", errors.name)}
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <Field id="cu-kind" label={tu.kind} error={other ? undefined : errors.kind}>
        <select
          {...inputProps("cu-kind", other ? undefined : errors.kind)}
          value={other ? "" : kind}
          onChange={(e) => {
            setOther(e.target.value === "");
            setKind(e.target.value);
          }}
        >
          {kinds.map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
          <option value="">{tm.kindOther}</option>
        </select>
      </Field>
      {other && (
        <Field id="cu-kind-other" label={tm.kindOtherLabel} error={errors.kind}>
          <input
            {...inputProps("cu-kind-other", errors.kind)}
            value={kind}
            maxLength={40}
            onChange={(e) => setKind(e.target.value)}
          />
        </Field>
      )}
      <FormError message={action.error} />
      <FormOk message={action.done} />
      <button type="submit" className="button" disabled={action.busy}>
        {tu.create}
      </button>
    </form>
  );
}
