import { useMemo } from "react";
import { ChartBox } from "../Chart.tsx";
import { buildGapChart } from "../charts/gap-chart.ts";
import { fmt } from "../format.ts";
import { Card, NoChart } from "./Card.tsx";
import { DiffTable } from "./DiffTable.tsx";
import { type SectionProps, useWords, whyNone } from "./use-words.ts";

type Kind = SectionProps["r"]["campaign"]["kind"];

/** The section's title in the columns' order: this campaign's respondents, then the other kind. */
export function gapTitle(
  kind: Kind,
  other: Kind | undefined,
  kinds: Record<Kind, string>,
  words: (first: string, second: string) => string,
): string {
  return words(kinds[kind], kinds[other ?? (kind === "parent" ? "staff" : "parent")]);
}

/** Staff against parents (or the other way round) per criterion, where both answered the same form. */
export function GapSection({ r, still, hideWhenNone }: SectionProps & { hideWhenNone?: boolean }) {
  const { tr, t, locale } = useWords();
  const gap = r.gap;
  const config = useMemo(
    () => buildGapChart(r, locale, { total: tr.total, gapDiff: tr.gapDiff, kinds: t.kinds }),
    [r, locale, t, tr],
  );
  const hidden = r.withheld.some((w) => w.group === "gap");
  const title = gapTitle(r.campaign.kind, gap?.kind, t.kinds, tr.gapTitle);
  if (!gap && !hidden && hideWhenNone) return null;
  return (
    <Card title={title} testId="gap">
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
            label={`${title}: ${gap.criteria.map((c) => `${c.id} ${fmt(c.mean, locale)} / ${fmt(c.otherMean, locale)}`).join("; ")}`}
          />
          <DiffTable
            r={r}
            heads={[t.kinds[r.campaign.kind], t.kinds[gap.kind], tr.gapDiff]}
            rows={gap.criteria.map((c) => ({
              id: c.id,
              first: c.mean,
              second: c.otherMean,
              diff: c.gap,
              mark: Math.abs(c.gap) >= 10 ? "big-gap" : "",
            }))}
          />
        </>
      )}
    </Card>
  );
}
