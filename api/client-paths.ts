/**
 * Which page of the one client a path is: the respondent form `/a/:code`, the managers' app (`/`,
 * `/manage…`), or nothing. The server answers "nothing" with 404 and the client shows respondents a
 * not-found page there, never the managers' sign-in (a link cut short in a message lands on it).
 */
export type ClientPage = { kind: "form"; code: string } | { kind: "manager" } | { kind: "unknown" };

/** What any access code looks like (server/campaigns/codes.ts makes 10 characters of this alphabet). */
export const ACCESS_CODE_SHAPE = /^[A-Za-z0-9_-]{4,80}$/;

export function clientPage(pathname: string): ClientPage {
  const form = /^\/a\/([^/]+)\/?$/.exec(pathname);
  if (form?.[1]) {
    const code = safeDecode(form[1]);
    return ACCESS_CODE_SHAPE.test(code) ? { kind: "form", code } : { kind: "unknown" };
  }
  if (pathname === "/" || pathname === "/manage" || pathname.startsWith("/manage/"))
    return { kind: "manager" };
  return { kind: "unknown" };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** What the form page `/a/:code` loads, written by the build (client/build/form-assets.ts). */
export interface FormAssets {
  /** Changes with any built file: the service worker's cache name. */
  build: string;
  /** The form page's scripts and styles beyond those index.html names (preloaded on `/a/` links). */
  preload: string[];
  /** Everything the form page needs offline: its scripts and styles, the entry's included. */
  offline: string[];
}

export const FORM_ASSETS_FILE = "form-assets.json";
export const SERVICE_WORKER_FILE = "sw.js";
