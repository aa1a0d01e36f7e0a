import { createHmac, timingSafeEqual } from "node:crypto";

/** How long an export link works: long enough to start the download, too short to be passed on. */
export const EXPORT_LINK_SECONDS = 60;

export interface ExportTarget {
  campaignId: number;
  unitCode: string;
  format: "csv" | "xlsx";
}

/**
 * An export is a side effect (raw answers leave, an audit entry is written), so a plain GET that a
 * cross-site page could trigger with the session cookie must not start one. The link carries an
 * HMAC keyed by the session's CSRF token, which another site cannot read: it is bound to this
 * session, this campaign, unit and format, and expires. Keyed by the session, it works on every app
 * process that shares the database.
 */
export function signExportLink(key: string, target: ExportTarget, now: Date): string {
  const expires = Math.floor(+now / 1000) + EXPORT_LINK_SECONDS;
  return `${expires}.${mac(key, target, expires)}`;
}

export function checkExportLink(key: string, target: ExportTarget, token: string, now: Date): boolean {
  const [expires, given] = token.split(".");
  const at = Number(expires);
  if (!Number.isInteger(at) || !given || at < Math.floor(+now / 1000)) return false;
  const want = Buffer.from(mac(key, target, at));
  const got = Buffer.from(given);
  return want.length === got.length && timingSafeEqual(want, got);
}

function mac(key: string, t: ExportTarget, expires: number): string {
  return createHmac("sha256", key)
    .update(`export\n${t.campaignId}\n${t.unitCode}\n${t.format}\n${expires}`)
    .digest("base64url");
}
