import { type FormEvent, useState } from "react";
import type { UnitRow } from "../../../../api/manager.ts";
import { api } from "../../api.ts";
import { Field, FormError, FormOk, inputProps } from "../../components/Form.tsx";
import { UnitOptions } from "../../components/UnitOptions.tsx";
import { useManager } from "../../context.ts";
import { unitKindLabel } from "../../i18n.ts";
import { useAction } from "../../use-action.ts";

const CODE = /^[A-Za-z0-9._-]{1,64}$/;
const KINDS = ["province", "commune", "school", "union"];

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
  const kinds = [...new Set([...KINDS, ...units.map((u) => u.kind)])];

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
      <Field id="cu-kind" label={tu.kind} error={errors.kind}>
        <input
          {...inputProps("cu-kind", errors.kind)}
          list="cu-kinds"
          value={kind}
          maxLength={40}
          onChange={(e) => setKind(e.target.value)}
        />
        <datalist id="cu-kinds">
          {kinds.map((k) => (
            <option key={k} value={k}>
              {unitKindLabel(k, locale)}
            </option>
          ))}
        </datalist>
      </Field>
      <FormError message={action.error} />
      <FormOk message={action.done} />
      <button type="submit" className="button" disabled={action.busy}>
        {tu.create}
      </button>
    </form>
  );
}
