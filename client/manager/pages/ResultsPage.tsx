import { useMemo } from "react";
import type { CampaignInfo, UnitRow } from "../../../api/manager.ts";
import { localize } from "../../i18n.ts";
import { api } from "../api.ts";
import { LoadError, Loading, StatusBadge, useTitle } from "../components/Bits.tsx";
import { Field } from "../components/Form.tsx";
import { UnitOptions } from "../components/UnitOptions.tsx";
import { useManager } from "../context.ts";
import { compareOptions, reportHref, resultsHref, unitPath } from "../results/links.ts";
import { ChangeSection } from "../results/sections/ChangeSection.tsx";
import { CompletionSection } from "../results/sections/CompletionSection.tsx";
import { CriteriaSection } from "../results/sections/CriteriaSection.tsx";
import { GapSection } from "../results/sections/GapSection.tsx";
import { LikertSection } from "../results/sections/LikertSection.tsx";
import { QuotesSection } from "../results/sections/QuotesSection.tsx";
import { RankingSection } from "../results/sections/RankingSection.tsx";
import { Tiles } from "../results/sections/Tiles.tsx";
import { TrendSection } from "../results/sections/TrendSection.tsx";
import { WithheldNote } from "../results/sections/WithheldNote.tsx";
import { useCampaignScope } from "../results/use-campaign-scope.ts";
import { useResults } from "../results/use-results.ts";
import { Link, navigate } from "../router.tsx";
import { useAction } from "../use-action.ts";
import { atLeast, subtree } from "../util.ts";
import "../results/results.css";

/**
 * The dashboard of one campaign at one unit: `/manage/campaigns/:id/results?unit=CODE&compare=ID`.
 * Pickers for campaign, unit and the period to compare with; drill-down through the child units.
 */
export function ResultsPage({ id, unit, compare }: { id: string; unit: string; compare: string }) {
  const { t, locale, units, unitsError } = useManager();
  const tr = t.results;
  const { list, campaigns, campaign, scope, selected, error } = useCampaignScope(id, unit);
  const title = campaign ? localize(campaign.formTitle, locale) || campaign.formId : "";
  useTitle(title ? `${tr.title} — ${title}` : tr.title);

  const options = useMemo(
    () => (campaign && units ? compareOptions(campaigns, campaign, selected, units) : []),
    [campaigns, campaign, selected, units],
  );
  const compareId = options.some((c) => String(c.id) === compare) ? compare : "";

  return (
    <section data-testid="dashboard" className="dashboard">
      <p className="crumbs no-print">
        <Link href="/">{tr.back}</Link>
      </p>
      {error && <LoadError message={error} onRetry={() => void list.reload()} />}
      {!error && (!campaign || (!units && !unitsError)) && <Loading />}
      {campaign && (units || unitsError) && (
        <>
          <div className="page-head">
            <h1>
              {tr.title}: {title}
            </h1>
            <StatusBadge status={campaign.status} />
          </div>
          <p className="dash-sub">
            {campaign.period} · {t.kinds[campaign.kind]} · {campaign.unit?.name}
          </p>
          {selected ? (
            <Controls
              campaigns={campaigns}
              campaign={campaign}
              scope={scope}
              selected={selected}
              options={options}
              compareId={compareId}
            />
          ) : (
            <p className="card">{tr.noUnits}</p>
          )}
          {selected && (
            <Dashboard
              key={`${id}`}
              campaign={campaign}
              unit={selected}
              compare={compareId}
              canCompare={options.length > 0}
            />
          )}
        </>
      )}
    </section>
  );
}

function Controls({
  campaigns,
  campaign,
  scope,
  selected,
  options,
  compareId,
}: {
  campaigns: CampaignInfo[];
  campaign: CampaignInfo;
  scope: UnitRow[];
  selected: string;
  options: CampaignInfo[];
  compareId: string;
}) {
  const { t, locale, account, units } = useManager();
  const tr = t.results;
  const manager = atLeast(account.role, "manager");
  const path = unitPath(scope, selected);

  // Campaigns grouped by form, newest first.
  const groups = useMemo(() => {
    const byForm = new Map<string, CampaignInfo[]>();
    for (const c of [...campaigns].sort((a, b) => b.opensAt.localeCompare(a.opensAt)))
      byForm.set(c.formId, [...(byForm.get(c.formId) ?? []), c]);
    return [...byForm.values()];
  }, [campaigns]);

  const pickCampaign = (value: string) => {
    const next = campaigns.find((c) => String(c.id) === value);
    if (!next) return;
    const inside =
      next.unit && units ? subtree(units, next.unit.code).some((u) => u.code === selected) : false;
    navigate(resultsHref(next.id, inside ? selected : ""));
  };
  // The download itself is a plain navigation (streamed to disk by the browser), to a link that works
  // for this session for a minute.
  const exporting = useAction();
  const startExport = (ext: "csv" | "xlsx") =>
    exporting.run(() => api.exportLink(campaign.id, ext, selected), {
      after: ({ url }) => window.location.assign(url),
    });

  return (
    <>
      <section className="card controls no-print" aria-label={tr.controls}>
        <div className="control-row">
          <Field id="res-campaign" label={tr.campaign}>
            <select
              id="res-campaign"
              value={String(campaign.id)}
              onChange={(e) => pickCampaign(e.target.value)}
            >
              {groups.map((g) => (
                <optgroup key={g[0]?.formId} label={localize(g[0]?.formTitle, locale) || g[0]?.formId}>
                  {g.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.period} · {t.kinds[c.kind]} · {c.unit?.name ?? ""}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </Field>
          <Field id="res-unit" label={tr.unit}>
            <select
              id="res-unit"
              value={selected}
              onChange={(e) => navigate(resultsHref(campaign.id, e.target.value, compareId))}
            >
              {scope.length === 0 && <option value={selected}>{selected}</option>}
              <UnitOptions units={scope} />
            </select>
          </Field>
          <Field id="res-compare" label={tr.compare}>
            <select
              id="res-compare"
              value={compareId}
              onChange={(e) => navigate(resultsHref(campaign.id, selected, e.target.value))}
              disabled={options.length === 0}
            >
              <option value="">{tr.noCompare}</option>
              {options.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.period} · {t.status[c.status]}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="actions">
          <Link
            href={reportHref(campaign.id, selected, compareId)}
            className="button secondary small"
            data-testid="report-link"
          >
            {tr.report}
          </Link>
          {manager && (
            <>
              {(["csv", "xlsx"] as const).map((ext) => (
                <button
                  key={ext}
                  type="button"
                  className="button secondary small"
                  disabled={exporting.busy}
                  onClick={() => void startExport(ext)}
                  data-testid={`export-${ext}`}
                >
                  {ext === "csv" ? tr.exportCsv : tr.exportXlsx}
                </button>
              ))}
              <span className="muted small-text">{tr.exportHint}</span>
              {exporting.error && (
                <span className="error small-text" role="alert">
                  {exporting.error}
                </span>
              )}
            </>
          )}
        </div>
      </section>
      {path.length > 1 && (
        <nav className="unit-crumbs" aria-label={tr.crumbs} data-testid="unit-crumbs">
          <ol>
            {path.map((u, i) => (
              <li key={u.code}>
                {i < path.length - 1 ? (
                  <Link href={resultsHref(campaign.id, u.code, compareId)}>{u.name}</Link>
                ) : (
                  <span aria-current="page">{u.name}</span>
                )}
              </li>
            ))}
          </ol>
        </nav>
      )}
    </>
  );
}

function Dashboard({
  campaign,
  unit,
  compare,
  canCompare,
}: {
  campaign: CampaignInfo;
  unit: string;
  compare: string;
  canCompare: boolean;
}) {
  const { t } = useManager();
  const tr = t.results;
  const { results, form } = useResults(campaign, unit, compare);
  const r = results.data;
  const stale = results.loading && !!r;
  const own = !!r && r.totals.responses > 0 && !r.totals.withheld;
  return (
    <div className="dash-body" aria-busy={results.loading}>
      {results.error && <LoadError message={results.error} onRetry={() => void results.reload()} />}
      {!r && !results.error && <Loading />}
      {stale && (
        <p className="updating" role="status">
          {tr.updating}
        </p>
      )}
      {r && !results.error && (
        <div className={stale ? "dash-content stale" : "dash-content"}>
          <h2 className="unit-title">
            {r.unit.name} <span className="unit-kind">{t.unitKinds[r.unit.kind] ?? r.unit.kind}</span>
          </h2>
          <WithheldNote r={r} />
          {r.totals.responses === 0 && (
            <p className="card empty-state" data-testid="empty">
              {tr.empty}
            </p>
          )}
          <Tiles r={r} />
          <div className="dash-grid">
            {/* Without results of its own (none yet, or withheld) the unit's charts are left out: the note above says why. */}
            {own && <CriteriaSection r={r} />}
            {(own || r.trend.some((p) => p.mean !== null)) && <TrendSection r={r} />}
            {r.children.length > 0 && (
              <RankingSection r={r} hrefFor={(code) => resultsHref(campaign.id, code, compare)} />
            )}
            {r.children.length > 0 && <CompletionSection r={r} />}
            {own && <GapSection r={r} />}
            {own && <ChangeSection r={r} canCompare={canCompare} />}
            {own && <LikertSection r={r} form={form.data} />}
            <QuotesSection r={r} form={form.data} />
          </div>
          <p className="muted small-text">{tr.threshold(r.threshold)}</p>
          <p className="muted small-text no-print">
            <Link href={`/manage/campaigns/${campaign.id}`}>{tr.toCampaign}</Link>
          </p>
        </div>
      )}
    </div>
  );
}
