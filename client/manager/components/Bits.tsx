import { useEffect } from "react";
import { useManager } from "../context.ts";
import type { CampaignStatus } from "../types.ts";

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
