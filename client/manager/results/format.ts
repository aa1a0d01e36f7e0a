import type { Locale } from "../../i18n.ts";

// Numbers and labels as the results pages write them. No React, no Chart.js.

/**
 * The one rounding rule of the results pages, for charts and tables alike: to `digits` decimals, half
 * away from zero, on the number's exact value (what toFixed and Intl.NumberFormat both do). A value is
 * rounded once, from the raw figure: 3.6499 is 3,6 everywhere, never 3,65 and then 3,7.
 */
export function roundTo(x: number, digits = 1): number {
  const r = Number(x.toFixed(digits));
  return r === 0 ? 0 : r;
}

/** "57,7" in Vietnamese, "57.7" in English; "—" for nothing. */
export function fmt(x: number | null | undefined, locale: Locale, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  return new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB", {
    minimumFractionDigits: 0,
    maximumFractionDigits: digits,
  }).format(roundTo(x, digits));
}

/** A signed difference: "+2,8", "−1,3" (a real minus sign), "0". */
export function signed(x: number, locale: Locale, digits = 1): string {
  const r = roundTo(x, digits);
  if (r === 0) return fmt(0, locale);
  return `${r > 0 ? "+" : "−"}${fmt(Math.abs(r), locale, digits)}`;
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

/**
 * A label cut into at most `lines` lines no wider than `maxWidth` as `measure` says (pixels on the
 * canvas), words kept whole unless one alone is too wide; the last line ends in "…" when text is left
 * over. Counting characters cut Vietnamese labels on the left, as their letters are wider than guessed.
 */
export function wrapToWidth(
  text: string,
  maxWidth: number,
  measure: (s: string) => number,
  lines = 2,
): string[] {
  const out: string[] = [];
  let line = "";
  const words = text.split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    const next = line ? `${line} ${word}` : word;
    if (measure(next) <= maxWidth) {
      line = next;
      continue;
    }
    if (line) out.push(line);
    line = word;
    // A word wider than a whole line is cut where it must be.
    while (measure(line) > maxWidth && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && measure(line.slice(0, cut)) > maxWidth) cut--;
      out.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  let last = kept[lines - 1] ?? "";
  while (last && measure(`${last}…`) > maxWidth) last = last.slice(0, -1).trimEnd();
  kept[lines - 1] = `${last}…`;
  return kept;
}
