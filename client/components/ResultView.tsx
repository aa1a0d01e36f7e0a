import type { FormJson, Scores } from "../../api/respondent.ts";
import { judgeScores } from "../../forms/levels.ts";
import { formatDate, formatScore, type Locale, localize, strings } from "../i18n.ts";

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

function ScoreTable({ scores: sent, form, locale }: { scores: Scores; form: FormJson; locale: Locale }) {
  const t = strings[locale].result;
  // A stored earlier answer comes back as numbers only; the judge derives the same levels and blockers.
  const scores = judgeScores(form, sent);
  const titles = new Map((form.criteria ?? []).map((c) => [c.id, localize(c.title, locale)]));
  const blocking = scores.blocking ?? [];
  return (
    <>
      <dl className="summary">
        <div>
          <dt>{t.total}</dt>
          <dd className="big">{scores.total === null ? "—" : `${formatScore(scores.total, locale)}/100`}</dd>
        </div>
        {scores.level && (
          <div>
            <dt>{t.level}</dt>
            <dd className="big" data-testid="result-level">
              {levelLabel(form, scores.level, locale)}
            </dd>
          </div>
        )}
      </dl>
      {scores.next && blocking.length > 0 && (
        <div className="notice" data-testid="result-blocking">
          <p>{t.blocking(levelLabel(form, scores.next, locale))}</p>
          <ul>
            {blocking.map((id) => (
              // Titles only: ids such as CIVIL_SERVANT mean nothing to the person reading.
              <li key={id}>{titles.get(id) || id}</li>
            ))}
          </ul>
        </div>
      )}
      <h2>{t.byCriterion}</h2>
      <ul className="criteria">
        {scores.criteria.map((c) => (
          <li key={c.id} className={blocking.includes(c.id) ? "blocking" : undefined}>
            <div className="criterion-head">
              <span>{titles.get(c.id) || c.id}</span>
              <strong>
                {c.score === null ? t.noAnswer : formatScore(c.score, locale)}
                {c.level && ` · ${criterionLevelLabel(form, c.id, c.level, locale)}`}
              </strong>
            </div>
            {c.score !== null && (
              <div className="bar" aria-hidden="true">
                <div className="bar-fill" style={{ width: `${clamp(c.score)}%` }} />
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Scores carry Vietnamese labels; the form holds their translations. */
function levelLabel(form: FormJson, label: string, locale: Locale): string {
  const level = form.levels?.find((l) => localize(l.label, "vi") === label);
  return level ? localize(level.label, locale) : label;
}

function criterionLevelLabel(form: FormJson, id: string, label: string, locale: Locale): string {
  const own = form.criteria?.find((c) => c.id === id)?.levels ?? form.criterionLevels ?? [];
  const level = own.find((l) => localize(l.label, "vi") === label);
  return level ? localize(level.label, locale) : label;
}

function clamp(score: number): number {
  return Math.min(100, Math.max(0, score));
}
