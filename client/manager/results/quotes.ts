/** Identical quotes shown once with how many said it, most said first, then in the order given. */
export function groupQuotes(texts: { question: string; text: string }[]): { text: string; n: number }[] {
  const seen = new Map<string, { text: string; n: number; at: number }>();
  texts.forEach((t, at) => {
    const key = t.text.trim().replace(/\s+/g, " ");
    const had = seen.get(key);
    if (had) had.n++;
    else seen.set(key, { text: key, n: 1, at });
  });
  return [...seen.values()].sort((a, b) => b.n - a.n || a.at - b.at).map(({ text, n }) => ({ text, n }));
}
