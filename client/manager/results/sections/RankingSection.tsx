import { Fragment } from "react";
import type { ChildResult, ResultsBody, WithheldReason } from "../../../../api/results.ts";
import { localize } from "../../../i18n.ts";
import { Link } from "../../router.tsx";
import { isBehind } from "../charts/completion-chart.ts";
import { heatColour, heatLegend } from "../colours.ts";
import { fmt, pct } from "../format.ts";
import { criterionTitle, levelOf } from "../levels.ts";
import { Card, Meter, NumHead } from "./Card.tsx";
import { CriteriaList } from "./CriteriaList.tsx";
import { type SectionProps, useWords } from "./use-words.ts";

function reasonOf(r: ResultsBody, child: ChildResult): WithheldReason {
  const entry = r.withheld.find((w) => w.group === "child" && w.unit === child.code);
  return entry?.reason ?? (child.n < r.threshold ? "below_threshold" : "complement");
}

/** Shown children by total score (best first), then the withheld ones, then those without responses. */
function ranked(children: ChildResult[]): ChildResult[] {
  const group = (c: ChildResult) => (c.total !== null ? 0 : c.withheld ? 1 : 2);
  return [...children].sort(
    (a, b) => group(a) - group(b) || (b.total ?? 0) - (a.total ?? 0) || a.name.localeCompare(b.name, "vi"),
  );
}

/** The child units ranked by total score, with their criteria as a heat table. */
export function RankingSection({
  r,
  hrefFor,
}: SectionProps & {
  /** Where a child's name links to (the drill-down); no links when absent. */
  hrefFor?: (code: string) => string;
}) {
  const { tr, locale, t } = useWords();
  const ids = r.criteriaTexts.map((c) => c.id);
  const rows = ranked(r.children);
  const legend = heatLegend();
  let rank = 0;
  const cell = (mean: number | null | undefined, title: string) =>
    mean === null || mean === undefined ? (
      <td className="heat empty">—</td>
    ) : (
      <td
        className="heat"
        style={{ background: heatColour(mean) }}
        title={`${title}: ${fmt(mean, locale)} — ${localize(levelOf(mean, r.levelsTexts)?.label, locale)}`}
      >
        {fmt(mean, locale)}
      </td>
    );
  return (
    <Card title={tr.rankingTitle} wide>
      {hrefFor && <p className="muted small-text no-print">{tr.rankingHint}</p>}
      <div className="table-wrap">
        <table className="table heat-table" data-testid="ranking">
          <thead>
            <tr>
              <NumHead>{tr.rank}</NumHead>
              <th scope="col">{tr.name}</th>
              <NumHead>{tr.n}</NumHead>
              <th scope="col">{tr.completion}</th>
              <NumHead>{tr.total}</NumHead>
              {ids.map((id) => (
                <NumHead key={id} title={criterionTitle(r, id, locale, tr.total)}>
                  {id}
                </NumHead>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => {
              const shown = c.total !== null;
              if (shown) rank++;
              return (
                <tr key={c.code} data-unit={c.code} data-withheld={c.withheld || undefined}>
                  <td className="right">{shown ? rank : ""}</td>
                  <th scope="row" className="unit-cell">
                    {hrefFor ? <Link href={hrefFor(c.code)}>{c.name}</Link> : c.name}
                    <span className="unit-kind">{t.unitKinds[c.kind] ?? c.kind}</span>
                  </th>
                  <td className="right">
                    {fmt(c.n, locale, 0)}
                    {c.expected !== null && <span className="muted">/{fmt(c.expected, locale, 0)}</span>}
                  </td>
                  <td className={isBehind(c) ? "completion behind" : "completion"}>
                    {c.completion !== null ? (
                      <>
                        <Meter rate={c.completion} />
                        {pct(c.completion, locale)}
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                  {shown ? (
                    <>
                      {cell(c.total, tr.total)}
                      {ids.map((id) => (
                        <Fragment key={id}>
                          {cell(
                            c.criteria.find((x) => x.id === id)?.mean,
                            criterionTitle(r, id, locale, tr.total),
                          )}
                        </Fragment>
                      ))}
                    </>
                  ) : (
                    <td colSpan={1 + ids.length} className="hidden-cell">
                      {!c.withheld
                        ? tr.noResponses
                        : reasonOf(r, c) === "complement"
                          ? tr.hiddenComplement
                          : tr.hiddenBelow(r.threshold)}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="heat-legend">
        <span>{tr.scale}:</span>
        <span className="heat-bar" style={{ background: legend.gradient }} aria-hidden="true">
          {legend.stops.map((s, i) => (
            <span key={s} className="tick" style={{ left: `${(i / (legend.stops.length - 1)) * 100}%` }}>
              {s}
            </span>
          ))}
        </span>
      </div>
      <CriteriaList criteria={r.criteriaTexts} className="crit-legend small-text" />
    </Card>
  );
}
