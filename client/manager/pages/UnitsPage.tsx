import { type ChangeEvent, type FormEvent, Fragment, useEffect, useRef, useState } from "react";
import { api, type Result } from "../api.ts";
import { LoadError, Loading, useTitle } from "../components/Bits.tsx";
import { describedBy, Field, FormError, FormOk } from "../components/Form.tsx";
import { useManager } from "../context.ts";
import { errorText, unitKindLabel } from "../i18n.ts";
import type { ImportProblem, UnitRow } from "../types.ts";
import { indented, subtree } from "../util.ts";

const CODE = /^[A-Za-z0-9._-]{1,64}$/;
const KINDS = ["province", "commune", "school", "union"];

export function UnitsPage() {
  const { t, locale, account, units, unitsError, reloadUnits } = useManager();
  const tu = t.units;
  useTitle(tu.title);
  const admin = account.role === "admin";
  const [editing, setEditing] = useState<string | null>(null);
  const base = units?.[0]?.depth ?? 0;

  return (
    <section>
      <h1>{tu.title}</h1>
      {!admin && <p className="muted">{tu.readOnly}</p>}
      {unitsError && <LoadError message={unitsError} onRetry={() => void reloadUnits()} />}
      {!units && !unitsError && <Loading />}
      {units && units.length === 0 && <p className="card muted">{tu.empty}</p>}
      {units && units.length > 0 && (
        <div className="table-wrap">
          <table className="table tree" data-testid="units">
            <thead>
              <tr>
                <th scope="col">{tu.name}</th>
                <th scope="col">{tu.code}</th>
                <th scope="col">{tu.kind}</th>
                {admin && (
                  <th scope="col">
                    <span className="sr-only">{tu.actions}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {units.map((u) => (
                <Fragment key={u.code}>
                  <tr data-code={u.code} className={editing === u.code ? "selected" : undefined}>
                    <td>
                      <span className="tree-name" style={{ paddingLeft: `${(u.depth - base) * 1.5}rem` }}>
                        {u.depth > base && (
                          <span className="tree-mark" aria-hidden="true">
                            └
                          </span>
                        )}
                        {u.name}
                      </span>
                    </td>
                    <td className="mono">{u.code}</td>
                    <td>{unitKindLabel(u.kind, locale)}</td>
                    {admin && (
                      <td className="right">
                        <button
                          type="button"
                          className="button secondary small"
                          aria-expanded={editing === u.code}
                          aria-label={`${tu.edit} ${u.name}`}
                          onClick={() => setEditing(editing === u.code ? null : u.code)}
                        >
                          {editing === u.code ? tu.close : tu.edit}
                        </button>
                      </td>
                    )}
                  </tr>
                  {admin && editing === u.code && (
                    <tr className="edit-row">
                      <td colSpan={4}>
                        <UnitEditor unit={u} units={units} onDone={reloadUnits} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {admin && units && (
        <div className="two-col">
          <CreateUnit units={units} />
          <ImportUnits />
        </div>
      )}
    </section>
  );
}

/** Runs one change and keeps its own error and success note. */
function useAction() {
  const { locale, t } = useManager();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async <T,>(call: () => Promise<Result<T>>, after?: (data: T) => Promise<void> | void) => {
    setBusy(true);
    setError(null);
    setDone(null);
    const r = await call();
    setBusy(false);
    if (!r.ok) {
      setError(errorText(r.error, r.status, locale));
      return r;
    }
    setDone(t.units.done);
    await after?.(r.data);
    return r;
  };
  return { error, done, busy, run, setError, setDone };
}

function UnitEditor({
  unit,
  units,
  onDone,
}: {
  unit: UnitRow;
  units: UnitRow[];
  onDone: () => Promise<void>;
}) {
  const { t } = useManager();
  const tu = t.units;
  const inside = new Set(subtree(units, unit.code).map((u) => u.code));
  const outside = units.filter((u) => !inside.has(u.code));
  const base = units[0]?.depth ?? 0;
  const [name, setName] = useState(unit.name);
  const [parent, setParent] = useState("");
  const [into, setInto] = useState("");
  const rename = useAction();
  const move = useAction();
  const merge = useAction();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  return (
    <div className="editor">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return rename.setError(t.newCampaign.errRequired);
          void rename.run(() => api.updateUnit(unit.code, { name: name.trim() }), onDone);
        }}
        noValidate
      >
        <Field id={`rename-${unit.code}`} label={tu.renameLabel}>
          <input
            ref={first}
            id={`rename-${unit.code}`}
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <button type="submit" className="button small" disabled={rename.busy}>
          {tu.rename}
        </button>
        <FormError message={rename.error} />
        <FormOk message={rename.done} />
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!parent) return move.setError(t.newCampaign.errRequired);
          void move.run(() => api.updateUnit(unit.code, { parentCode: parent }), onDone);
        }}
        noValidate
      >
        <Field id={`move-${unit.code}`} label={tu.moveLabel}>
          <select id={`move-${unit.code}`} value={parent} onChange={(e) => setParent(e.target.value)}>
            <option value="">{tu.choose}</option>
            {outside
              .filter((u) => u.code !== unit.parentCode)
              .map((u) => (
                <option key={u.code} value={u.code}>
                  {indented(u, base)}
                </option>
              ))}
          </select>
        </Field>
        <button type="submit" className="button small" disabled={move.busy}>
          {tu.move}
        </button>
        <FormError message={move.error} />
        <FormOk message={move.done} />
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const target = units.find((u) => u.code === into);
          if (!target) return merge.setError(t.newCampaign.errRequired);
          if (!window.confirm(tu.mergeConfirm(unit.name, target.name))) return;
          void merge.run(() => api.mergeUnit(unit.code, into), onDone);
        }}
        noValidate
      >
        <Field id={`merge-${unit.code}`} label={tu.mergeLabel}>
          <select id={`merge-${unit.code}`} value={into} onChange={(e) => setInto(e.target.value)}>
            <option value="">{tu.choose}</option>
            {outside.map((u) => (
              <option key={u.code} value={u.code}>
                {indented(u, base)}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="button small danger" disabled={merge.busy}>
          {tu.merge}
        </button>
        <FormError message={merge.error} />
      </form>
    </div>
  );
}

function CreateUnit({ units }: { units: UnitRow[] }) {
  const { t, locale, account, reloadUnits } = useManager();
  const tu = t.units;
  const base = units[0]?.depth ?? 0;
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
      reloadUnits,
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
          {units.map((u) => (
            <option key={u.code} value={u.code}>
              {indented(u, base)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="cu-code" label={tu.code} error={errors.code}>
        <input
          id="cu-code"
          className="mono"
          value={code}
          maxLength={64}
          autoCapitalize="characters"
          spellCheck={false}
          onChange={(e) => setCode(e.target.value)}
          aria-invalid={!!errors.code}
          aria-describedby={describedBy("cu-code", undefined, errors.code)}
        />
      </Field>
      <Field id="cu-name" label={tu.name} error={errors.name}>
        <input
          id="cu-name"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={!!errors.name}
          aria-describedby={describedBy("cu-name", undefined, errors.name)}
        />
      </Field>
      <Field id="cu-kind" label={tu.kind} error={errors.kind}>
        <input
          id="cu-kind"
          list="cu-kinds"
          value={kind}
          maxLength={40}
          onChange={(e) => setKind(e.target.value)}
          aria-invalid={!!errors.kind}
          aria-describedby={describedBy("cu-kind", undefined, errors.kind)}
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

function ImportUnits() {
  const { t, locale, reloadUnits } = useManager();
  const tu = t.units;
  const [csv, setCsv] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<ImportProblem[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) setCsv(await file.text());
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setProblems([]);
    setDone(null);
    if (!csv.trim()) {
      setError(t.newCampaign.errRequired);
      return;
    }
    setBusy(true);
    const r = await api.importUnits(csv.replace(/^\uFEFF/, ""));
    setBusy(false);
    if (r.ok) {
      setDone(tu.imported(r.data.created));
      setCsv("");
      await reloadUnits();
    } else {
      setError(errorText(r.error, r.status, locale));
      setProblems(r.error.problems ?? []);
    }
  };

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="import-units">
      <h2>{tu.importTitle}</h2>
      <p className="hint">{tu.importHint}</p>
      <Field id="imp-file" label={tu.importFile}>
        <input id="imp-file" type="file" accept=".csv,text/csv,text/plain" onChange={pick} />
      </Field>
      <Field id="imp-text" label={tu.importText}>
        <textarea
          id="imp-text"
          className="mono"
          rows={6}
          value={csv}
          placeholder={"code,name,kind,parent_code\nTH-ABC,Trường Tiểu học ABC,school,XA-BACHE"}
          onChange={(e) => setCsv(e.target.value)}
        />
      </Field>
      <FormError message={error}>
        {problems.length > 0 && (
          <ul className="problems" data-testid="import-problems">
            {problems.map((p) => (
              <li key={`${p.line}:${p.message}`}>
                <strong>{tu.line(p.line)}:</strong> {p.message}
              </li>
            ))}
          </ul>
        )}
      </FormError>
      <FormOk message={done} />
      <button type="submit" className="button" disabled={busy}>
        {tu.import}
      </button>
    </form>
  );
}
