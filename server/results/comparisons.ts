import { TOTAL } from "../../forms/contributions.ts";
import type { Store } from "../store/store.ts";
import type { Campaign, Unit } from "../store/types.ts";
import { isVisible, type Views, type Withheld } from "./campaign-view.ts";
import { cellsOver, type Stat, toStats } from "./stats.ts";

// A unit's results set beside other campaigns': the other audience's (gap), an earlier one's (change),
// and the same form's over the periods (trend). Each is shown only where the other campaign shows the unit.

/** Staff vs parents: a campaign of the other kind, same period, covering this unit, sharing criteria ids. */
export async function gap(store: Store, views: Views, campaign: Campaign, unit: Unit, withheld: Withheld[]) {
  if (campaign.kind === "unit") return null;
  const mineIds = new Set(
    ((await store.forms.get(campaign.formId, campaign.formVersion))?.json.criteria ?? []).map((c) => c.id),
  );
  let other: Campaign | undefined;
  for (const c of await coveringCampaigns(store, unit)) {
    if (c.kind === campaign.kind || c.kind === "unit" || c.period !== campaign.period || c.id === campaign.id)
      continue;
    const theirIds = ((await store.forms.get(c.formId, c.formVersion))?.json.criteria ?? []).map((x) => x.id);
    if (theirIds.some((id) => mineIds.has(id))) {
      other = c;
      break;
    }
  }
  if (!other) return null;
  if (!isVisible(await views.get(other), unit.id)) {
    withheld.push({ group: "gap", unit: unit.code, reason: "below_threshold" });
    return null;
  }
  const k = views.k;
  const mine = cellsOver(toStats(await store.aggregates.scores(campaign.id, [unit.id])), k);
  const theirs = cellsOver(toStats(await store.aggregates.scores(other.id, [unit.id])), k);
  const criteria = [...mine.values()]
    .filter((s) => s.id !== TOTAL && theirs.has(s.id))
    .map((s) => ({
      id: s.id,
      mean: s.mean,
      otherMean: theirs.get(s.id)?.mean ?? 0,
      gap: s.mean - (theirs.get(s.id)?.mean ?? 0),
    }));
  if (criteria.length === 0) return null;
  return { campaignId: other.id, kind: other.kind, criteria };
}

/** This campaign's means against an earlier campaign's, at the same unit. */
export async function change(
  store: Store,
  views: Views,
  compare: Campaign,
  unit: Unit,
  current: Map<string, Stat>,
  withheld: Withheld[],
) {
  if (!isVisible(await views.get(compare), unit.id) || current.size === 0) {
    withheld.push({ group: "change", unit: unit.code, reason: "below_threshold" });
    return null;
  }
  const before = cellsOver(toStats(await store.aggregates.scores(compare.id, [unit.id])), views.k);
  return {
    campaignId: compare.id,
    period: compare.period,
    criteria: [...current.values()]
      .filter((s) => before.has(s.id))
      .map((s) => ({
        id: s.id,
        mean: s.mean,
        previous: before.get(s.id)?.mean ?? 0,
        change: s.mean - (before.get(s.id)?.mean ?? 0),
      })),
  };
}

/** The same form and kind over the periods, oldest first; a point only where this unit is shown. */
export async function trend(store: Store, views: Views, campaign: Campaign, unit: Unit) {
  const series = (await coveringCampaigns(store, unit))
    .filter((c) => c.formId === campaign.formId && c.kind === campaign.kind)
    .sort((a, b) => a.opensAt.localeCompare(b.opensAt));
  const points = [];
  for (const c of series) {
    const view = await views.get(c);
    const visible = isVisible(view, unit.id);
    const stats = visible ? cellsOver(toStats(await store.aggregates.scores(c.id, [unit.id])), view.k) : null;
    const total = stats?.get(TOTAL);
    points.push({
      campaignId: c.id,
      period: c.period,
      n: view.counts.get(unit.id) ?? 0,
      mean: total?.mean ?? null,
      withheld: !visible,
    });
  }
  return points;
}

async function coveringCampaigns(store: Store, unit: Unit): Promise<Campaign[]> {
  return store.campaigns.list(await store.units.ancestorIds(unit.id));
}
