import { useState } from "react";
import type { AccessInfo } from "../../api/respondent.ts";
import { formatDate, formatDay, type Locale, strings } from "../i18n.ts";

/**
 * Opening a code that answered already, without its answers: a parent's device is told that sending
 * again replaces its answer; a personal code asks for the revision key that only its holder has.
 */
export function AnsweredNotice({
  kind,
  answered,
  locale,
  onKey,
  onRevise,
}: {
  kind: AccessInfo["kind"];
  answered: NonNullable<AccessInfo["answered"]>;
  locale: Locale;
  onKey: (key: string) => void;
  /** A parent's own device: shows the form again, with the answers sent from it when it kept them. */
  onRevise?: (() => void) | undefined;
}) {
  const t = strings[locale];
  const [key, setKey] = useState("");
  // A parent's answer is kept to the day (issue 13): say the day, never a midnight hour.
  const date = (kind === "parent" ? formatDay : formatDate)(answered.at, locale) ?? answered.at;
  if (kind === "parent")
    return (
      <div className="notice" role="status" data-testid="answered-notice">
        <p>{answered.byThisDevice ? t.sentFromDevice(date) : t.codeSpent(date)}</p>
        {answered.byThisDevice && onRevise && (
          <button type="button" className="button" onClick={onRevise}>
            {t.reviseSent}
          </button>
        )}
      </div>
    );
  return (
    <form
      className="notice"
      data-testid="answered-notice"
      onSubmit={(e) => {
        e.preventDefault();
        if (key.trim()) onKey(key.trim().toUpperCase());
      }}
    >
      <p>{t.answeredLocked(date)}</p>
      <label htmlFor="revision-key">{t.revisionKeyLabel}</label>{" "}
      <input
        id="revision-key"
        autoComplete="off"
        autoCapitalize="characters"
        value={key}
        onChange={(e) => setKey(e.target.value)}
      />{" "}
      <button type="submit" className="link">
        {t.revisionKeyOpen}
      </button>
    </form>
  );
}

/** The revision key, shown once after the first answer, to be written down. */
export function RevisionKeyNotice({ revisionKey, locale }: { revisionKey: string; locale: Locale }) {
  const t = strings[locale];
  return (
    <div className="notice" role="status" data-testid="revision-key">
      <p>
        <strong className="mono">{t.revisionKeyShown(revisionKey)}</strong>
      </p>
      <p>{t.revisionKeyHint}</p>
    </div>
  );
}
