import { type ReactNode, useMemo, useState } from "react";
import type { LevelCounts } from "../../../../api/results.ts";
import { localize } from "../../../i18n.ts";
import { ChartBox } from "../Chart.tsx";
import { buildCriteriaChart, type CriteriaMode } from "../charts/criteria-chart.ts";
import { fmt } from "../format.ts";
import { levelDistribution, levelOf } from "../levels.ts";
import { Card, NoChart, NumHead } from "./Card.tsx";
import { type SectionProps, useWords, whyEmpty } from "./use-words.ts";

/** The unit's score per criterion: a chart (radar or bars, the reader's choice) and a table. */
export function CriteriaSection({
  r,
  still,
  fixedMode,
  showLevels,
}: SectionProps & { fixedMode?: CriteriaMode; showLevels?: boolean }) {
  const { tr, locale } = useWords();
  const [chosen, setMode] = useState<CriteriaMode>("radar");
  const mode = fixedMode ?? chosen;
  const hasData = r.criteria.some((c) => c.mean !== null);
  const config = useMemo(() => buildCriteriaChart(r, mode, locale), [r, mode, locale]);
  const parent = r.parent;
  const rows = r.criteriaTexts.map((c) => ({
    id: c.id,
    title: localize(c.title, locale) || c.id,
    stat: r.criteria.find((s) => s.id === c.id),
    parent: parent?.criteria.find((s) => s.id === c.id)?.mean ?? null,
  }));
  const height = mode === "radar" ? 360 : Math.max(200, r.criteriaTexts.length * (parent ? 58 : 42) + 70);
  const extra = { r, withParent: !!parent, showLevels: !!showLevels };

  const toggle = !fixedMode && hasData && (
    <fieldset className="segmented no-print">
      <legend className="sr-only">{tr.chartKind}</legend>
      {(["radar", "bars"] as const).map((m) => (
        <button
          key={m}
          type="button"
          aria-pressed={mode === m}
          onClick={() => setMode(m)}
          data-testid={`criteria-${m}`}
        >
          {tr[m]}
        </button>
      ))}
    </fieldset>
  );

  return (
    <Card title={tr.criteriaTitle} aside={toggle}>
      {!hasData ? (
        <NoChart text={whyEmpty(r, tr)} />
      ) : (
        <>
          {parent && <p className="muted small-text">{tr.parentNote(parent.name)}</p>}
          <ChartBox
            name={mode === "radar" ? "criteria-radar" : "criteria-bars"}
            testId="criteria-chart"
            config={config}
            height={height}
            still={still}
            label={`${tr.criteriaTitle}: ${rows.map((x) => `${x.title} ${fmt(x.stat?.mean, locale)}`).join("; ")}`}
          />
          <div className="table-wrap">
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">{tr.criterion}</th>
                  <NumHead>{tr.n}</NumHead>
                  <NumHead>{tr.mean}</NumHead>
                  <NumHead>{tr.sd}</NumHead>
                  <th scope="col">{tr.level}</th>
                  {parent && <NumHead>{parent.name}</NumHead>}
                  {showLevels && <th scope="col">{tr.levels}</th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((x) => (
                  <StatRow
                    key={x.id}
                    {...extra}
                    stat={x.stat}
                    parentMean={x.parent}
                    head={
                      <th scope="row" className="criterion-cell">
                        <span className="crit-id">{x.id}</span> {x.title}
                      </th>
                    }
                  />
                ))}
                {r.total && (
                  <StatRow
                    {...extra}
                    className="total-row"
                    stat={r.total}
                    parentMean={parent?.total}
                    head={<th scope="row">{tr.total}</th>}
                  />
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}

/** One line of the criteria table: responses, mean, deviation, level, the parent's mean, the levels reached. */
function StatRow({
  r,
  head,
  stat,
  parentMean,
  withParent,
  showLevels,
  className,
}: SectionProps & {
  head: ReactNode;
  stat: { n: number; mean: number | null; sd: number | null; levels: LevelCounts } | undefined;
  parentMean: number | null | undefined;
  withParent: boolean;
  showLevels: boolean;
  className?: string;
}) {
  const { locale } = useWords();
  return (
    <tr className={className}>
      {head}
      <td className="right">{fmt(stat?.n, locale, 0)}</td>
      <td className="right strong">{fmt(stat?.mean, locale)}</td>
      <td className="right">{fmt(stat?.sd, locale)}</td>
      <td>{localize(levelOf(stat?.mean, r.levelsTexts)?.label, locale)}</td>
      {withParent && <td className="right">{fmt(parentMean, locale)}</td>}
      {showLevels && <td className="small-text">{levelDistribution(r.levelsTexts, stat?.levels, locale)}</td>}
    </tr>
  );
}
