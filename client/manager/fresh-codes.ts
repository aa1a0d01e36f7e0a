import type { CodeRow } from "../../api/manager.ts";

/**
 * Codes made in this tab, in full: the server shows a personal code once, when it is made, so the
 * print page can print them only until the tab is closed. Kept in memory, never on disk.
 */
const fresh = new Map<string, { code: string; url: string }>();

export function keepFresh(codes: { ref: string; code: string; url: string }[]): void {
  for (const c of codes) fresh.set(c.ref, { code: c.code, url: c.url });
}

/** The rows that can be printed: shared parent links, and codes made in this tab, shown in full. */
export function printable(rows: CodeRow[]): CodeRow[] {
  const out: CodeRow[] = [];
  for (const row of rows) {
    if (row.url) out.push(row);
    else {
      const f = fresh.get(row.ref);
      if (f) out.push({ ...row, mask: f.code, url: f.url });
    }
  }
  return out;
}
