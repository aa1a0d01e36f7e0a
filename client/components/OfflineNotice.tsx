import { type Locale, strings } from "../i18n.ts";

export function OfflineNotice({ locale, onRetry }: { locale: Locale; onRetry: () => void }) {
  const t = strings[locale];
  return (
    <section className="card offline" data-testid="offline" role="status">
      <p>{t.offline}</p>
      <button type="button" className="button" onClick={onRetry}>
        {t.sendNow}
      </button>
    </section>
  );
}
