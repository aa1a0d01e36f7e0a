import type { ResultsBody } from "../../../../api/results.ts";
import { fmt, signed } from "../format.ts";
import { TOTAL } from "../levels.ts";
import { NumHead } from "./Card.tsx";
import { CriterionHead } from "./CriterionHead.tsx";
import { useWords } from "./use-words.ts";

export interface DiffRow {
  id: string;
  first: number;
  second: number;
  diff: number;
  /** The class of the difference's cell besides "right strong" (its colour). */
  mark: string;
}

/** Two scores per criterion and their signed difference, under the columns' headings. */
export function DiffTable({
  r,
  heads,
  rows,
}: {
  r: ResultsBody;
  heads: [string, string, string];
  rows: DiffRow[];
}) {
  const { tr, locale } = useWords();
  return (
    <table className="table compact">
      <thead>
        <tr>
          <th scope="col">{tr.criterion}</th>
          {heads.map((h, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the three columns are fixed (two periods may read alike)
            <NumHead key={i}>{h}</NumHead>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.id} className={c.id === TOTAL ? "total-row" : undefined}>
            <CriterionHead r={r} id={c.id} />
            <td className="right">{fmt(c.first, locale)}</td>
            <td className="right">{fmt(c.second, locale)}</td>
            <td className={`right strong ${c.mark}`}>{signed(c.diff, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
