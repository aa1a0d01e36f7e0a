import { useEffect, useMemo, useState } from "react";
import { Survey } from "survey-react-ui";
import "survey-core/survey-core.fontless.min.css";
import { scoreResponse } from "../../../forms/score.ts";
import type { FormJson, Scores } from "../../../forms/types.ts";
import { ResultView } from "../../components/ResultView.tsx";
import type { Locale } from "../../i18n.ts";
import { createSurvey } from "../../survey-model.ts";
import "./form-preview.css";

interface Props {
  form: FormJson;
  locale: Locale;
  title: string;
}

/**
 * A form as a respondent sees it on a phone: the form page's survey model and survey-react-ui, and,
 * on "Hoàn thành", the result page with the scores those trial answers get (computed here by the
 * same scoreResponse the server uses; nothing is sent or stored). Loaded on demand: survey-core is
 * most of the client's weight.
 */
export default function FormPreview({ form, locale, title }: Props) {
  const model = useMemo(() => createSurvey(form, locale), [form, locale]);
  const [scores, setScores] = useState<{ scores: Scores | null } | null>(null);

  useEffect(() => {
    const done = () => setScores({ scores: scoreResponse(form, model.data) });
    model.onComplete.add(done);
    return () => model.onComplete.remove(done);
  }, [model, form]);

  const again = () => {
    model.clear(false, true);
    setScores(null);
  };

  return (
    <figure className="phone-frame" aria-label={title} data-testid="form-preview">
      <div className="page">
        {scores ? (
          <ResultView scores={scores.scores} form={form} locale={locale} onEdit={again} />
        ) : (
          <Survey model={model} />
        )}
      </div>
    </figure>
  );
}
