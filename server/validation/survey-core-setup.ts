import { installLinearRegex } from "../../forms/linear-regex.ts";

// survey-core logs a refused value as `An attempt to assign an incorrect value<the value as JSON> to the
// following question: "<name>"`: attacker text, of any length and with any line breaks, in the server's
// log. Such lines are replaced by one that names only the question (escaped).
const REFUSED_VALUE =
  /^An attempt to assign an incorrect value[\s\S]* to the following question: "([\s\S]*)"$/;

let installed = false;

/**
 * What the server needs of survey-core in every thread that validates answers: regex validators on a
 * linear-time engine (forms/linear-regex.ts), and no attacker text in the log.
 */
export function prepareSurveyCore(): void {
  if (installed) return;
  installed = true;
  installLinearRegex();
  const warn = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    const first = args[0];
    if (typeof first === "string" && first.startsWith("An attempt to assign an incorrect value")) {
      const question = REFUSED_VALUE.exec(first)?.[1] ?? "?";
      warn(`survey-core refused a value for question ${JSON.stringify(question.slice(0, 100))}`);
      return;
    }
    warn(...args);
  };
}
