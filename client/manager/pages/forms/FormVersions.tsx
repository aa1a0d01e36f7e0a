import { lazy, Suspense, useState } from "react";
import type { ManagedForm } from "../../../../api/forms.ts";
import type { FormJson } from "../../../../forms/types.ts";
import { localize } from "../../../i18n.ts";
import { api } from "../../api.ts";
import { Loading, StatusBadge } from "../../components/Bits.tsx";
import { FormError } from "../../components/Form.tsx";
import { useManager } from "../../context.ts";
import { errorText, formatShort } from "../../i18n.ts";
import { Link } from "../../router.tsx";
import { formStrings } from "./strings.ts";
import { VersionDiff } from "./VersionDiff.tsx";

// survey-core and survey-react-ui come with the first preview only.
const FormPreview = lazy(() => import("../../components/FormPreview.tsx"));

/** One form's versions (newest first), the comparison of two of them, and a preview of one. */
export function FormVersions({ form }: { form: ManagedForm }) {
  const { locale, t } = useManager();
  const ft = formStrings[locale];
  const versions = form.versions;
  const [from, setFrom] = useState(versions[1]?.version ?? "");
  const [to, setTo] = useState(versions[0]?.version ?? "");
  const [pair, setPair] = useState<{ before: FormJson; after: FormJson } | null>(null);
  const [preview, setPreview] = useState<{ version: string; json: FormJson } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (version: string): Promise<FormJson | null> => {
    const r = await api.form(form.id, version);
    if (r.ok) return r.data;
    setError(errorText(r.error, r.status, locale));
    return null;
  };
  const compare = async () => {
    setBusy(true);
    setError(null);
    const [before, after] = await Promise.all([load(from), load(to)]);
    setBusy(false);
    setPair(before && after ? { before, after } : null);
  };
  const showPreview = async (version: string) => {
    if (preview?.version === version) return setPreview(null);
    setError(null);
    const json = await load(version);
    setPreview(json ? { version, json } : null);
  };
  const status = (c: { opensAt: string; closesAt: string; closedAt: string | null }) => {
    const now = Date.now();
    if (c.closedAt || Date.parse(c.closesAt) <= now) return "closed";
    return Date.parse(c.opensAt) > now ? "scheduled" : "open";
  };

  return (
    <div data-testid={`versions-${form.id}`}>
      <table className="table version-table">
        <thead>
          <tr>
            <th scope="col">{ft.version}</th>
            <th scope="col">{ft.publishedAt}</th>
            <th scope="col">{ft.publishedBy}</th>
            <th scope="col">{ft.campaigns}</th>
            <th scope="col">
              <span className="sr-only">{ft.preview}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} data-version={v.version}>
              <td className="mono">{v.version}</td>
              <td>{formatShort(v.publishedAt, locale)}</td>
              <td>{v.publishedBy ?? ft.bySystem}</td>
              <td>
                {v.campaigns.length === 0 ? (
                  <span className="muted">{ft.noCampaigns}</span>
                ) : (
                  <ul>
                    {v.campaigns.map((c) => (
                      <li key={c.id}>
                        <Link href={`/manage/campaigns/${c.id}`}>
                          {c.period} · {c.unit.name}
                        </Link>{" "}
                        <small className="muted">{t.kinds[c.kind]}</small> <StatusBadge status={status(c)} />
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>
                <button
                  type="button"
                  className="button secondary small"
                  onClick={() => void showPreview(v.version)}
                >
                  {preview?.version === v.version ? ft.closePreview : ft.preview}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FormError message={error} />
      {preview && (
        <div className="preview-pane">
          <h3>
            {ft.previewTitle} · <span className="mono">{preview.version}</span>
          </h3>
          <Suspense fallback={<Loading />}>
            <FormPreview
              form={preview.json}
              locale={locale}
              title={localize(form.title, locale) || form.id}
            />
          </Suspense>
        </div>
      )}
      <h3>{ft.compare}</h3>
      {versions.length < 2 ? (
        <p className="muted">{ft.needTwo}</p>
      ) : (
        <div className="compare">
          <VersionPick label={ft.from} value={from} onChange={setFrom} versions={versions} />{" "}
          <VersionPick label={ft.to} value={to} onChange={setTo} versions={versions} />{" "}
          <button type="button" className="button small" disabled={busy} onClick={() => void compare()}>
            {ft.compareButton}
          </button>
        </div>
      )}
      {pair && <VersionDiff before={pair.before} after={pair.after} />}
    </div>
  );
}

interface PickProps {
  label: string;
  value: string;
  onChange: (version: string) => void;
  versions: ManagedForm["versions"];
}

function VersionPick({ label, value, onChange, versions }: PickProps) {
  const { locale } = useManager();
  return (
    <label>
      {label}{" "}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            {v.version} · {formatShort(v.publishedAt, locale)}
          </option>
        ))}
      </select>
    </label>
  );
}
