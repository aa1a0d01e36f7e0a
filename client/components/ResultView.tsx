import { formatDate, formatScore, type Locale, localize, strings } from "../i18n.ts";
import type { FormJson, Scores } from "../types.ts";

interface Props {
  scores: Scores | null;
  form: FormJson;
  locale: Locale;
  /** Close time of the campaign; the edit button shows only while it is open. */
  editUntil?: string;
  onEdit?: () => void;
}

export function ResultView({ scores, form, locale, editUntil, onEdit }: Props) {
  const t = strings[locale].result;
  return (
    <section className="card result" data-testid="result" role="status">
      <h1>{t.title}</h1>
      <p>{t.submitted}</p>
      {scores ? (
        <ScoreTable scores={scores} form={form} locale={locale} />
      ) : (
        <p className="muted">{t.unscored}</p>
      )}
      {onEdit && (
        <>
          {editUntil && <p className="muted">{t.editUntil(formatDate(editUntil, locale) ?? editUntil)}</p>}
          <button type="button" className="button" onClick={onEdit}>
            {t.edit}
          </button>
        </>
      )}
    </section>
  );
}

function ScoreTable({ scores, form, locale }: { scores: Scores; form: FormJson; locale: Locale }) {
  const t = strings[locale].result;
  const titles = new Map((form.criteria ?? []).map((c) => [c.id, localize(c.title, locale)]));
  // The server sends the Vietnamese label; the form's `levels` hold its translation.
  const level = form.levels?.find((l) => localize(l.label, "vi") === scores.level);
  const levelLabel = level ? localize(level.label, locale) : scores.level;
  return (
    <>
      <dl className="summary">
        <div>
          <dt>{t.total}</dt>
          <dd className="big">{scores.total === null ? "—" : `${formatScore(scores.total, locale)}/100`}</dd>
        </div>
        {levelLabel && (
          <div>
            <dt>{t.level}</dt>
            <dd className="big">{levelLabel}</dd>
          </div>
        )}
      </dl>
      <h2>{t.byCriterion}</h2>
      <ul className="criteria">
        {scores.criteria.map((c) => (
          <li key={c.id}>
            <div className="criterion-head">
              <span>{titles.get(c.id) || c.id}</span>
              <strong>{c.score === null ? t.noAnswer : formatScore(c.score, locale)}</strong>
            </div>
            <div className="bar" aria-hidden="true">
              <div className="bar-fill" style={{ width: `${clamp(c.score ?? 0)}%` }} />
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

function clamp(score: number): number {
  return Math.min(100, Math.max(0, score));
}
