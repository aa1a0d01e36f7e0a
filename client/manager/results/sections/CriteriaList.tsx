import type { ResultsBody } from "../../../../api/results.ts";
import { localize } from "../../../i18n.ts";
import { useManager } from "../../context.ts";

/** The criteria's ids with their titles: the key to the short column headings. */
export function CriteriaList({
  criteria,
  className,
}: {
  criteria: ResultsBody["criteriaTexts"];
  className: string;
}) {
  const { locale } = useManager();
  return (
    <dl className={className}>
      {criteria.map((c) => (
        <div key={c.id}>
          <dt>{c.id}</dt>
          <dd>{localize(c.title, locale)}</dd>
        </div>
      ))}
    </dl>
  );
}
