import type { Model, Question } from "survey-core";
import type { AccessInfo, Answers, FieldError } from "../api/respondent.ts";
import { draftKey, loadDraft, newClientId, saveDraft } from "./autosave.ts";
import type { Locale } from "./i18n.ts";
import { createSurvey } from "./survey-model.ts";

/** One opened access code: its survey model and what is waiting to be sent. */
export interface FormSession {
  info: AccessInfo;
  model: Model;
  key: string;
  /** Idempotency key for the current answers; dropped as soon as an answer changes. */
  clientId?: string;
  /** A submission made but not yet answered by the server. */
  pending?: { answers: Answers; clientId: string };
  /** The answers came back from this device's draft. */
  restored: boolean;
  /** Saves typed answers now rather than after the pause (the page is being hidden or closed). */
  flush: () => void;
}

export interface SessionHooks {
  onSubmit: () => void;
  /** The draft was written to the device. */
  onSaved?: () => void;
}

// Typed text is saved after this pause, not on every key: one localStorage write per burst of typing.
const SAVE_DELAY_MS = 400;

/** Builds the model, restores the device draft (or a staff member's earlier answers) and autosaves as typed. */
export function openSession(
  code: string,
  info: AccessInfo,
  locale: Locale,
  hooks: SessionHooks,
): FormSession {
  const key = draftKey(code, info.form.id, info.form.version);
  const model = createSurvey(info.form.json, locale);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const s: FormSession = {
    info,
    model,
    key,
    restored: false,
    flush: () => {
      if (timer) save();
    },
  };
  const draft = loadDraft(key);
  if (draft) {
    model.data = draft.answers;
    s.restored = Object.keys(draft.answers).length > 0;
    if (draft.page < model.visiblePageCount) model.currentPageNo = draft.page;
    if (draft.clientId) s.clientId = draft.clientId;
    if (draft.pending && draft.clientId) s.pending = { answers: draft.answers, clientId: draft.clientId };
  } else if (info.previous) {
    model.data = info.previous.answers;
  }
  function save() {
    clearTimeout(timer);
    timer = undefined;
    saveDraft(key, { answers: model.data, page: model.currentPageNo, ...ids(s) });
    hooks.onSaved?.();
  }
  model.onValueChanged.add(() => {
    s.clientId = undefined;
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  });
  model.onCurrentPageChanged.add(save);
  model.onComplete.add(() => {
    clearTimeout(timer);
    timer = undefined;
    s.clientId ??= newClientId();
    s.pending = { answers: model.data, clientId: s.clientId };
    // Saved before sending, so a reload after a lost response retries with the same clientId.
    saveDraft(key, {
      answers: s.pending.answers,
      page: model.currentPageNo,
      clientId: s.clientId,
      pending: true,
    });
    hooks.onSubmit();
  });
  return s;
}

/** After the server refused or lost a submission: the answers go back into the draft, not pending. */
export function settleDraft(s: FormSession, keepClientId: boolean): void {
  const answers = s.pending?.answers ?? s.model.data;
  s.pending = undefined;
  if (!keepClientId) s.clientId = undefined;
  saveDraft(s.key, { answers, page: s.model.currentPageNo, ...ids(s) });
}

/** Puts a completed model back to running on the same page, answers kept. */
export function reopen(model: Model): void {
  if (model.state === "completed") model.clear(false, false);
}

/**
 * Shows the server's validation errors on their questions and switches to the page of the first one.
 * Returns that question and the errors no visible question can show.
 */
export function showAnswerErrors(
  model: Model,
  errors: FieldError[],
): { first: Question | null; unplaced: FieldError[] } {
  let first: Question | null = null;
  const unplaced: FieldError[] = [];
  for (const e of errors) {
    const q = findQuestion(model, e.question);
    if (!q?.isVisibleInSurvey || !q.page) {
      unplaced.push(e);
      continue;
    }
    q.addError(e.message);
    first ??= q;
  }
  if (first) model.currentPage = first.page;
  return { first, unplaced };
}

// The server may name a nested value ("matrix.row", "panel[0].q"); its top-level question shows it.
function findQuestion(model: Model, name: string): Question | null {
  const q = model.getQuestionByName(name) as Question | null;
  if (q) return q;
  const top = name.split(/[.[]/)[0];
  return top && top !== name ? (model.getQuestionByName(top) as Question | null) : null;
}

function ids(s: FormSession): { clientId?: string } {
  return s.clientId ? { clientId: s.clientId } : {};
}
