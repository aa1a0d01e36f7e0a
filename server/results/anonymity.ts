/** A set of sibling groups (child units, plus the parent's own direct responses) and their sizes. */
export interface Group {
  id: string;
  n: number;
}

/**
 * Which groups to withhold so that no group under `k` responses can be read, directly or by
 * subtracting the shown groups from their parent's total: every group under k, and then the smallest
 * shown groups until the withheld ones add up to k or more (or all are withheld).
 */
export function withheldGroups(groups: Group[], k: number): Set<string> {
  const withheld = new Set(groups.filter((g) => g.n > 0 && g.n < k).map((g) => g.id));
  let hidden = groups.filter((g) => withheld.has(g.id)).reduce((a, g) => a + g.n, 0);
  if (hidden === 0) return withheld;
  const shown = groups.filter((g) => g.n >= k).sort((a, b) => a.n - b.n || a.id.localeCompare(b.id));
  for (const g of shown) {
    if (hidden >= k) break;
    withheld.add(g.id);
    hidden += g.n;
  }
  return withheld;
}
