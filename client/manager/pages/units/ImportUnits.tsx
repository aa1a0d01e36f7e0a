import { type ChangeEvent, type FormEvent, useState } from "react";
import type { ImportProblem } from "../../../../api/manager.ts";
import { api } from "../../api.ts";
import { Field, FormError, FormOk } from "../../components/Form.tsx";
import { useManager } from "../../context.ts";
import { useManageText } from "../../i18n-manage.ts";
import { useAction } from "../../use-action.ts";

/** The form that adds units from a CSV file (code,name,kind,parent_code), all or none. */
export function ImportUnits() {
  const { t, reloadUnits } = useManager();
  const tu = t.units;
  const tm = useManageText();
  const [csv, setCsv] = useState("");
  const [problems, setProblems] = useState<ImportProblem[]>([]);
  const { error, done, busy, run, setError, setDone } = useAction();

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) setCsv(await file.text());
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblems([]);
    if (!csv.trim()) {
      setDone(null);
      setError(t.newCampaign.errRequired);
      return;
    }
    const r = await run(() => api.importUnits(csv.replace(/^\uFEFF/, "")), {
      done: (data) => tu.imported(data.created),
      after: async () => {
        setCsv("");
        await reloadUnits();
      },
    });
    if (!r.ok) setProblems(r.error.problems ?? []);
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
                <strong>{tu.line(p.line)}:</strong>{" "}
                {(p.code && tm.importProblems[p.code]?.(p.values ?? {})) || p.message}
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
