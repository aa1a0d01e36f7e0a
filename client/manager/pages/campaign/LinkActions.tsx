import { useState } from "react";
import { useManageText } from "../../i18n-manage.ts";

/** Copy and share buttons of a school's shared parent link (share where the phone offers it). */
export function LinkActions({ url, title }: { url: string; title: string }) {
  const tm = useManageText();
  const [note, setNote] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setNote(tm.copied);
    } catch {
      setNote(tm.copyFailed);
    }
  };
  const canShare = typeof navigator.share === "function";
  return (
    <span className="link-actions">
      <button
        type="button"
        className="button secondary small"
        onClick={() => void copy()}
        data-testid="copy-link"
      >
        {tm.copy}
      </button>
      {canShare && (
        <button
          type="button"
          className="button secondary small"
          onClick={() => void navigator.share({ title, text: tm.shareText, url }).catch(() => {})}
        >
          {tm.share}
        </button>
      )}
      <span className="link-note" role="status">
        {note}
      </span>
    </span>
  );
}
