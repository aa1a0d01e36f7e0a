import { type Locale, strings } from "../i18n.ts";

/** "Trang 2/3" and a bar; the text is a live region, so moving to a page announces where one is. */
export function FormProgress({ page, count, locale }: { page: number; count: number; locale: Locale }) {
  if (count < 2) return null;
  const t = strings[locale];
  return (
    <div className="form-progress" data-testid="form-progress">
      <p aria-live="polite" aria-atomic="true">
        {t.pageOf(page + 1, count)}
      </p>
      <div className="bar" aria-hidden="true">
        <div className="bar-fill" style={{ width: `${((page + 1) / count) * 100}%` }} />
      </div>
    </div>
  );
}

/** The quiet line under the progress: the answers are on this device. */
export function DraftStatus({ status, locale }: { status: "restored" | "saved" | null; locale: Locale }) {
  const t = strings[locale];
  return (
    <p className="draft-status muted" role="status" data-testid="draft-status">
      {status === "restored" ? t.draftRestored : status === "saved" ? t.draftSaved : ""}
    </p>
  );
}
