import type { FormJson } from "../../../../forms/types.ts";
import { fmt } from "../format.ts";
import type { LikertGroup } from "../likert.ts";
import { NoChart, NumHead } from "./Card.tsx";
import { useLikertGroups } from "./use-likert-groups.ts";
import { type SectionProps, useWords, whyEmpty } from "./use-words.ts";

/** The answers per question as a table with the questions in full (the print report). */
export function LikertTables({ r, form }: SectionProps & { form: FormJson | null }) {
  const { tr } = useWords();
  const groups = useLikertGroups(r, form);
  if (groups.length === 0) return <NoChart text={whyEmpty(r, tr)} />;
  return (
    <div data-testid="likert">
      {groups.map((g, i) => (
        <div key={g.key} className="likert-group">
          {(i === 0 || groups[i - 1]?.title !== g.title) && <h3>{g.title ?? tr.otherQuestions}</h3>}
          {g.scale.labels.some((l, k) => l !== g.scale.short[k]) && (
            <p className="small-text scale-legend">
              {g.scale.labels.map((l, k) => (
                <span key={g.scale.values[k]}>
                  <Swatch colour={g.scale.colours[k]} />
                  {l}
                </span>
              ))}
            </p>
          )}
          <LikertTable group={g} />
        </div>
      ))}
    </div>
  );
}

function Swatch({ colour }: { colour: string | undefined }) {
  return <span className="swatch" style={{ background: colour }} aria-hidden="true" />;
}

function LikertTable({ group: g }: { group: LikertGroup }) {
  const { tr, locale } = useWords();
  return (
    <table className="table compact likert-table">
      <thead>
        <tr>
          <th scope="col">{tr.question}</th>
          {g.scale.short.map((l, k) => (
            <th key={g.scale.values[k]} scope="col" className="right value-col" title={g.scale.labels[k]}>
              <Swatch colour={g.scale.colours[k]} />
              {l}
            </th>
          ))}
          <NumHead>{tr.answers}</NumHead>
        </tr>
      </thead>
      <tbody>
        {g.rows.map((row) => (
          <tr key={row.name}>
            <th scope="row" className="question-cell">
              {row.number && <span className="crit-id">{row.number}.</span>} {row.title}
              <span className="stack" aria-hidden="true">
                {row.percents.map((p, k) => (
                  <span
                    // biome-ignore lint/suspicious/noArrayIndexKey: the scale's positions are fixed
                    key={k}
                    className="seg"
                    style={{ width: `${p}%`, background: g.scale.colours[k] }}
                  />
                ))}
              </span>
            </th>
            {row.percents.map((p, k) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the scale's positions are fixed
              <td key={k} className="right">
                {row.counts[k] ? `${fmt(p, locale, 0)}%` : "·"}
              </td>
            ))}
            <td className="right">{fmt(row.total, locale, 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
