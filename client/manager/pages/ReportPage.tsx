import type { CampaignInfo } from "../../../api/manager.ts";
import { localize } from "../../i18n.ts";
import { LoadError, Loading, useTitle } from "../components/Bits.tsx";
import { useManager } from "../context.ts";
import { formatShort } from "../i18n.ts";
import { levelsBestFirst } from "../results/levels.ts";
import { resultsHref } from "../results/links.ts";
import { ChangeSection } from "../results/sections/ChangeSection.tsx";
import { CompletionSection } from "../results/sections/CompletionSection.tsx";
import { CriteriaList } from "../results/sections/CriteriaList.tsx";
import { CriteriaSection } from "../results/sections/CriteriaSection.tsx";
import { GapSection } from "../results/sections/GapSection.tsx";
import { LikertTables } from "../results/sections/LikertTables.tsx";
import { QuotesSection } from "../results/sections/QuotesSection.tsx";
import { RankingSection } from "../results/sections/RankingSection.tsx";
import { Tiles } from "../results/sections/Tiles.tsx";
import { TrendSection } from "../results/sections/TrendSection.tsx";
import { WithheldNote } from "../results/sections/WithheldNote.tsx";
import { useCampaignScope } from "../results/use-campaign-scope.ts";
import { useResults } from "../results/use-results.ts";
import { Link } from "../router.tsx";
import "../results/results.css";

/** A4 report of one campaign at one unit, for printing or saving as PDF from the browser. */
export function ReportPage({ id, unit, compare }: { id: string; unit: string; compare: string }) {
  const { t } = useManager();
  const tp = t.report;
  const { list, campaign, selected, error } = useCampaignScope(id, unit);

  return (
    <>
      <div className="print-toolbar no-print">
        <Link href={resultsHref(id, selected || unit, compare)}>{tp.back}</Link>
        <button type="button" className="button" onClick={() => window.print()} disabled={!campaign}>
          {tp.print}
        </button>
        <p className="muted">{tp.hint}</p>
      </div>
      {error && <LoadError message={error} onRetry={() => void list.reload()} />}
      {!error && (!campaign || !selected) && <Loading />}
      {campaign && selected && (
        <Report key={`${selected}:${compare}`} campaign={campaign} unit={selected} compare={compare} />
      )}
    </>
  );
}

function Report({ campaign, unit, compare }: { campaign: CampaignInfo; unit: string; compare: string }) {
  const { t, locale } = useManager();
  const tp = t.report;
  const tr = t.results;
  const { results, form } = useResults(campaign, unit, compare);
  const r = results.data;
  const formTitle = localize(r?.campaign.title ?? campaign.formTitle, locale) || campaign.formId;
  useTitle(r ? `${tp.title} — ${r.unit.name}` : tp.title);
  if (results.error) return <LoadError message={results.error} onRetry={() => void results.reload()} />;
  // The form only labels answers: wait for it briefly, but a failure still gives a report.
  if (!r || (form.loading && !form.data)) return <Loading />;
  const today = formatShort(new Date().toISOString(), locale).slice(0, 10);
  const own = r.totals.responses > 0 && !r.totals.withheld;

  return (
    <article className="sheet report" data-testid="report">
      <header className="sheet-head report-head">
        <p className="sheet-unit">{r.unit.name}</p>
        <h1>{tp.title}</h1>
        <p className="sheet-form">{formTitle}</p>
        <p className="sheet-meta">
          {tp.period}: <strong>{r.campaign.period}</strong> · {tp.kind}:{" "}
          <strong>{t.kinds[r.campaign.kind]}</strong> · {tp.date}: <strong>{today}</strong>
        </p>
      </header>
      <p className="threshold-note">{tr.threshold(r.threshold)}</p>
      <WithheldNote r={r} />
      {r.totals.responses === 0 && <p className="empty-state">{tr.empty}</p>}

      <h2>{tp.summary}</h2>
      <Tiles r={r} />

      <section className="report-block" aria-labelledby="report-criteria">
        <h2 id="report-criteria">{tp.criteriaTexts}</h2>
        <CriteriaList criteria={r.criteriaTexts} className="criteria-texts" />
        {r.levelsTexts.length > 0 && (
          <p className="small-text">
            {tr.level}:{" "}
            {levelsBestFirst(r.levelsTexts)
              .map((l) => `${localize(l.label, locale)} ≥ ${l.min}`)
              .join(" · ")}
          </p>
        )}
      </section>

      {own && <CriteriaSection r={r} still fixedMode="bars" showLevels />}
      {(own || r.trend.some((p) => p.mean !== null)) && <TrendSection r={r} still />}
      {own && <GapSection r={r} still hideWhenNone />}
      {own && <ChangeSection r={r} still canCompare={false} />}
      {r.children.length > 0 && (
        <>
          <RankingSection r={r} />
          <CompletionSection r={r} still />
        </>
      )}
      {own && (
        <section className="report-block" aria-labelledby="report-questions">
          <h2 id="report-questions">{tp.questions}</h2>
          <LikertTables r={r} form={form.data} />
        </section>
      )}
      <QuotesSection r={r} form={form.data} />
    </article>
  );
}
