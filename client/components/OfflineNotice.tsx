import { useEffect, useState } from "react";
import { type Locale, strings } from "../i18n.ts";

interface Props {
  locale: Locale;
  /** When the next automatic attempt starts; null while one is under way. */
  nextAt: number | null;
  onRetry: () => void;
}

/** A submission kept on the device until the network is back: what happens next, and when. */
export function OfflineNotice({ locale, nextAt, onRetry }: Props) {
  const t = strings[locale];
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, []);
  const seconds = nextAt === null ? 0 : Math.max(0, Math.ceil((nextAt - now) / 1000));
  return (
    <section className="card offline" data-testid="offline" role="status">
      <p>
        <strong>{t.offline}</strong>
      </p>
      <p className="muted" data-testid="offline-next">
        {nextAt === null || seconds === 0 ? t.retrying : t.retryIn(seconds)}
      </p>
      <button type="button" className="button" onClick={onRetry}>
        {t.sendNow}
      </button>
    </section>
  );
}
