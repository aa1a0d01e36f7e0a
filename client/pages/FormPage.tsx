import { useCallback, useEffect, useRef, useState } from "react";
import type { Question } from "survey-core";
import { Survey } from "survey-react-ui";
import "survey-core/survey-core.fontless.min.css";
import type { AccessInfo, ApiError, Campaign, Scores, SubmitResult } from "../../api/respondent.ts";
import { type ApiResult, accessHeaders, accessPath, getAccess, postResponse } from "../api.ts";
import {
  clearDraft,
  deviceToken,
  forgetRevisionKey,
  loadLocale,
  loadRevisionKey,
  loadSentAnswers,
  revisionKeyFor,
  saveLocale,
  saveRevisionKey,
  saveSentAnswers,
} from "../autosave.ts";
import { AnsweredNotice, RevisionKeyNotice } from "../components/AnsweredNotice.tsx";
import { ErrorPage } from "../components/ErrorPage.tsx";
import { DraftStatus, FormProgress } from "../components/FormProgress.tsx";
import { LanguageSwitch } from "../components/LanguageSwitch.tsx";
import { OfflineNotice } from "../components/OfflineNotice.tsx";
import { ResultView } from "../components/ResultView.tsx";
import { ThankYou } from "../components/ThankYou.tsx";
import { type FormSession, openSession, reopen, settleDraft, showAnswerErrors } from "../form-session.ts";
import { formatDate, type Locale, localize, strings } from "../i18n.ts";
import { registerServiceWorker } from "../offline/register.ts";
import { useFormPage } from "./use-form-page.ts";
import { useOnline } from "./use-online.ts";
import { useRetry } from "./use-retry.ts";

type View =
  | { name: "loading" }
  | { name: "error"; code: string; message?: string; date?: string; canRetry: boolean }
  | { name: "form" }
  | { name: "sending" }
  | { name: "offline" }
  | { name: "result"; scores: Scores | null }
  | { name: "thanks" };

interface Banner {
  title: string;
  lines: string[];
}

interface Props {
  code: string;
  /** The access request, when main.tsx started it before this page's code had loaded. */
  initial?: Promise<ApiResult<AccessInfo>> | undefined;
}

export function FormPage({ code, initial }: Props) {
  const [locale, setLocale] = useState<Locale>(() => loadLocale() ?? "vi");
  const [request, setRequest] = useState(() => initial ?? getAccess(code));
  const [view, setView] = useState<View>({ name: "loading" });
  const [session, setSession] = useState<FormSession | null>(null);
  const [banner, setBanner] = useState<Banner | null>(null);
  const [submitted, setSubmitted] = useState<{ at: string; scores: Scores | null } | null>(null);
  const [shownKey, setShownKey] = useState<string | null>(null);
  const sessionRef = useRef<FormSession | null>(null);
  const localeRef = useRef(locale);
  const sendingRef = useRef(false);
  const focusRef = useRef<Question | null>(null);
  const [draftStatus, setDraftStatus] = useState<"restored" | "saved" | null>(null);
  // A parent reopening the link on the phone that answered sees a notice first, the form on request.
  const [revising, setRevising] = useState(false);
  const sendRef = useRef<() => void>(() => {});
  const retry = useRetry(() => sendRef.current(), view.name === "offline");
  const { page, count } = useFormPage(session?.model);
  const online = useOnline();

  const afterSubmit = useCallback(
    (s: FormSession, r: ApiResult<SubmitResult>) => {
      const t = strings[localeRef.current];
      if (r.ok) {
        retry.reset();
        // The key leaves the server once: kept on this device and shown to be written down.
        if (r.data.revisionKey) {
          saveRevisionKey(code, r.data.revisionKey);
          setShownKey(r.data.revisionKey);
        }
        if (s.info.kind === "parent" && s.pending) saveSentAnswers(s.key, s.pending.answers);
        clearDraft(s.key);
        s.pending = undefined;
        s.clientId = undefined;
        setSubmitted({ at: new Date().toISOString(), scores: r.data.scores });
        setView(s.info.kind === "parent" ? { name: "thanks" } : { name: "result", scores: r.data.scores });
        return;
      }
      if (r.offline) {
        retry.schedule();
        setView({ name: "offline" });
        return;
      }
      retry.reset();
      // A 400 means these answers will change, so their next submission is a new one.
      settleDraft(s, r.status !== 400);
      if (r.status === 404 || r.status === 410) {
        setView(errorView(r.error, s.info.campaign));
        return;
      }
      reopen(s.model);
      if (r.status === 400 && r.errors?.length) {
        const { first, unplaced } = showAnswerErrors(s.model, r.errors);
        focusRef.current = first;
        setBanner(
          unplaced.length > 0
            ? { title: t.answerErrors, lines: unplaced.map((e) => `${e.question}: ${e.message}`) }
            : null,
        );
      } else {
        setBanner(
          r.error.message
            ? { title: r.error.message, lines: [t.submitFailed] }
            : { title: t.submitFailed, lines: [] },
        );
      }
      setView({ name: "form" });
    },
    [code, retry.schedule, retry.reset],
  );

  const send = useCallback(async () => {
    const s = sessionRef.current;
    if (!s?.pending || sendingRef.current) return;
    sendingRef.current = true;
    setBanner(null);
    // A retry keeps the offline notice, which says an attempt is under way.
    setView((v) => (v.name === "offline" ? v : { name: "sending" }));
    retry.waitNow();
    const { answers, clientId } = s.pending;
    const parent = s.info.kind === "parent";
    // A first answer proposes a key kept before sending (offline retries reuse it); a later one needs the kept key.
    const revisionKey = parent
      ? undefined
      : s.info.answered
        ? (loadRevisionKey(code) ?? undefined)
        : revisionKeyFor(code);
    const r = await postResponse(code, {
      answers,
      clientId,
      locale: localeRef.current,
      ...(revisionKey && { revisionKey }),
      ...(parent && { deviceToken: deviceToken() }),
    });
    sendingRef.current = false;
    if (sessionRef.current === s) afterSubmit(s, r);
  }, [code, afterSubmit, retry.waitNow]);
  sendRef.current = () => void send();

  useEffect(() => {
    let live = true;
    setView({ name: "loading" });
    request.then((r) => {
      if (!live) return;
      if (!r.ok && r.status === 403 && loadRevisionKey(code)) {
        // A kept key the server no longer takes (the code was reprinted elsewhere): open without it.
        forgetRevisionKey(code);
        setRequest(getAccess(code));
        return;
      }
      if (!r.ok) {
        setView(r.offline ? { name: "error", code: "network", canRetry: true } : errorView(r.error));
        return;
      }
      const s = openSession(code, r.data, localeRef.current, {
        onSubmit: () => void send(),
        onSaved: () => setDraftStatus("saved"),
      });
      sessionRef.current = s;
      setSession(s);
      setDraftStatus(s.restored ? "restored" : null);
      setRevising(false);
      if (r.data.previous) setSubmitted({ at: r.data.previous.submittedAt, scores: r.data.previous.scores });
      // A submission left unsent when the page was closed goes out now.
      if (s.pending) void send();
      else setView({ name: "form" });
    });
    return () => {
      live = false;
    };
  }, [request, code, send]);

  const offlineLoad = view.name === "error" && view.code === "network";
  useEffect(() => {
    if (!offlineLoad) return;
    const onOnline = () => setRequest(getAccess(code));
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [offlineLoad, code]);

  // Installed once the form shows, so its downloads never compete with the form's own on a slow line.
  useEffect(() => {
    if (session) registerServiceWorker(accessPath(code), accessHeaders(code));
  }, [session, code]);

  // Typed text waits a moment before it is saved; leaving the page saves it at once.
  useEffect(() => {
    if (!session) return;
    const flush = () => session.flush();
    const onHidden = () => {
      if (document.visibilityState === "hidden") flush();
    };
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", onHidden);
    return () => {
      window.removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", onHidden);
    };
  }, [session]);

  useEffect(() => {
    localeRef.current = locale;
    document.documentElement.lang = locale;
    const title = session ? localize(session.info.form.json.title, locale) : "";
    document.title = title ? `${title} — tieuchi` : "tieuchi";
  }, [locale, session]);

  // Runs after the remounted survey's own scroll to the page top (a 1 ms timer survey-core sets on render),
  // and shows the question's title and error, not just its input.
  useEffect(() => {
    const q = focusRef.current;
    if (view.name !== "form" || !q) return;
    const timer = setTimeout(() => {
      focusRef.current = null;
      document.getElementById(q.id)?.scrollIntoView({ block: "start" });
    }, 50);
    return () => clearTimeout(timer);
  }, [view]);

  const changeLocale = (l: Locale) => {
    setLocale(l);
    saveLocale(l);
    if (session) session.model.locale = l;
  };

  const backToForm = () => {
    if (!session) return;
    if (session.model.state === "completed") session.model.clear(false, true);
    setView({ name: "form" });
    window.scrollTo(0, 0);
  };

  const t = strings[locale];
  const info = session?.info;
  const canEdit = !!info && info.kind !== "parent" && isOpen(info.campaign);
  const parentWaits = info?.kind === "parent" && !!info.answered?.byThisDevice && !revising;
  const reviseSent = (s: FormSession) => {
    const sent = loadSentAnswers(s.key);
    // A draft typed since has the newer answers; otherwise the form starts from what was sent.
    if (sent && !s.restored) s.model.data = sent;
    setRevising(true);
  };

  return (
    <main className="page">
      <header className="top">
        <div className="top-info">
          {info && (
            <>
              <strong>{info.unit.name}</strong>
              <span>
                {t.period}: {info.campaign.period}
              </span>
            </>
          )}
        </div>
        <LanguageSwitch locale={locale} onChange={changeLocale} />
      </header>
      {view.name === "loading" && (
        <p className="card muted" role="status">
          {t.loading}
        </p>
      )}
      {view.name === "error" && (
        <ErrorPage
          code={view.code}
          locale={locale}
          message={view.message}
          date={view.date}
          onRetry={view.canRetry ? () => setRequest(getAccess(code)) : undefined}
        />
      )}
      {view.name === "sending" && (
        <p className="card" role="status">
          {t.sending}
        </p>
      )}
      {view.name === "offline" && (
        <OfflineNotice locale={locale} nextAt={retry.nextAt} onRetry={() => void send()} />
      )}
      {view.name === "thanks" && <ThankYou locale={locale} />}
      {shownKey && (view.name === "result" || view.name === "thanks") && (
        <RevisionKeyNotice revisionKey={shownKey} locale={locale} />
      )}
      {view.name === "result" && info && (
        <ResultView
          scores={view.scores}
          form={info.form.json}
          locale={locale}
          editUntil={info.campaign.closesAt}
          onEdit={canEdit ? backToForm : undefined}
        />
      )}
      {view.name === "form" && session && (
        <>
          {info?.answered && !info.previous && !revising && (
            <AnsweredNotice
              kind={info.kind}
              answered={info.answered}
              locale={locale}
              onKey={(key) => {
                saveRevisionKey(code, key);
                setRequest(getAccess(code));
              }}
              onRevise={parentWaits ? () => reviseSent(session) : undefined}
            />
          )}
          {!online && (
            <p className="notice" role="status" data-testid="offline-form">
              {t.offlineForm}
            </p>
          )}
          {submitted && info?.kind !== "parent" && (
            <div className="notice" role="status">
              <p>{t.previousNotice(formatDate(submitted.at, locale) ?? submitted.at)}</p>
              <button
                type="button"
                className="link"
                onClick={() => setView({ name: "result", scores: submitted.scores })}
              >
                {t.viewPrevious}
              </button>
            </div>
          )}
          {banner && (
            <div className="banner" role="alert">
              <p>
                <strong>{banner.title}</strong>
              </p>
              {banner.lines.length > 0 && (
                <ul>
                  {banner.lines.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              )}
              <button type="button" className="link" onClick={() => setBanner(null)}>
                {t.dismiss}
              </button>
            </div>
          )}
          {!parentWaits && (
            <div className={page > 0 ? "form-body later-page" : "form-body"}>
              <FormProgress page={page} count={count} locale={locale} />
              <DraftStatus status={draftStatus} locale={locale} />
              <Survey model={session.model} />
            </div>
          )}
        </>
      )}
    </main>
  );
}

function errorView(error: ApiError, campaign?: Campaign): View {
  const date =
    error.code === "campaign_not_open"
      ? (error.opensAt ?? campaign?.opensAt)
      : error.code === "campaign_closed"
        ? (error.closesAt ?? campaign?.closesAt)
        : undefined;
  const canRetry = !["code_not_found", "code_revoked", "campaign_closed", "campaign_not_open"].includes(
    error.code,
  );
  return { name: "error", code: error.code, message: error.message, date, canRetry };
}

function isOpen(campaign: Campaign): boolean {
  const closes = Date.parse(campaign.closesAt);
  return Number.isNaN(closes) || Date.now() < closes;
}
