import { type FormEvent, useState } from "react";
import type { FormImportPreview } from "../../../../api/form-import.ts";
import { FormPreview } from "../../../components/FormPreview.tsx";
import { localize } from "../../../i18n.ts";
import { api } from "../../api.ts";
import { Forbidden, useTitle } from "../../components/Bits.tsx";
import { useManager } from "../../context.ts";
import { errorText } from "../../i18n.ts";
import { useLoad } from "../../useLoad.ts";
import { ScoringTable } from "./ScoringTable.tsx";
import { importStrings } from "./strings.ts";
import "./form-import.css";

const EXAMPLES = ["happy-school-staff", "five-no-staff"];

/** Criteria spreadsheet → preview (as respondents see it, with its scoring) → publish. */
export function FormImportPage() {
  const { account, locale } = useManager();
  const t = importStrings[locale];
  useTitle(t.title);
  const forms = useLoad(() => api.forms(), "forms");
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<FormImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState<"reading" | "publishing" | null>(null);
  const [exportId, setExportId] = useState(EXAMPLES[0] ?? "");
  if (account.role !== "admin") return <Forbidden title={t.title} />;

  const read = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy("reading");
    setPreview(null);
    setError(null);
    setNote(null);
    const r = await api.importForm(file);
    setBusy(null);
    setPreview(r.ok ? r.data : null);
    // The server's 4xx messages about a file are written for the person who sent it (Vietnamese).
    if (!r.ok) setError(r.error.message || errorText(r.error, r.status, locale));
  };

  const publish = async () => {
    if (!preview) return;
    setBusy("publishing");
    setError(null);
    const r = await api.publishForm(preview.formId, preview.form);
    setBusy(null);
    if (r.ok) {
      setNote(r.status === 201 ? t.published(r.data.id, r.data.version) : t.publishedSame(r.data.id));
      setPreview({ ...preview, currentVersion: r.data.version });
    } else
      setError(
        r.status === 403 ? t.publishForbidden : r.error.message || errorText(r.error, r.status, locale),
      );
  };

  const status = !preview
    ? null
    : preview.currentVersion === null
      ? t.isNew(preview.formId)
      : preview.currentVersion === preview.version
        ? t.unchanged(preview.formId)
        : t.isVersion(preview.formId, preview.currentVersion);
  const canPublish = !!preview && preview.problems.length === 0 && preview.currentVersion !== preview.version;

  return (
    <section className="form-import">
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <div className="card">
        <p className="actions">
          <a className="button" href="/api/forms/template.xlsx" download>
            {t.blank}
          </a>
          <a href="/api/forms/template.csv" download>
            {t.blankCsv}
          </a>
        </p>
        <p>
          {t.examples}{" "}
          {EXAMPLES.map((id, i) => (
            <span key={id}>
              {i > 0 && " · "}
              <a href={`/api/forms/${id}/template.xlsx`} download>
                {localize(forms.data?.find((f) => f.id === id)?.title ?? id, locale)}
              </a>
            </span>
          ))}
        </p>
        <div className="field">
          <label htmlFor="export-form">{t.exportLabel}</label>
          <div className="actions">
            <select id="export-form" value={exportId} onChange={(e) => setExportId(e.target.value)}>
              {(forms.data ?? []).map((f) => (
                <option key={f.id} value={f.id}>
                  {localize(f.title, locale)} ({f.id})
                </option>
              ))}
            </select>
            <a className="button" href={`/api/forms/${encodeURIComponent(exportId)}/template.xlsx`} download>
              {t.exportButton}
            </a>
          </div>
        </div>
      </div>
      <form className="card form" onSubmit={read} noValidate data-testid="import-upload">
        <div className="field">
          <label htmlFor="criteria-file">{t.file}</label>
          <input
            id="criteria-file"
            type="file"
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <button type="submit" className="button" disabled={!file || busy !== null}>
          {busy === "reading" ? t.reading : t.preview}
        </button>
      </form>
      {error && (
        <div className="form-error" role="alert">
          <p>{error}</p>
        </div>
      )}
      {note && (
        <p className="form-ok" role="status">
          {note}
        </p>
      )}
      {preview && (
        <>
          <div className="card" data-testid="import-status">
            <p>{status}</p>
            {preview.problems.length > 0 ? (
              <div className="form-error" role="alert">
                <p>
                  <strong>{t.problems(preview.problems.length)}</strong>
                </p>
                <ul className="problems" data-testid="import-problems">
                  {preview.problems.map((p, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole, never reordered
                    <li key={i}>{p.message}</li>
                  ))}
                </ul>
              </div>
            ) : (
              <p className="hint">{t.noProblems}</p>
            )}
            <button
              type="button"
              className="button"
              disabled={!canPublish || busy !== null}
              onClick={publish}
            >
              {busy === "publishing" ? t.publishing : t.publish}
            </button>
          </div>
          <div className="import-preview">
            <div>
              <h2>{t.phone}</h2>
              <p className="hint">{t.tryIt}</p>
              <FormPreview key={preview.version} form={preview.form} locale={locale} againText={t.again} />
            </div>
            <ScoringTable form={preview.form} locale={locale} />
          </div>
        </>
      )}
    </section>
  );
}
