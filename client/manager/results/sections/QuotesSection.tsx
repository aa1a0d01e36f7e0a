import { useMemo } from "react";
import type { FormJson } from "../../../../forms/types.ts";
import { listElements } from "../../../../forms/walk.ts";
import { localize } from "../../../i18n.ts";
import { groupQuotes } from "../quotes.ts";
import { Card } from "./Card.tsx";
import { type SectionProps, useWords } from "./use-words.ts";

/** The free-text answers per question, identical ones once with how many wrote them. */
export function QuotesSection({ r, form }: SectionProps & { form: FormJson | null }) {
  const { tr, locale } = useWords();
  const byQuestion = useMemo(() => {
    const titles = new Map(
      (form ? listElements(form) : []).filter((el) => el.name).map((el) => [el.name as string, el.title]),
    );
    const names = [...new Set(r.texts.map((x) => x.question))];
    return names.map((q) => ({
      question: q,
      title: localize(titles.get(q), locale) || q,
      quotes: groupQuotes(r.texts.filter((x) => x.question === q)),
    }));
  }, [r.texts, form, locale]);
  if (r.texts.length === 0) return null;
  return (
    <Card title={tr.quotesTitle} testId="quotes" wide>
      <p className="muted small-text">{tr.quotesHint}</p>
      {byQuestion.map((q) => (
        <div key={q.question} className="quotes">
          {byQuestion.length > 1 && <h3>{q.title}</h3>}
          <ul>
            {q.quotes.map((x) => (
              <li key={x.text}>
                <blockquote>{x.text}</blockquote>
                {x.n > 1 && <span className="quote-count">{tr.times(x.n)}</span>}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </Card>
  );
}
