import type { Answers } from "../api/respondent.ts";

/** What is kept on the device for one access code and form version. */
export interface Draft {
  answers: Answers;
  page: number;
  /** Idempotency key of the submission attempt for exactly these answers. */
  clientId?: string;
  /** True from the moment a submission is sent until the server has answered it. */
  pending?: boolean;
  savedAt: number;
}

const PREFIX = "tieuchi:draft:";
const LOCALE_KEY = "tieuchi:locale";
const KEY_PREFIX = "tieuchi:revision-key:";
const DEVICE_KEY = "tieuchi:device";
const SENT_PREFIX = "tieuchi:sent:";

export function draftKey(code: string, formId: string, version: string): string {
  return `${PREFIX}${code}:${formId}@${version}`;
}

export function loadDraft(key: string): Draft | null {
  const raw = read(key);
  if (!raw) return null;
  try {
    const d = JSON.parse(raw) as Partial<Draft> | null;
    if (!d || typeof d !== "object" || !d.answers || typeof d.answers !== "object") return null;
    return {
      answers: d.answers,
      page: typeof d.page === "number" && d.page >= 0 ? d.page : 0,
      ...(typeof d.clientId === "string" ? { clientId: d.clientId } : {}),
      ...(d.pending === true ? { pending: true } : {}),
      savedAt: typeof d.savedAt === "number" ? d.savedAt : 0,
    };
  } catch {
    return null;
  }
}

export function saveDraft(key: string, draft: Omit<Draft, "savedAt">): void {
  write(key, JSON.stringify({ ...draft, savedAt: Date.now() }));
}

export function clearDraft(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // Storage disabled: nothing was saved either.
  }
}

/**
 * A parent's answers as last sent from this device (the draft is cleared on sending): a parent link has
 * no revision key, so they are what "revise" starts from when the link is opened again on this phone.
 */
export function saveSentAnswers(draft: string, answers: Answers): void {
  write(`${SENT_PREFIX}${draft}`, JSON.stringify(answers));
}

export function loadSentAnswers(draft: string): Answers | null {
  try {
    const v = JSON.parse(read(`${SENT_PREFIX}${draft}`) ?? "null") as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Answers) : null;
  } catch {
    return null;
  }
}

export function loadLocale(): "vi" | "en" | null {
  const v = read(LOCALE_KEY);
  return v === "vi" || v === "en" ? v : null;
}

export function saveLocale(locale: "vi" | "en"): void {
  write(LOCALE_KEY, locale);
}

/** The revision key of a personal code kept on this device, if any. */
export function loadRevisionKey(code: string): string | null {
  return read(`${KEY_PREFIX}${code}`);
}

export function saveRevisionKey(code: string, key: string): void {
  write(`${KEY_PREFIX}${code}`, key);
}

export function forgetRevisionKey(code: string): void {
  try {
    localStorage.removeItem(`${KEY_PREFIX}${code}`);
  } catch {
    // Storage disabled: nothing was kept.
  }
}

/**
 * The revision key for a code's first answer: proposed by the device and kept before sending, so an
 * offline or replayed submission goes with the same key. Readable on paper: no 0/O, 1/I/L.
 */
export function revisionKeyFor(code: string): string {
  let key = loadRevisionKey(code);
  if (!key) {
    key = randomText(12, "23456789ABCDEFGHJKMNPQRSTUVWXYZ");
    saveRevisionKey(code, key);
  }
  return key;
}

/** This phone's token: a parent link takes one answer per device, and the same device revises it. */
export function deviceToken(): string {
  let token = read(DEVICE_KEY);
  if (!token) {
    token = randomText(24, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    write(DEVICE_KEY, token);
  }
  return token;
}

function randomText(length: number, alphabet: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/** A v4 UUID; `crypto.randomUUID` only exists on HTTPS/localhost, and schools may serve plain HTTP. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Private browsing and some in-app browsers throw on any localStorage access.
function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Quota or disabled storage: the form still works, only resuming is lost.
  }
}
