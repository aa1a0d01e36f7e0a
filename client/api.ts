import type { AccessInfo, ApiError, FieldError, SubmitBody, SubmitResult } from "../api/respondent.ts";
import { deviceToken, loadRevisionKey } from "./autosave.ts";

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; offline?: false; error: ApiError; errors?: FieldError[] }
  | { ok: false; status: 0; offline: true };

// On 3G a stalled request can hang for minutes; after this we treat it like being offline.
const TIMEOUT_MS = 30_000;

const OFFLINE = { ok: false, status: 0, offline: true } as const;

/** Opens a code, with this device's token and the code's revision key if the device keeps one. */
export function getAccess(code: string): Promise<ApiResult<AccessInfo>> {
  return request<AccessInfo>(accessPath(code), { method: "GET", headers: accessHeaders(code) });
}

export function accessPath(code: string): string {
  return `/api/a/${encodeURIComponent(code)}`;
}

export function accessHeaders(code: string): Record<string, string> {
  const key = loadRevisionKey(code);
  return { "x-device-token": deviceToken(), ...(key && { "x-revision-key": key }) };
}

export function postResponse(code: string, body: SubmitBody): Promise<ApiResult<SubmitResult>> {
  return request<SubmitResult>(`/api/a/${encodeURIComponent(code)}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function request<T>(url: string, init: RequestInit): Promise<ApiResult<T>> {
  // Tried even when the browser says it is offline: the service worker answers a form it keeps.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let status: number;
  let text: string;
  try {
    const res = await fetch(url, {
      ...init,
      headers: { accept: "application/json", ...init.headers },
      signal: controller.signal,
      cache: "no-store",
    });
    status = res.status;
    text = await res.text();
  } catch {
    return OFFLINE;
  } finally {
    clearTimeout(timer);
  }
  const body = parseJson(text);
  if (status >= 200 && status < 300) {
    // A captive portal or proxy can answer 200 with HTML: that is not our server's answer.
    if (body && typeof body === "object") return { ok: true, status, data: body as T };
    return { ok: false, status, error: { code: "bad_response", message: "" } };
  }
  return { ok: false, status, ...readError(body, status) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function readError(body: unknown, status: number): { error: ApiError; errors?: FieldError[] } {
  const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const e = (b.error && typeof b.error === "object" ? b.error : {}) as Record<string, unknown>;
  const error: ApiError = {
    code: typeof e.code === "string" ? e.code : `http_${status}`,
    message: typeof e.message === "string" ? e.message : "",
  };
  const opensAt = e.opensAt ?? (b.campaign as Record<string, unknown> | undefined)?.opensAt;
  const closesAt = e.closesAt ?? (b.campaign as Record<string, unknown> | undefined)?.closesAt;
  if (typeof opensAt === "string") error.opensAt = opensAt;
  if (typeof closesAt === "string") error.closesAt = closesAt;
  if (!Array.isArray(b.errors)) return { error };
  const errors = b.errors
    .filter((x): x is Record<string, unknown> => !!x && typeof x === "object")
    .map((x) => ({ question: String(x.question ?? ""), message: String(x.message ?? "") }));
  return { error, errors };
}
