import { useMemo } from "react";
import { ChartBox } from "../Chart.tsx";
import { buildGapChart } from "../charts/gap-chart.ts";
import { fmt, signed } from "../format.ts";
import { Card, NoChart, NumHead } from "./Card.tsx";
import { CriterionHead } from "./CriterionHead.tsx";
import { type SectionProps, useWords, whyNone } from "./use-words.ts";

/** Staff against parents (or the other way round) per criterion, where both answered the same form. */
export function GapSection({ r, still, hideWhenNone }: SectionProps & { hideWhenNone?: boolean }) {
  const { tr, t, locale } = useWords();
  const gap = r.gap;
  const config = useMemo(
    () => buildGapChart(r, locale, { total: tr.total, gapDiff: tr.gapDiff, kinds: t.kinds }),
    [r, locale, t, tr],
  );
  const hidden = r.withheld.some((w) => w.group === "gap");
  if (!gap && !hidden && hideWhenNone) return null;
  return (
    <Card title={tr.gapTitle} testId="gap">
      {!gap || !config ? (
        <NoChart text={hidden ? tr.withheldGap(r.threshold) : whyNone(r, tr, tr.gapNone)} />
      ) : (
        <>
          <p className="muted small-text">{tr.gapHint}</p>
          <ChartBox
            name="gap"
            config={config}
            height={Math.max(200, gap.criteria.length * 58 + 70)}
            still={still}
            label={`${tr.gapTitle}: ${gap.criteria.map((c) => `${c.id} ${fmt(c.mean, locale)} / ${fmt(c.otherMean, locale)}`).join("; ")}`}
          />
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{tr.criterion}</th>
                <NumHead>{t.kinds[r.campaign.kind]}</NumHead>
                <NumHead>{t.kinds[gap.kind]}</NumHead>
                <NumHead>{tr.gapDiff}</NumHead>
              </tr>
            </thead>
            <tbody>
              {gap.criteria.map((c) => (
                <tr key={c.id}>
                  <CriterionHead r={r} id={c.id} />
                  <td className="right">{fmt(c.mean, locale)}</td>
                  <td className="right">{fmt(c.otherMean, locale)}</td>
                  <td className={`right strong ${Math.abs(c.gap) >= 10 ? "big-gap" : ""}`}>
                    {signed(c.gap, locale)}
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
