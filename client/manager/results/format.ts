import type { Locale } from "../../i18n.ts";

// Numbers and labels as the results pages write them. No React, no Chart.js.

/** "57,7" in Vietnamese, "57.7" in English; "—" for nothing. */
export function fmt(x: number | null | undefined, locale: Locale, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  return new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB", {
    minimumFractionDigits: 0,
    maximumFractionDigits: digits,
  }).format(x);
}

/** A signed difference: "+2,8", "−1,3" (a real minus sign), "0". */
export function signed(x: number, locale: Locale): string {
  const r = Math.round(x * 10) / 10;
  if (r === 0) return fmt(0, locale);
  return `${r > 0 ? "+" : "−"}${fmt(Math.abs(r), locale)}`;
}

/** A rate 0..1 (or more) as a whole percentage: "44%". */
export function pct(rate: number | null | undefined, locale: Locale): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "—";
  return `${fmt(rate * 100, locale, 0)}%`;
}

/** A long label cut into lines of at most `width` characters (words kept whole), at most `lines` lines. */
export function wrap(text: string, width: number, lines = 2): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  const last = kept[lines - 1] ?? "";
  kept[lines - 1] = `${last.length > width - 1 ? last.slice(0, width - 1) : last}…`;
  return kept;
}
