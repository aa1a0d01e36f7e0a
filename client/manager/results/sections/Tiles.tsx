import { type Locale, localize } from "../../../i18n.ts";
import { isBehind } from "../charts/completion-chart.ts";
import { heatColour } from "../colours.ts";
import { fmt, pct } from "../format.ts";
import { levelDistribution, levelOf } from "../levels.ts";
import { Meter } from "./Card.tsx";
import { type SectionProps, useWords } from "./use-words.ts";

/** The headline numbers: responses, completion, total score, level, criteria. */
export function Tiles({ r }: SectionProps) {
  const { tr, locale } = useWords();
  const n = r.totals.responses;
  const completion = r.totals.completion;
  const behind = isBehind(r.totals);
  const mean = r.total?.mean ?? null;
  const level = levelOf(mean, r.levelsTexts);
  const noScore = r.totals.withheld && n > 0 ? tr.tiles.hidden : tr.tiles.none;
  const distribution = levelDistribution(r.levelsTexts, r.total?.levels, locale);
  return (
    <dl className="tiles" data-testid="tiles" aria-label={tr.tiles.label}>
      <div className="tile">
        <dt>{tr.tiles.responses}</dt>
        <dd className="tile-value" data-tile="responses">
          {fmt(n, locale, 0)}
        </dd>
        <dd className="tile-sub">
          {r.totals.expected !== null
            ? tr.tiles.ofExpected(fmt(r.totals.expected, locale, 0))
            : tr.tiles.noExpected}
        </dd>
      </div>
      <div className={behind ? "tile behind" : "tile"}>
        <dt>{tr.tiles.completion}</dt>
        <dd className="tile-value" data-tile="completion">
          {pct(completion, locale)}
        </dd>
        <dd className="tile-sub">
          {completion !== null ? (
            <>
              <Meter rate={completion} />
              {behind && <span className="behind-text">{tr.tiles.behind}</span>}
            </>
          ) : (
            tr.tiles.noExpected
          )}
        </dd>
      </div>
      <div className="tile">
        <dt>{tr.tiles.score}</dt>
        <dd className="tile-value" data-tile="score">
          {mean !== null ? (
            <>
              {fmt(mean, locale)}
              <span className="tile-unit">{tr.tiles.outOf}</span>
            </>
          ) : (
            noScore
          )}
        </dd>
        <dd className="tile-sub">{r.total ? tr.tiles.sd(fmt(r.total.sd, locale)) : "\u00a0"}</dd>
      </div>
      <div className="tile" style={level && mean !== null ? { borderTopColor: heatColour(mean) } : undefined}>
        <dt>{tr.tiles.level}</dt>
        <dd className="tile-value" data-tile="level">
          {level ? localize(level.label, locale) : noScore}
        </dd>
        <dd className="tile-sub">{distribution || "\u00a0"}</dd>
      </div>
      <div className="tile">
        <dt>{tr.tiles.criteria}</dt>
        <dd className="tile-value" data-tile="criteria">
          {r.criteriaTexts.length}
        </dd>
        <dd className="tile-sub">{criteriaList(r.criteriaTexts, locale) || "\u00a0"}</dd>
      </div>
    </dl>
  );
}

/** The criteria by their titles, as managers know them, not by the form's internal ids (LEADER…). */
export function criteriaList(criteria: SectionProps["r"]["criteriaTexts"], locale: Locale): string {
  return criteria.map((c) => localize(c.title, locale) || c.id).join(" · ");
}
