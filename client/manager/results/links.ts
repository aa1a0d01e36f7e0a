import type { CampaignInfo, UnitRow } from "../../../api/manager.ts";

// Where the results pages link to, and which units and campaigns their pickers offer.

export function resultsHref(id: number | string, unit: string, compare?: string | null): string {
  const q = new URLSearchParams();
  if (unit) q.set("unit", unit);
  if (compare) q.set("compare", compare);
  const s = q.toString();
  return `/manage/campaigns/${id}/results${s ? `?${s}` : ""}`;
}

export function reportHref(id: number | string, unit: string, compare?: string | null): string {
  return resultsHref(id, unit, compare).replace(/\/results(\?|$)/, "/report$1");
}

/** Units from the top of `scope` down to `code` (the breadcrumb of a drill-down). */
export function unitPath(scope: UnitRow[], code: string): UnitRow[] {
  const byCode = new Map(scope.map((u) => [u.code, u]));
  const out: UnitRow[] = [];
  let u = byCode.get(code);
  while (u) {
    out.unshift(u);
    u = u.parentCode ? byCode.get(u.parentCode) : undefined;
  }
  return out;
}

/**
 * Campaigns to compare with: the same form, another campaign, covering the chosen unit (its unit is the
 * unit or above it; a unit the account cannot see lies above every unit it can). Newest first.
 */
export function compareOptions(
  campaigns: CampaignInfo[],
  current: CampaignInfo,
  unit: string,
  units: UnitRow[],
): CampaignInfo[] {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const path = new Set<string>();
  for (let u = byCode.get(unit); u; u = u.parentCode ? byCode.get(u.parentCode) : undefined) path.add(u.code);
  return campaigns
    .filter((c) => c.id !== current.id && c.formId === current.formId && c.kind === current.kind)
    .filter((c) => !c.unit || path.has(c.unit.code) || !byCode.has(c.unit.code))
    .sort((a, b) => b.opensAt.localeCompare(a.opensAt));
}
