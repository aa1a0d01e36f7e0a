import type { FormImportPreview } from "../../api/form-import.ts";
import type { PublishedForm, UnitForms } from "../../api/forms.ts";
import type {
  Account,
  AuditPage,
  CampaignChange,
  CampaignCopy,
  CampaignInfo,
  CodeRow,
  FormSummary,
  ManagerError,
  NewCampaign,
  NewCode,
  Role,
  SessionInfo,
  SessionRow,
  UnitRow,
} from "../../api/manager.ts";
import type { ResultsBody } from "../../api/results.ts";
import type { FormJson } from "../../forms/types.ts";

export type Result<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; error: ManagerError };

const TIMEOUT_MS = 30_000;

type Body = { json: unknown } | { csv: string } | { form: FormData };

// The CSRF token lives in memory only; a reload gets it again from GET /api/session.
let csrfToken = "";
let onUnauthorized: () => void = () => {};

/** Called when any request (other than the session's own) answers 401: the session has ended. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

async function call<T>(
  method: string,
  url: string,
  body?: Body,
  { quiet401 = false } = {},
): Promise<Result<T>> {
  const r = await send<T>(method, url, body, quiet401);
  // Signing in again (in another tab) gives the session a new CSRF token: fetch it and try once more.
  if (!r.ok && r.status === 403 && r.error.code === "csrf") {
    const s = await send<SessionInfo>("GET", "/api/session", undefined, false);
    if (s.ok) {
      csrfToken = s.data.csrfToken;
      return send<T>(method, url, body, quiet401);
    }
  }
  return r;
}

async function send<T>(
  method: string,
  url: string,
  body: Body | undefined,
  quiet401: boolean,
): Promise<Result<T>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let payload: string | FormData | undefined;
  if (body && "form" in body)
    payload = body.form; // the browser sets the multipart boundary
  else if (body && "json" in body) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body.json);
  } else if (body) {
    headers["content-type"] = "text/csv; charset=utf-8";
    payload = body.csv;
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: payload,
      credentials: "same-origin",
      cache: "no-store",
      signal: controller.signal,
    });
    text = await res.text();
  } catch {
    return { ok: false, status: 0, error: { code: "network", message: "" } };
  } finally {
    clearTimeout(timer);
  }
  const parsed = parse(text);
  if (res.ok) return { ok: true, status: res.status, data: parsed as T };
  if (res.status === 401 && !quiet401) onUnauthorized();
  const error = readError(parsed, res.status);
  const retry = Number(res.headers.get("retry-after"));
  if (error.retryAfter === undefined && Number.isFinite(retry) && retry > 0) error.retryAfter = retry;
  return { ok: false, status: res.status, error };
}

function parse(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function readError(body: unknown, status: number): ManagerError {
  const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const e = (b.error && typeof b.error === "object" ? b.error : {}) as Record<string, unknown>;
  const error: ManagerError = {
    code: typeof e.code === "string" ? e.code : `http_${status}`,
    message: typeof e.message === "string" ? e.message : "",
  };
  if (typeof e.retryAfter === "number") error.retryAfter = e.retryAfter;
  if (Array.isArray(e.problems))
    // An import's problems name their line; a refused form's are plain sentences (line 0).
    error.problems = e.problems
      .filter(
        (p): p is Record<string, unknown> | string => typeof p === "string" || (!!p && typeof p === "object"),
      )
      .map((p) =>
        typeof p === "string"
          ? { line: 0, message: p }
          : {
              line: Number(p.line) || 0,
              message: String(p.message ?? ""),
              ...(typeof p.code === "string" && { code: p.code }),
              ...(typeof p.values === "object" &&
                p.values !== null && { values: p.values as Record<string, string | number> }),
            },
      );
  return error;
}

function remember<T extends { csrfToken: string }>(r: Result<T>): Result<T> {
  if (r.ok) csrfToken = r.data.csrfToken;
  return r;
}

export const api = {
  signIn: async (username: string, password: string) =>
    remember(
      await call<SessionInfo>("POST", "/api/session", { json: { username, password } }, { quiet401: true }),
    ),
  session: async () =>
    remember(await call<SessionInfo>("GET", "/api/session", undefined, { quiet401: true })),
  signOut: async () => {
    const r = await call<null>("DELETE", "/api/session", undefined, { quiet401: true });
    csrfToken = "";
    return r;
  },

  units: () => call<{ units: UnitRow[] }>("GET", "/api/units"),
  createUnit: (u: { code: string; name: string; kind: string; parentCode: string | null }) =>
    call<{ unit: UnitRow }>("POST", "/api/units", { json: u }),
  updateUnit: (code: string, change: { name?: string; parentCode?: string }) =>
    call<{ ok: true }>("PATCH", `/api/units/${encodeURIComponent(code)}`, { json: change }),
  mergeUnit: (code: string, into: string) =>
    call<{ ok: true }>("POST", `/api/units/${encodeURIComponent(code)}/merge`, { json: { into } }),
  importUnits: (csv: string) => call<{ created: number }>("POST", "/api/units/import", { csv }),

  /** The forms a campaign at `unit` may use; without a unit, those of the account's units. */
  forms: (unit?: string) =>
    call<FormSummary[]>("GET", unit ? `/api/forms?unit=${encodeURIComponent(unit)}` : "/api/forms"),
  unitForms: (unit: string) => call<UnitForms>("GET", `/api/units/${encodeURIComponent(unit)}/forms`),
  /** A SurveyJS form as JSON: a new form of `unit`, or a new version of a form the account administers. */
  publishForm: (formId: string, json: unknown, unit?: string) =>
    call<PublishedForm>(
      "PUT",
      `/api/forms/${encodeURIComponent(formId)}${unit ? `?unit=${encodeURIComponent(unit)}` : ""}`,
      { json },
    ),
  /** A criteria spreadsheet → the form it describes and its problems; nothing is stored. */
  importForm: (file: File) => {
    const form = new FormData();
    form.set("file", file);
    return call<FormImportPreview>("POST", "/api/forms/import", { form });
  },

  campaigns: () => call<{ campaigns: CampaignInfo[] }>("GET", "/api/campaigns"),
  campaign: (id: string) =>
    call<{ campaign: CampaignInfo }>("GET", `/api/campaigns/${encodeURIComponent(id)}`),
  createCampaign: (c: NewCampaign) => call<{ campaign: CampaignInfo }>("POST", "/api/campaigns", { json: c }),
  closeCampaign: (id: number) => call<{ campaign: CampaignInfo }>("POST", `/api/campaigns/${id}/close`),
  reopenCampaign: (id: number) => call<{ campaign: CampaignInfo }>("POST", `/api/campaigns/${id}/reopen`),
  updateCampaign: (id: number, change: CampaignChange) =>
    call<{ campaign: CampaignInfo }>("PATCH", `/api/campaigns/${id}`, { json: change }),
  duplicateCampaign: (id: number, copy: CampaignCopy) =>
    call<{ campaign: CampaignInfo }>("POST", `/api/campaigns/${id}/duplicate`, { json: copy }),

  results: (id: string | number, unit: string, compare?: string) =>
    call<ResultsBody>(
      "GET",
      `/api/campaigns/${encodeURIComponent(id)}/results?unit=${encodeURIComponent(unit)}${
        compare ? `&compare=${encodeURIComponent(compare)}` : ""
      }`,
    ),
  /** A one-minute download link for an export: asked for by POST, so another site cannot start one. */
  exportLink: (id: number, format: "csv" | "xlsx", unit: string) =>
    call<{ url: string; expiresAt: string }>("POST", `/api/campaigns/${id}/export-link`, {
      json: { format, unit },
    }),
  /** A form's JSON at one version: the dashboard reads its choices and rating ranges to label answers. */
  form: (formId: string, version: string) =>
    call<FormJson>("GET", `/api/forms/${encodeURIComponent(formId)}?version=${encodeURIComponent(version)}`),

  codes: (id: string | number, unit: string) =>
    call<{ codes: CodeRow[] }>(
      "GET",
      `/api/campaigns/${encodeURIComponent(id)}/codes?unit=${encodeURIComponent(unit)}`,
    ),
  createCodes: (id: number, unit: string, how: { count?: number } | { holders: string[] }) =>
    call<{ codes: NewCode[] }>("POST", `/api/campaigns/${id}/codes`, { json: { unit, ...how } }),
  reprintUnanswered: (id: number, unit: string) =>
    call<{ codes: NewCode[] }>("POST", `/api/campaigns/${id}/codes/reprint`, { json: { unit } }),
  revokeCode: (ref: string) => call<{ ok: true }>("POST", `/api/codes/${encodeURIComponent(ref)}/revoke`),
  reprintCode: (ref: string) =>
    call<{ code: NewCode }>("POST", `/api/codes/${encodeURIComponent(ref)}/reprint`),
  held: (id: number, unit: string) =>
    call<{ held: { unit: string; name: string; count: number }[] }>(
      "GET",
      `/api/campaigns/${id}/held?unit=${encodeURIComponent(unit)}`,
    ),
  settleHeld: (id: number, unit: string, action: "accept" | "discard") =>
    call<{ action: string; count: number }>("POST", `/api/campaigns/${id}/held`, { json: { unit, action } }),

  accounts: () => call<{ accounts: Account[] }>("GET", "/api/accounts"),
  createAccount: (a: { username: string; role: Role; unit: string | null }) =>
    call<{ account: Account; password?: string }>("POST", "/api/accounts", { json: a }),
  changeOwnPassword: (current: string, password: string) =>
    call<{ ok: true; ended: number }>("POST", "/api/accounts/me/password", { json: { current, password } }),
  resetPassword: (username: string) =>
    call<{ username: string; password: string }>(
      "POST",
      `/api/accounts/${encodeURIComponent(username)}/password`,
    ),
  changeAccount: (username: string, change: { role?: Role; unit?: string | null; disabled?: boolean }) =>
    call<{ account: Account }>("PATCH", `/api/accounts/${encodeURIComponent(username)}`, { json: change }),
  sessions: (username: string) =>
    call<{ sessions: SessionRow[] }>("GET", `/api/accounts/${encodeURIComponent(username)}/sessions`),
  endSessions: (username: string, id?: string) =>
    call<{ ended: number }>(
      "DELETE",
      `/api/accounts/${encodeURIComponent(username)}/sessions${id ? `/${encodeURIComponent(id)}` : ""}`,
    ),
  /** One page of the audit log; `filter` holds who, action, unit, from, to, before (all optional). */
  audit: (filter: Record<string, string | number | undefined> = {}) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== "") q.set(k, String(v));
    const query = q.toString();
    return call<AuditPage>("GET", `/api/audit${query ? `?${query}` : ""}`);
  },
};
