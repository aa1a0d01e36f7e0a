import { useMemo } from "react";
import { diffForms, isEmptyDiff, type QuestionChange } from "../../../../forms/diff.ts";
import type { FormJson } from "../../../../forms/types.ts";
import { localize } from "../../../i18n.ts";
import { useManager } from "../../context.ts";
import { formStrings } from "./strings.ts";

/** What changed between two versions of a form: questions added, removed, reworded, rescored; criteria; levels. */
export function VersionDiff({ before, after }: { before: FormJson; after: FormJson }) {
  const { locale } = useManager();
  const ft = formStrings[locale];
  const diff = useMemo(() => diffForms(before, after), [before, after]);
  if (isEmptyDiff(diff))
    return (
      <p className="muted" data-testid="diff">
        {ft.noChange}
      </p>
    );

  const section = (key: "added" | "removed" | "reworded" | "rescored", list: QuestionChange[]) =>
    list.length > 0 && (
      <section data-diff={key}>
        <h3 className={`diff-${key}`}>
          {ft[key]} ({list.length})
        </h3>
        <ul>
          {list.map((q) => (
            <li key={q.name}>
              {localize(q.title, locale) || q.name} <small className="muted mono">{q.name}</small>
              {q.fields.length > 0 && (
                <small className="muted"> — {q.fields.map((f) => ft.fields[f] ?? f).join(", ")}</small>
              )}
            </li>
          ))}
        </ul>
      </section>
    );

  return (
    <div className="diff card" data-testid="diff">
      {section("added", diff.added)}
      {section("removed", diff.removed)}
      {section("reworded", diff.reworded)}
      {section("rescored", diff.rescored)}
      {diff.criteria.added.length > 0 && (
        <p>
          {ft.criteriaAdded}: {diff.criteria.added.join(", ")}
        </p>
      )}
      {diff.criteria.removed.length > 0 && (
        <p>
          {ft.criteriaRemoved}: {diff.criteria.removed.join(", ")}
        </p>
      )}
      {diff.levels && <p>{ft.levelsChanged}</p>}
    </div>
  );
}
