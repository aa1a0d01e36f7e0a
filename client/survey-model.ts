import { Model, type QuestionRatingModel, surveyLocalization } from "survey-core";
import "survey-core/i18n/vietnamese";
import theme from "survey-core/themes/default-light-panelless";
import type { FormJson } from "../api/respondent.ts";
import { registerFormProperties } from "../forms/survey-properties.ts";
import type { Locale } from "./i18n.ts";
import { sanitizeSurveyHtml } from "./safe-html.ts";

// Forms keep Vietnamese under `default`; with survey-core's default ("en") their `en` texts would never show.
surveyLocalization.defaultLocale = "vi";

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export function createSurvey(json: FormJson, locale: Locale): Model {
  registerFormProperties();
  const model = new Model(json);
  sanitizeSurveyHtml(model);
  model.applyTheme({
    ...theme,
    // The fontless stylesheet skips Open Sans from Google Fonts (a dozen requests on 3G); phones' own fonts cover Vietnamese.
    cssVariables: {
      ...theme.cssVariables,
      "--sjs2-typography-font-family-text": FONT,
      // survey-core's #19B394 has 2.6:1 contrast with white (its buttons' text, the chosen rating's
      // number); this green has 5.1:1, above WCAG's 4.5:1 for text.
      "--sjs2-color-project-brand-600": "#0f7c66",
      // Secondary text (character counters, a disabled yes/no's labels) on the grey inputs: 4.4:1 at
      // survey-core's 60% black; its grey 600 has 5.4:1.
      "--sjs2-color-fg-basic-secondary": "var(--sjs2-palette-gray-600)",
    },
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
