import { useMemo } from "react";
import { ChartBox } from "../Chart.tsx";
import { buildChangeChart, sortChangeRows } from "../charts/change-chart.ts";
import { fmt, signed } from "../format.ts";
import { TOTAL } from "../levels.ts";
import { Card, NoChart, NumHead } from "./Card.tsx";
import { CriterionHead } from "./CriterionHead.tsx";
import { type SectionProps, useWords } from "./use-words.ts";

/** The change per criterion since the period compared with (none chosen: how to choose one). */
export function ChangeSection({ r, still, canCompare }: SectionProps & { canCompare: boolean }) {
  const { tr, locale } = useWords();
  const change = r.change;
  const rows = useMemo(() => sortChangeRows(change), [change]);
  const config = useMemo(
    () => (change ? buildChangeChart(r, rows, locale, tr) : null),
    [change, rows, r, locale, tr],
  );
  const hidden = r.withheld.some((w) => w.group === "change");
  if (!change && !hidden && !canCompare) return null;
  return (
    <Card title={tr.changeTitle} testId="change">
      {!change || !config ? (
        <NoChart text={hidden ? tr.withheldChange(r.threshold) : tr.changePick} />
      ) : (
        <>
          <p className="muted small-text">{tr.changeVs(change.period)}</p>
          <ChartBox
            name="change"
            config={config}
            height={Math.max(160, rows.length * 44 + 50)}
            still={still}
            label={`${tr.changeTitle}: ${rows.map((c) => `${c.id === TOTAL ? tr.total : c.id} ${signed(c.change, locale)}`).join("; ")}`}
          />
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{tr.criterion}</th>
                <NumHead>{change.period}</NumHead>
                <NumHead>{r.campaign.period}</NumHead>
                <NumHead>{tr.change}</NumHead>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} className={c.id === TOTAL ? "total-row" : undefined}>
                  <CriterionHead r={r} id={c.id} />
                  <td className="right">{fmt(c.previous, locale)}</td>
                  <td className="right">{fmt(c.mean, locale)}</td>
                  <td className={`right strong ${c.change >= 0 ? "up" : "down"}`}>
                    {signed(c.change, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}
