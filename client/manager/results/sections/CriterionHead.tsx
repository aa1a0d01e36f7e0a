import type { ResultsBody } from "../../../../api/results.ts";
import { criterionTitle, TOTAL } from "../levels.ts";
import { useWords } from "./use-words.ts";

/** The heading cell of a criterion's row: its id, then its title ("Total" alone for the total). */
export function CriterionHead({ r, id }: { r: ResultsBody; id: string }) {
  const { tr, locale } = useWords();
  return (
    <th scope="row" className="criterion-cell">
      {id !== TOTAL && <span className="crit-id">{id}</span>} {criterionTitle(r, id, locale, tr.total)}
    </th>
  );
}
