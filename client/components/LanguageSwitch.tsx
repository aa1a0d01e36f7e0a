import type { Locale } from "../i18n.ts";
import { strings } from "../i18n.ts";

const OPTIONS: { locale: Locale; label: string }[] = [
  { locale: "vi", label: "Tiếng Việt" },
  { locale: "en", label: "English" },
];

export function LanguageSwitch({ locale, onChange }: { locale: Locale; onChange: (locale: Locale) => void }) {
  return (
    <nav className="lang" aria-label={strings[locale].language}>
      {OPTIONS.map((o, i) => (
        <span key={o.locale}>
          {i > 0 && <span aria-hidden="true"> | </span>}
          <button
            type="button"
            lang={o.locale}
            aria-pressed={o.locale === locale}
            onClick={() => onChange(o.locale)}
          >
            {o.label}
          </button>
        </span>
      ))}
    </nav>
  );
}
