import { useEffect, useState } from "react";
import { loadLocale, saveLocale } from "../autosave.ts";
import type { Locale } from "../i18n.ts";
import { strings } from "../i18n.ts";
import { ErrorPage } from "./ErrorPage.tsx";
import { LanguageSwitch } from "./LanguageSwitch.tsx";

/** A path that is no page (most often a form link cut short in a message): said to the respondent. */
export function NotFoundPage() {
  const [locale, setLocale] = useState<Locale>(() => loadLocale() ?? "vi");
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = `${strings[locale].errors.page_not_found.title} — tieuchi`;
  }, [locale]);
  return (
    <main className="page">
      <header className="top">
        <div className="top-info" />
        <LanguageSwitch
          locale={locale}
          onChange={(l) => {
            setLocale(l);
            saveLocale(l);
          }}
        />
      </header>
      <ErrorPage code="page_not_found" locale={locale} />
    </main>
  );
}
