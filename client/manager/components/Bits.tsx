import { useEffect } from "react";
import type { CampaignStatus } from "../../../api/manager.ts";
import { useManager } from "../context.ts";

export function StatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useManager();
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      {t.status[status]}
    </span>
  );
}

export function Loading() {
  const { t } = useManager();
  return (
    <p className="muted" role="status">
      {t.loading}
    </p>
  );
}

export function LoadError({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const { t } = useManager();
  return (
    <div className="form-error" role="alert" data-testid="form-error">
      <p>{message}</p>
      {onRetry && (
        <button type="button" className="button secondary small" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </div>
  );
}

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} — tieuchi` : "tieuchi";
  }, [title]);
}

/** What a list shows in place of its table: its load error, "loading", or the note that it is empty. */
export function ListState({
  error,
  onRetry,
  loaded,
  count,
  empty,
  className = "muted",
}: {
  error: string | null;
  onRetry: () => void;
  loaded: boolean;
  count: number;
  empty: string;
  className?: string;
}) {
  return (
    <>
      {error && <LoadError message={error} onRetry={onRetry} />}
      {!loaded && !error && <Loading />}
      {loaded && count === 0 && <p className={className}>{empty}</p>}
    </>
  );
}

/** An admin page seen by an account that is not admin. */
export function Forbidden({ title }: { title: string }) {
  const { t } = useManager();
  return (
    <section>
      <h1>{title}</h1>
      <p className="form-error" role="alert">
        {t.errors.forbidden}
      </p>
    </section>
  );
}
