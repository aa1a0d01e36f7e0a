import { Serializer, surveyLocalization } from "survey-core";
import "survey-core/i18n/vietnamese";

let registered = false;

/**
 * Teaches survey-core the scoring metadata of tieuchi forms, so that models keep it and `jsonErrors`
 * stays empty, and makes Vietnamese the default locale: our forms keep Vietnamese under `default`, and
 * survey-core would otherwise read `default` as English and never switch to the `en` texts.
 * Idempotent; call before building any Model (server and client).
 */
export function registerFormProperties(): void {
  if (registered) return;
  registered = true;
  surveyLocalization.defaultLocale = "vi";
  Serializer.addProperty("survey", { name: "audience", category: "tieuchi" });
  Serializer.addProperty("survey", { name: "source", category: "tieuchi" });
  Serializer.addProperty("survey", { name: "criteria", category: "tieuchi", isSerializable: true });
  Serializer.addProperty("survey", { name: "levels", category: "tieuchi", isSerializable: true });
  Serializer.addProperty("survey", { name: "criterionLevels", category: "tieuchi", isSerializable: true });
  Serializer.addProperty("question", { name: "criterion", category: "tieuchi" });
  Serializer.addProperty("question", { name: "weight:number", category: "tieuchi" });
  Serializer.addProperty("question", { name: "maxScore:number", category: "tieuchi" });
  Serializer.addProperty("text", { name: "target:number", category: "tieuchi" });
  Serializer.addProperty("itemvalue", { name: "score:number", category: "tieuchi" });
}
