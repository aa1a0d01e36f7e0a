import { useMemo } from "react";
import type { FormJson } from "../../../../forms/types.ts";
import { ChartBox } from "../Chart.tsx";
import { buildLikertChart } from "../charts/likert-chart.ts";
import type { LikertGroup } from "../likert.ts";
import { Card, NoChart } from "./Card.tsx";
import { useLikertGroups } from "./use-likert-groups.ts";
import { type SectionProps, useWords, whyEmpty } from "./use-words.ts";

/** The answers per question as stacked bars, one chart per criterion and answer scale. */
export function LikertSection({ r, form, still }: SectionProps & { form: FormJson | null }) {
  const { tr } = useWords();
  const groups = useLikertGroups(r, form);
  return (
    <Card title={tr.likertTitle} testId="likert" wide>
      {groups.length === 0 ? (
        <NoChart text={whyEmpty(r, tr)} />
      ) : (
        <>
          <p className="muted small-text no-print">{tr.likertHint}</p>
          {groups.map((g, i) => (
            <LikertChart
              key={g.key}
              group={g}
              still={still}
              continued={i > 0 && groups[i - 1]?.title === g.title}
            />
          ))}
        </>
      )}
    </Card>
  );
}

function LikertChart({
  group,
  still,
  continued,
}: {
  group: LikertGroup;
  still?: boolean;
  /** The previous chart had the same heading (a criterion whose questions use two answer scales). */
  continued?: boolean;
}) {
  const { tr, locale } = useWords();
  const config = useMemo(() => buildLikertChart(group, locale), [group, locale]);
  const title = group.title ?? tr.otherQuestions;
  return (
    <div className="likert-group">
      {!continued && <h3>{title}</h3>}
      <ChartBox
        name="likert"
        config={config}
        height={group.rows.length * 40 + 70}
        still={still}
        label={`${tr.likertTitle} — ${title}`}
      />
    </div>
  );
}
