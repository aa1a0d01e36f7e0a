import { useMemo } from "react";
import type { ResultsBody } from "../../../../api/results.ts";
import type { FormJson } from "../../../../forms/types.ts";
import { likertGroups } from "../likert.ts";
import { useWords } from "./use-words.ts";

/** The answers per question grouped by criterion and scale, labelled from the form when it is there. */
export function useLikertGroups(r: ResultsBody, form: FormJson | null) {
  const { tr, locale } = useWords();
  return useMemo(
    () => likertGroups(form, r.questions, locale, { yes: tr.yes, no: tr.no }),
    [form, r.questions, locale, tr],
  );
}
