import { useMemo } from "react";
import { ChartBox } from "../Chart.tsx";
import { buildTrendChart } from "../charts/trend-chart.ts";
import { fmt } from "../format.ts";
import { Card, NoChart } from "./Card.tsx";
import { type SectionProps, useWords, whyNone } from "./use-words.ts";

/** The unit's total score over the periods of the same form. */
export function TrendSection({ r, still }: SectionProps) {
  const { tr, locale } = useWords();
  const points = r.trend;
  const shown = points.filter((p) => p.mean !== null);
  const hidden = points.filter((p) => p.mean === null && p.n > 0);
  const config = useMemo(() => buildTrendChart(r, locale, tr), [r, locale, tr]);
  return (
    <Card title={tr.trendTitle} testId="trend">
      {shown.length === 0 ? (
        <NoChart text={whyNone(r, tr, tr.trendNone)} />
      ) : (
        <>
          <ChartBox
            name="trend"
            config={config}
            height={260}
            still={still}
            label={`${tr.trendTitle}: ${shown.map((p) => `${p.period} ${fmt(p.mean, locale)}`).join("; ")}`}
          />
          {shown.length === 1 && <p className="muted small-text">{tr.trendOne}</p>}
          {hidden.length > 0 && (
            <p className="muted small-text">
              {tr.trendWithheld(r.threshold, hidden.map((p) => p.period).join(", "))}
            </p>
          )}
        </>
      )}
    </Card>
  );
}
