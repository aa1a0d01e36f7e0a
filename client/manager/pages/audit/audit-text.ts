import type { ManageStrings } from "../../i18n-manage.ts";

type AuditTexts = ManageStrings["audit"];

/** Keys whose value is recorded as a change, [before, after]. */
const CHANGES = ["title", "period", "opensAt", "closesAt", "expected"];

/**
 * An audit entry's details in the reader's words: known keys translated, booleans as yes/no, a change
 * [before, after] as "before → after", times in Vietnam's, a code's {ref, mask} as its mask.
 */
export function auditDetails(
  details: Record<string, unknown>,
  texts: AuditTexts,
  formatTime: (iso: string) => string,
  roleName: (role: string) => string,
): string {
  const value = (key: string, v: unknown): string => {
    if (v === null || v === undefined || v === "") return texts.none;
    if (typeof v === "boolean") return v ? texts.yes : texts.no;
    if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(v)) return formatTime(v);
    if (key === "role" && typeof v === "string") return roleName(v);
    if (Array.isArray(v)) {
      if (v.length === 2 && CHANGES.includes(key)) return `${value(key, v[0])} → ${value(key, v[1])}`;
      const shown = v.slice(0, 6).map((x) => value(key, x));
      return v.length > 6 ? `${shown.join(", ")}, … (${v.length})` : shown.join(", ");
    }
    if (typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.mask === "string") return o.mask;
      return Object.entries(o)
        .map(([k, x]) => `${texts.keys[k] ?? k}: ${value(k, x)}`)
        .join(", ");
    }
    return String(v);
  };
  return Object.entries(details)
    .filter(([k]) => k !== "ref" || !("mask" in details))
    .map(([k, v]) => `${texts.keys[k] ?? k}: ${value(k, v)}`)
    .join(" · ");
}
