import { type ChangeEvent, type FormEvent, useMemo, useState } from "react";
import { localize } from "../../i18n.ts";
import { api } from "../api.ts";
import { LoadError, Loading, StatusBadge, useTitle } from "../components/Bits.tsx";
import { describedBy, Field, FormError, FormOk } from "../components/Form.tsx";
import { useManager } from "../context.ts";
import { errorText, formatShort } from "../i18n.ts";
import { Link, navigate } from "../router.tsx";
import type { CampaignInfo, CodeRow, UnitRow } from "../types.ts";
import { useLoad } from "../useLoad.ts";
import { atLeast, indented, leaves, parseRoster, subtree } from "../util.ts";

export function CampaignPage({ id, unit }: { id: string; unit: string }) {
  const { t, locale, account, units } = useManager();
  const loaded = useLoad(() => api.campaign(id), `campaign:${id}`);
  const campaign = loaded.data?.campaign;
  const title = campaign ? localize(campaign.formTitle, locale) || campaign.formId : "";
  useTitle(title || t.campaigns.title);

  // The units of this campaign that the account manages (its whole visible tree is its own).
  const scope = useMemo(
    () =>
      campaign?.unit && units && atLeast(account.role, "manager") ? subtree(units, campaign.unit.code) : [],
    [campaign, units, account.role],
  );
  const selected = scope.some((u) => u.code === unit) ? unit : (leaves(scope)[0]?.code ?? "");

  return (
    <section>
      <p className="crumbs no-print">
        <Link href="/">{t.campaign.back}</Link>
      </p>
      {loaded.error && <LoadError message={loaded.error} onRetry={() => void loaded.reload()} />}
      {!campaign && !loaded.error && <Loading />}
      {campaign && (
        <>
          <Summary campaign={campaign} title={title} onChange={(c) => loaded.set({ campaign: c })} />
          <section className="card" aria-labelledby="codes-title">
            <h2 id="codes-title">{t.campaign.codesTitle}</h2>
            {!atLeast(account.role, "manager") && <p>{t.campaign.noManage}</p>}
            {atLeast(account.role, "manager") && units && scope.length === 0 && <p>{t.campaign.noSchools}</p>}
            {!units && <Loading />}
            {scope.length > 0 && (
              <>
                <div className="field">
                  <label htmlFor="codes-unit">{t.campaign.school}</label>
                  <select
                    id="codes-unit"
                    value={selected}
                    onChange={(e) =>
                      navigate(`/manage/campaigns/${id}?unit=${encodeURIComponent(e.target.value)}`, {
                        replace: true,
                      })
                    }
                  >
                    {scope.map((u) => (
                      <option key={u.code} value={u.code}>
                        {indented(u, scope[0]?.depth ?? 0)}
                      </option>
                    ))}
                  </select>
                </div>
                {selected && (
                  <Codes
                    key={selected}
                    campaign={campaign}
                    unit={scope.find((u) => u.code === selected) as UnitRow}
                  />
                )}
              </>
            )}
          </section>
        </>
      )}
    </section>
  );
}

function Summary({
  campaign,
  title,
  onChange,
}: {
  campaign: CampaignInfo;
  title: string;
  onChange: (c: CampaignInfo) => void;
}) {
  const { t, locale, account, units } = useManager();
  const tc = t.campaign;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Closing and reopening need the manager role at the campaign's own unit.
  const canManage = atLeast(account.role, "manager") && !!units?.some((u) => u.code === campaign.unit?.code);
  const canReopen = !!campaign.closedAt && Date.now() < Date.parse(campaign.closesAt);

  const act = async (what: "close" | "reopen") => {
    if (what === "close" && !window.confirm(tc.closeConfirm)) return;
    setBusy(true);
    setError(null);
    const r = what === "close" ? await api.closeCampaign(campaign.id) : await api.reopenCampaign(campaign.id);
    setBusy(false);
    if (r.ok) onChange(r.data.campaign);
    else setError(errorText(r.error, r.status, locale));
  };

  return (
    <section className="card">
      <div className="page-head">
        <h1>{title}</h1>
        <StatusBadge status={campaign.status} />
        <Link
          href={`/manage/campaigns/${campaign.id}/results`}
          className="button secondary page-head-action"
          data-testid="results-link"
        >
          {t.results.link}
        </Link>
      </div>
      <dl className="facts">
        <div>
          <dt>{t.campaigns.unit}</dt>
          <dd>{campaign.unit?.name}</dd>
        </div>
        <div>
          <dt>{t.campaigns.kind}</dt>
          <dd>{t.kinds[campaign.kind]}</dd>
        </div>
        <div>
          <dt>{t.campaigns.period}</dt>
          <dd>{campaign.period}</dd>
        </div>
        <div>
          <dt>{tc.opens}</dt>
          <dd>{formatShort(campaign.opensAt, locale)}</dd>
        </div>
        <div>
          <dt>{tc.closes}</dt>
          <dd>{formatShort(campaign.closesAt, locale)}</dd>
        </div>
        {campaign.closedAt && (
          <div>
            <dt>{tc.closedEarly}</dt>
            <dd>{formatShort(campaign.closedAt, locale)}</dd>
          </div>
        )}
        <div>
          <dt>{tc.expected}</dt>
          <dd>{campaign.expected ?? tc.notSet}</dd>
        </div>
      </dl>
      {canManage && (
        <div className="actions">
          {campaign.status !== "closed" && (
            <button type="button" className="button danger" disabled={busy} onClick={() => void act("close")}>
              {tc.close}
            </button>
          )}
          {canReopen && (
            <button type="button" className="button" disabled={busy} onClick={() => void act("reopen")}>
              {tc.reopen}
            </button>
          )}
        </div>
      )}
      <FormError message={error} />
    </section>
  );
}

function Codes({ campaign, unit }: { campaign: CampaignInfo; unit: UnitRow }) {
  const { t, locale } = useManager();
  const tc = t.campaign;
  const codes = useLoad(() => api.codes(campaign.id, unit.code), `codes:${campaign.id}:${unit.code}`);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const rows = codes.data?.codes ?? [];
  const answered = rows.filter((c) => c.answered).length;
  const revoked = rows.filter((c) => c.revokedAt).length;
  const manyUnits = new Set(rows.map((c) => c.unitCode)).size > 1;

  const revoke = async (code: CodeRow) => {
    if (!window.confirm(tc.revokeConfirm(code.code))) return;
    setRevokeError(null);
    const r = await api.revokeCode(code.code);
    if (!r.ok) setRevokeError(errorText(r.error, r.status, locale));
    await codes.reload();
  };

  return (
    <>
      {campaign.kind === "staff" ? (
        <div className="generators">
          <CountForm campaign={campaign} unit={unit} onCreated={codes.reload} />
          <RosterForm campaign={campaign} unit={unit} onCreated={codes.reload} />
        </div>
      ) : (
        <SingleForm
          campaign={campaign}
          unit={unit}
          existing={rows.filter((c) => !c.revokedAt).length}
          onCreated={codes.reload}
        />
      )}
      <div className="codes-head">
        <h3>{unit.name}</h3>
        {codes.data && <span className="muted">{tc.summary(rows.length, answered, revoked)}</span>}
        {rows.length > 0 && (
          <Link
            href={`/manage/campaigns/${campaign.id}/print?unit=${encodeURIComponent(unit.code)}`}
            className="button"
            data-testid="print-link"
          >
            {tc.print}
          </Link>
        )}
      </div>
      {codes.error && <LoadError message={codes.error} onRetry={() => void codes.reload()} />}
      <FormError message={revokeError} />
      {!codes.data && !codes.error && <Loading />}
      {codes.data && rows.length === 0 && <p className="muted">{tc.noCodes}</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table codes" data-testid="codes">
            <thead>
              <tr>
                <th scope="col">{tc.code}</th>
                {manyUnits && <th scope="col">{tc.unit}</th>}
                {campaign.kind !== "parent" && <th scope="col">{tc.holder}</th>}
                <th scope="col">{tc.answered}</th>
                <th scope="col">{tc.state}</th>
                <th scope="col">
                  <span className="sr-only">{t.units.actions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.code} data-code={c.code} className={c.revokedAt ? "revoked" : undefined}>
                  <td>
                    <a className="mono" href={c.url} target="_blank" rel="noopener" title={tc.openLink}>
                      {c.code}
                    </a>
                  </td>
                  {manyUnits && <td>{c.unitCode}</td>}
                  {campaign.kind !== "parent" && <td>{c.holder ?? ""}</td>}
                  <td>{c.answered ? tc.yes : tc.no}</td>
                  <td>
                    {c.revokedAt ? (
                      <span title={formatShort(c.revokedAt, locale)}>{tc.revoked}</span>
                    ) : (
                      tc.active
                    )}
                  </td>
                  <td className="right">
                    {!c.revokedAt && (
                      <button
                        type="button"
                        className="button secondary small"
                        onClick={() => void revoke(c)}
                        aria-label={`${tc.revoke} ${c.code}`}
                      >
                        {tc.revoke}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

interface GenProps {
  campaign: CampaignInfo;
  unit: UnitRow;
  onCreated: () => Promise<void>;
}

function useCreate({ campaign, unit, onCreated }: GenProps) {
  const { t, locale } = useManager();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async (how: { count: number } | { holders: string[] }) => {
    setBusy(true);
    setError(null);
    setDone(null);
    const r = await api.createCodes(campaign.id, unit.code, how);
    setBusy(false);
    if (!r.ok) {
      setError(errorText(r.error, r.status, locale));
      return false;
    }
    setDone(t.campaign.created(r.data.codes.length));
    await onCreated();
    return true;
  };
  return { error, done, busy, create };
}

function CountForm(props: GenProps) {
  const { t } = useManager();
  const tc = t.campaign;
  const [count, setCount] = useState("30");
  const [invalid, setInvalid] = useState<string | undefined>();
  const { error, done, busy, create } = useCreate(props);
  const n = Number(count);
  const valid = /^\d+$/.test(count.trim()) && n >= 1 && n <= 2000;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) {
      setInvalid("1–2000");
      return;
    }
    setInvalid(undefined);
    void create({ count: n });
  };

  return (
    <form className="gen" onSubmit={submit} noValidate data-testid="create-count">
      <h3>{tc.countTitle}</h3>
      <Field id="gen-count" label={tc.staffCount} error={invalid}>
        <input
          id="gen-count"
          type="number"
          inputMode="numeric"
          min={1}
          max={2000}
          className="narrow"
          value={count}
          onChange={(e) => setCount(e.target.value)}
          aria-invalid={!!invalid}
          aria-describedby={describedBy("gen-count", undefined, invalid)}
        />
      </Field>
      <button type="submit" className="button" disabled={busy}>
        {tc.createStaff(valid ? n : 0)}
      </button>
      <FormError message={error} />
      <FormOk message={done} />
    </form>
  );
}

function RosterForm(props: GenProps) {
  const { t } = useManager();
  const tc = t.campaign;
  const [text, setText] = useState("");
  const [invalid, setInvalid] = useState<string | undefined>();
  const { error, done, busy, create } = useCreate(props);
  const names = useMemo(() => parseRoster(text), [text]);

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setText(await file.text());
    setInvalid(undefined);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (names.length === 0) {
      setInvalid(tc.rosterEmpty);
      return;
    }
    setInvalid(undefined);
    if (await create({ holders: names })) setText("");
  };

  return (
    <form className="gen" onSubmit={submit} noValidate data-testid="create-roster">
      <h3>{tc.rosterTitle}</h3>
      <Field id="gen-roster-file" label={tc.rosterFile}>
        <input id="gen-roster-file" type="file" accept=".csv,.txt,text/csv,text/plain" onChange={pick} />
      </Field>
      <Field id="gen-roster" label={tc.rosterText} hint={tc.rosterHint} error={invalid}>
        <textarea
          id="gen-roster"
          rows={5}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={!!invalid}
          aria-describedby={describedBy("gen-roster", tc.rosterHint, invalid)}
        />
      </Field>
      <button type="submit" className="button" disabled={busy}>
        {tc.createRoster(names.length)}
      </button>
      <FormError message={error} />
      <FormOk message={done} />
    </form>
  );
}

function SingleForm(props: GenProps & { existing: number }) {
  const { t } = useManager();
  const tc = t.campaign;
  const { error, done, busy, create } = useCreate(props);
  const parent = props.campaign.kind === "parent";
  return (
    <form
      className="gen"
      data-testid="create-single"
      onSubmit={(e) => {
        e.preventDefault();
        void create({ count: 1 });
      }}
    >
      {parent && (
        <p className="muted">{props.existing > 0 ? tc.parentExists(props.existing) : tc.parentHint}</p>
      )}
      <button type="submit" className="button" disabled={busy}>
        {parent ? tc.createParent : tc.createUnitCode}
      </button>
      <FormError message={error} />
      <FormOk message={done} />
    </form>
  );
}
