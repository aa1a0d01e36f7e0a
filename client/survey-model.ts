import { Model, type QuestionRatingModel, surveyLocalization } from "survey-core";
import "survey-core/i18n/vietnamese";
import theme from "survey-core/themes/default-light-panelless";
import type { FormJson } from "../api/respondent.ts";
import { registerFormProperties } from "../forms/survey-properties.ts";
import type { Locale } from "./i18n.ts";

// Forms keep Vietnamese under `default`; with survey-core's default ("en") their `en` texts would never show.
surveyLocalization.defaultLocale = "vi";

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export function createSurvey(json: FormJson, locale: Locale): Model {
  registerFormProperties();
  const model = new Model(json);
  model.applyTheme({
    ...theme,
    // The fontless stylesheet skips Open Sans from Google Fonts (a dozen requests on 3G); phones' own fonts cover Vietnamese.
    cssVariables: { ...theme.cssVariables, "--sjs2-typography-font-family-text": FONT },
  });
  model.locale = locale;
  fitRatingsToPhones(model);
  // The app renders its own result or thank-you page after the server has answered.
  model.showCompletePage = false;
  // Text reaches the model (and so the saved draft) as it is typed, not when the field loses focus.
  model.textUpdateMode = "onTyping";
  return model;
}

// Long scale labels ("Hoàn toàn không đồng ý") beside the buttons leave no room on a phone, and
// survey-core then falls back to a dropdown (two taps per answer); above and below the buttons they fit.
function fitRatingsToPhones(model: Model): void {
  for (const q of model.getAllQuestions()) {
    if (q.getType() === "rating" && (q as QuestionRatingModel).rateDescriptionLocation === "leftRight") {
      (q as QuestionRatingModel).rateDescriptionLocation = "topBottom";
    }
  }
}
