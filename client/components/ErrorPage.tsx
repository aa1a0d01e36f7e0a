import { formatDate, isKnownError, type Locale, strings } from "../i18n.ts";

interface Props {
  code: string;
  locale: Locale;
  /** The server's own message, shown for errors this page has no text of its own for. */
  message?: string;
  date?: string;
  onRetry?: () => void;
}

export function ErrorPage({ code, locale, message, date, onRetry }: Props) {
  const t = strings[locale];
  const known = isKnownError(code);
  const text = t.errors[known ? code : "other"];
  return (
    <section className="card error-page" data-testid="error-page" data-code={code} role="alert">
      <h1>{text.title}</h1>
      <p>{text.body(formatDate(date, locale))}</p>
      {!known && message && <p className="muted">{message}</p>}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </section>
  );
}
