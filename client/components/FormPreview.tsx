import { useEffect, useMemo, useState } from "react";
import { Survey } from "survey-react-ui";
import "survey-core/survey-core.fontless.min.css";
import type { FormJson, Scores } from "../../api/respondent.ts";
import { scoreResponse } from "../../forms/score.ts";
import type { Locale } from "../i18n.ts";
import { createSurvey } from "../survey-model.ts";
import { ResultView } from "./ResultView.tsx";

interface Props {
  form: FormJson;
  locale: Locale;
  againText: string;
}

/**
 * A form as its respondents get it (the same survey model and result view as the form page), in a
 * phone-wide frame. Answers stay here: completing it scores them in the browser and shows the result
 * screen a respondent would see.
 */
export function FormPreview({ form, locale, againText }: Props) {
  const [round, setRound] = useState(0);
  const [scores, setScores] = useState<Scores | null | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new round starts a fresh model
  const model = useMemo(() => createSurvey(form, locale), [form, round]);
  useEffect(() => {
    model.locale = locale;
  }, [model, locale]);
  useEffect(() => {
    const done = () => setScores(scoreResponse(form, model.data));
    model.onComplete.add(done);
    return () => model.onComplete.remove(done);
  }, [model, form]);
  return (
    <div className="phone-frame" data-testid="form-preview">
      {scores === undefined ? (
        <Survey model={model} />
      ) : (
        <>
          <ResultView scores={scores} form={form} locale={locale} />
          <button
            type="button"
            className="button"
            onClick={() => {
              setScores(undefined);
              setRound((r) => r + 1);
            }}
          >
            {againText}
          </button>
        </>
      )}
    </div>
  );
}
