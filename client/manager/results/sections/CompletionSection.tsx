import { useMemo } from "react";
import { ChartBox } from "../Chart.tsx";
import { buildCompletionChart, isBehind, sortByCompletion } from "../charts/completion-chart.ts";
import { pct } from "../format.ts";
import { Card } from "./Card.tsx";
import { type SectionProps, useWords } from "./use-words.ts";

/** How far each child unit got towards its expected responses, and which are behind. */
export function CompletionSection({ r, still }: SectionProps) {
  const { tr, locale } = useWords();
  const withRate = r.children.some((c) => c.completion !== null);
  const rows = useMemo(() => sortByCompletion(r.children, withRate), [r.children, withRate]);
  const behind = rows.filter(isBehind);
  const config = useMemo(
    () => buildCompletionChart(rows, withRate, locale, tr),
    [rows, withRate, locale, tr],
  );

  return (
    <Card title={tr.completionTitle} testId="completion">
      <p className="muted small-text">{withRate ? tr.completionHint : tr.completionCounts}</p>
      <ChartBox
        name="completion"
        config={config}
        height={Math.max(140, rows.length * 36 + 50)}
        still={still}
        label={`${tr.completionTitle}: ${rows.map((c) => `${c.name} ${withRate ? pct(c.completion, locale) : c.n}`).join("; ")}`}
      />
      {withRate && (
        <p className={behind.length > 0 ? "behind-list" : "muted"} data-testid="behind">
          {behind.length > 0 ? tr.behind(behind.map((c) => c.name).join(", ")) : tr.allOnTrack}
        </p>
      )}
    </Card>
  );
}
