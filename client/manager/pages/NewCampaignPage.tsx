import { type FormEvent, lazy, Suspense, useEffect, useMemo, useState } from "react";
import type { Kind } from "../../../api/manager.ts";
import { localize } from "../../i18n.ts";
import { api } from "../api.ts";
import { LoadError, Loading, useTitle } from "../components/Bits.tsx";
import { Field, FormError, inputProps, NumberInput } from "../components/Form.tsx";
import { useManager } from "../context.ts";
import { errorText } from "../i18n.ts";
import { Link, navigate } from "../router.tsx";
import { useLoad } from "../useLoad.ts";
import { atLeast, fromLocalInput, indented, periodOf, periodSuggestions, toLocalInput } from "../util.ts";
import { ReleaseAfterClose } from "./campaign/ReleaseAfterClose.tsx";
import { formStrings } from "./forms/strings.ts";

const KINDS: Kind[] = ["staff", "parent", "unit"];
// survey-core comes with the first preview only.
const FormPreview = lazy(() => import("../components/FormPreview.tsx"));
const DAY = 24 * 3600_000;

type Errors = Partial<Record<"formId" | "unit" | "period" | "opensAt" | "closesAt" | "expected", string>>;

export function NewCampaignPage() {
  const { t, locale, account, units } = useManager();
  const tn = t.newCampaign;
  useTitle(tn.title);
  const [unit, setUnit] = useState("");
  // The forms a campaign at the chosen unit may use: the catalogue's, and its own and its ancestors'.
  const forms = useLoad(() => api.forms(unit || undefined), `forms:${unit}`);
  const [previewing, setPreviewing] = useState(false);
  const now = useMemo(() => new Date(), []);
  const [kind, setKind] = useState<Kind>("staff");
  const [formId, setFormId] = useState("");
  const [period, setPeriod] = useState(() => periodOf(now));
  const [opensAt, setOpensAt] = useState(() => toLocalInput(startOfHour(now)));
  const [closesAt, setClosesAt] = useState(() =>
    toLocalInput(new Date(startOfHour(now).getTime() + 30 * DAY)),
  );
  const [expected, setExpected] = useState("");
  const [releaseAfterClose, setReleaseAfterClose] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const choices = useMemo(
    () => (forms.data ?? []).filter((f) => f.audience === kind || f.audience === null),
    [forms.data, kind],
  );
  // Keep the chosen form when it fits the kind, else take the first that does.
  useEffect(() => {
    if (!choices.some((f) => f.id === formId)) setFormId(choices[0]?.id ?? "");
  }, [choices, formId]);
  useEffect(() => {
    if (!unit && units?.[0]) setUnit(units[0].code);
  }, [units, unit]);

  const chosen = choices.find((f) => f.id === formId);

  if (!atLeast(account.role, "manager"))
    return (
      <section>
        <h1>{tn.title}</h1>
        <p className="card">{tn.notAllowed}</p>
      </section>
    );

  const validate = (): Errors => {
    const e: Errors = {};
    if (!formId) e.formId = tn.errRequired;
    if (!unit) e.unit = tn.errRequired;
    if (!period.trim()) e.period = tn.errRequired;
    const o = fromLocalInput(opensAt);
    const c = fromLocalInput(closesAt);
    if (!o) e.opensAt = tn.errRequired;
    if (!c) e.closesAt = tn.errRequired;
    else if (o && Date.parse(c) <= Date.parse(o)) e.closesAt = tn.errOrder;
    if (expected.trim() !== "" && !/^\d+$/.test(expected.trim())) e.expected = tn.errExpected;
    return e;
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const e = validate();
    setErrors(e);
    setServerError(null);
    const firstBad = Object.keys(e)[0];
    if (firstBad) {
      document.getElementById(`nc-${firstBad}`)?.focus();
      return;
    }
    setBusy(true);
    const r = await api.createCampaign({
      formId,
      unit,
      kind,
      period: period.trim(),
      opensAt: fromLocalInput(opensAt),
      closesAt: fromLocalInput(closesAt),
      ...(expected.trim() !== "" && { expected: Number(expected.trim()) }),
      ...(releaseAfterClose && { releaseAfterClose }),
    });
    setBusy(false);
    if (r.ok) navigate(`/manage/campaigns/${r.data.campaign.id}`);
    else setServerError(errorText(r.error, r.status, locale));
  };

  const input = (name: keyof Errors, hint?: string) => inputProps(`nc-${name}`, errors[name], hint);

  return (
    <section>
      <p className="crumbs">
        <Link href="/">{t.campaign.back}</Link>
      </p>
      <h1>{tn.title}</h1>
      {forms.error && <LoadError message={forms.error} onRetry={() => void forms.reload()} />}
      {!forms.data && !forms.error && <Loading />}
      <form className="card form" onSubmit={submit} noValidate data-testid="new-campaign">
        <fieldset className="field">
          <legend>{tn.kind}</legend>
          <div className="choices">
            {KINDS.map((k) => (
              <label key={k} className="choice">
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                {t.kinds[k]}
              </label>
            ))}
          </div>
        </fieldset>
        <Field
          id="nc-formId"
          label={tn.form}
          error={errors.formId}
          hint={choices.length === 0 ? tn.noForms : undefined}
        >
          <select
            {...input("formId", choices.length === 0 ? tn.noForms : undefined)}
            value={formId}
            onChange={(e) => setFormId(e.target.value)}
          >
            {choices.map((f) => (
              <option key={f.id} value={f.id}>
                {localize(f.title, locale) || f.id}
              </option>
            ))}
          </select>
        </Field>
        {chosen && (
          <div className="field">
            <button
              type="button"
              className="button secondary small"
              aria-expanded={previewing}
              onClick={() => setPreviewing(!previewing)}
            >
              {previewing ? formStrings[locale].closePreview : formStrings[locale].preview}
            </button>
          </div>
        )}
        <Field id="nc-unit" label={tn.unit} hint={tn.unitHint} error={errors.unit}>
          <select {...input("unit", tn.unitHint)} value={unit} onChange={(e) => setUnit(e.target.value)}>
            {(units ?? []).map((u) => (
              <option key={u.code} value={u.code}>
                {indented(u, units?.[0]?.depth ?? 0)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="nc-period" label={tn.period} hint={tn.periodHint} error={errors.period}>
          <input
            {...input("period", tn.periodHint)}
            list="nc-periods"
            value={period}
            maxLength={100}
            onChange={(e) => setPeriod(e.target.value)}
          />
          <datalist id="nc-periods">
            {periodSuggestions(now).map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        </Field>
        <div className="row">
          <Field id="nc-opensAt" label={tn.opensAt} hint={tn.timeHint} error={errors.opensAt}>
            <input
              {...input("opensAt", tn.timeHint)}
              type="datetime-local"
              value={opensAt}
              onChange={(e) => setOpensAt(e.target.value)}
            />
          </Field>
          <Field id="nc-closesAt" label={tn.closesAt} hint={tn.timeHint} error={errors.closesAt}>
            <input
              {...input("closesAt", tn.timeHint)}
              type="datetime-local"
              value={closesAt}
              onChange={(e) => setClosesAt(e.target.value)}
            />
          </Field>
        </div>
        <Field id="nc-expected" label={tn.expected} hint={tn.expectedHint} error={errors.expected}>
          <NumberInput
            {...input("expected", tn.expectedHint)}
            min={0}
            step={1}
            value={expected}
            onChange={(e) => setExpected(e.target.value)}
          />
        </Field>
        <ReleaseAfterClose checked={releaseAfterClose} onChange={setReleaseAfterClose} />
        <FormError message={serverError} />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? tn.submitting : tn.submit}
          </button>
          <Link href="/" className="button secondary">
            {tn.cancel}
          </Link>
        </div>
      </form>
      {/* Outside the form above: the survey renders a <form> of its own, which may not nest. */}
      {previewing && chosen && (
        <section className="card" aria-label={formStrings[locale].previewTitle}>
          <h2>{formStrings[locale].previewTitle}</h2>
          <ChosenPreview formId={chosen.id} version={chosen.version} />
        </section>
      )}
    </section>
  );
}

function startOfHour(d: Date): Date {
  const x = new Date(d);
  x.setMinutes(0, 0, 0);
  return x;
}

/** The chosen form at the version a new campaign gets (the newest), as a respondent's phone shows it. */
function ChosenPreview({ formId, version }: { formId: string; version: string }) {
  const { locale } = useManager();
  const form = useLoad(() => api.form(formId, version), `form:${formId}:${version}`);
  if (form.error) return <LoadError message={form.error} onRetry={() => void form.reload()} />;
  if (!form.data) return <Loading />;
  return (
    <Suspense fallback={<Loading />}>
      <FormPreview form={form.data} locale={locale} title={localize(form.data.title, locale) || formId} />
    </Suspense>
  );
}
