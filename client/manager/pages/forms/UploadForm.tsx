import { type ChangeEvent, type FormEvent, useState } from "react";
import { api } from "../../api.ts";
import { Field, FormError, FormOk, inputProps } from "../../components/Form.tsx";
import { UnitOptions } from "../../components/UnitOptions.tsx";
import { useManager } from "../../context.ts";
import { useAction } from "../../use-action.ts";
import { formStrings } from "./strings.ts";

// The server's rule (forms/check.ts FORM_ID_PATTERN), checked here first for a friendlier message.
const FORM_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;

interface Props {
  /** The unit picked on the page: a new form id belongs to it unless another is chosen here. */
  unit: string;
  /** Ids of the listed forms the account administers: a new version of these keeps their owner. */
  known: string[];
  onPublished: () => void;
}

/** SurveyJS JSON for advanced users: a new form of a unit, or a new version of one the admin owns. */
export function UploadForm({ unit, known, onPublished }: Props) {
  const { locale, account, units } = useManager();
  const fu = formStrings[locale].upload;
  const errors = formStrings[locale].errors;
  const [formId, setFormId] = useState("");
  const [owner, setOwner] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const [idError, setIdError] = useState<string | undefined>();
  const { error, done, busy, run, setError, setDone } = useAction();
  const ownerUnit = owner ?? (account.unitId === null ? "" : unit);
  const existing = known.includes(formId);

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) setText(await file.text());
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblems([]);
    setDone(null);
    if (!FORM_ID.test(formId)) return setIdError(fu.badId);
    setIdError(undefined);
    let json: unknown;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch {
      return setError(fu.badJson);
    }
    // An existing form keeps its owner; the server refuses one the account does not administer.
    const r = await run(() => api.publishForm(formId, json, existing ? undefined : ownerUnit || undefined), {
      after: onPublished,
    });
    if (r.ok) setDone(r.status === 201 ? fu.created(r.data.id, r.data.version) : fu.unchanged(r.data.id));
    else {
      setError(errors[r.error.code] ?? r.error.message);
      setProblems((r.error.problems ?? []).map((p) => p.message));
    }
  };

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="upload-form">
      <h2>{fu.title}</h2>
      <p className="hint">{fu.hint}</p>
      <Field id="up-id" label={fu.formId} hint={fu.formIdHint} error={idError}>
        <input
          {...inputProps("up-id", idError, fu.formIdHint)}
          className="mono"
          value={formId}
          maxLength={64}
          list="up-known"
          onChange={(e) => setFormId(e.target.value.trim())}
        />
        <datalist id="up-known">
          {known.map((id) => (
            <option key={id} value={id} />
          ))}
        </datalist>
      </Field>
      {!existing && (
        <Field id="up-unit" label={fu.unit}>
          <select id="up-unit" value={ownerUnit} onChange={(e) => setOwner(e.target.value)}>
            {account.unitId === null && <option value="">{formStrings[locale].catalogue}</option>}
            <UnitOptions units={units ?? []} />
          </select>
        </Field>
      )}
      <Field id="up-file" label={fu.file}>
        <input id="up-file" type="file" accept=".json,application/json" onChange={pick} />
      </Field>
      <Field id="up-text" label={fu.text}>
        <textarea
          id="up-text"
          className="mono"
          rows={6}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </Field>
      <FormError message={error}>
        {problems.length > 0 && (
          <>
            <p>{fu.problems}</p>
            <ul className="problems" data-testid="upload-problems">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </>
        )}
      </FormError>
      <FormOk message={done} />
      <button type="submit" className="button" disabled={busy}>
        {fu.submit}
      </button>
    </form>
  );
}
