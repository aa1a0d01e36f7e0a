import { type SectionProps, useWords, withheldUnitText } from "./use-words.ts";

/**
 * What is not shown, and why: too few responses, a total that would give a smaller group away, or
 * answers waiting for their group's next release.
 */
export function WithheldNote({ r }: SectionProps) {
  const { tr, units } = useWords();
  const notes: string[] = [];
  const name = (code?: string) => units?.find((u) => u.code === code)?.name ?? code ?? "";
  for (const w of r.withheld) {
    // A unit without any response is "empty", said elsewhere, rather than withheld.
    if (w.group === "unit" && r.totals.responses > 0) notes.push(withheldUnitText(r, tr, w.reason));
    if (w.group === "parent") notes.push(tr.withheldParent(name(w.unit)));
    if (w.group === "gap") notes.push(tr.withheldGap(r.threshold));
    if (w.group === "change") notes.push(tr.withheldChange(r.threshold));
  }
  if (r.totals.releaseAfterClose && !r.total) notes.push(tr.releaseAfterClose);
  else if (r.totals.pending) notes.push(tr.pending(r.totals.pending, r.threshold));
  const children = r.withheld.filter((w) => w.group === "child").length;
  if (children > 0) notes.push(tr.withheldChildren(children, r.threshold));
  if (notes.length === 0) return null;
  return (
    <aside className="withheld-note" data-testid="withheld-note" aria-label={tr.withheldTitle}>
      <p className="withheld-title">{tr.withheldTitle}</p>
      <ul>
        {[...new Set(notes)].map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </aside>
  );
}
