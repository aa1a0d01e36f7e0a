import { useMemo } from "react";
import { ChartBox } from "../Chart.tsx";
import { buildChangeChart, sortChangeRows } from "../charts/change-chart.ts";
import { signed } from "../format.ts";
import { TOTAL } from "../levels.ts";
import { Card, NoChart } from "./Card.tsx";
import { DiffTable } from "./DiffTable.tsx";
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
          <DiffTable
            r={r}
            heads={[change.period, r.campaign.period, tr.change]}
            rows={rows.map((c) => ({
              id: c.id,
              first: c.previous,
              second: c.mean,
              diff: c.change,
              mark: c.change >= 0 ? "up" : "down",
            }))}
          />
        </>
      )}
    </Card>
  );
}
