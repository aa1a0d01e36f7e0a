import type { FormJson } from "../../../../api/respondent.ts";
import { scoringSummary } from "../../../../forms/scoring-summary.ts";
import type { Locale } from "../../../i18n.ts";
import { importStrings } from "./strings.ts";

/** Each scored question's answers with their points, and the level rules, as the manager checks them. */
export function ScoringTable({ form, locale }: { form: FormJson; locale: Locale }) {
  const t = importStrings[locale];
  const { questions, levels } = scoringSummary(form, locale);
  return (
    <section data-testid="scoring">
      <h2>{t.levels}</h2>
      {levels.length === 0 ? (
        <p className="hint">{t.noLevels}</p>
      ) : (
        <ol data-testid="level-rules">
          {levels.map((l) => (
            <li key={`${l.label}-${l.min}`}>{t.levelRow(l.label, l.min, l.rules)}</li>
          ))}
        </ol>
      )}
      <h2>{t.scoring}</h2>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t.criterion}</th>
              <th scope="col">{t.question}</th>
              <th scope="col">{t.weight}</th>
              <th scope="col">{t.answers}</th>
            </tr>
          </thead>
          <tbody>
            {questions.map((q) => (
              <tr key={q.name}>
                <td className="mono">{q.criterion}</td>
                <td>{q.title}</td>
                <td className="right">{q.weight}</td>
                <td className="small-text">
                  {q.target !== undefined
                    ? t.target(q.target)
                    : q.answers.map((a) => `${a.text} → ${a.points ?? t.unscored}`).join(" · ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
