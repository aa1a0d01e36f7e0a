import type { WithheldEntry } from "../../api/results.ts";
import type { FormJson } from "../../forms/types.ts";
import type { Store } from "../store/store.ts";
import type { Campaign, Unit } from "../store/types.ts";
import type { UnitTree } from "../store/unit-tree.ts";
import { type Group, withheldGroups } from "./anonymity.ts";

/** A group left out of a body, and why: under the threshold, or recoverable by subtraction. */
export type Withheld = WithheldEntry;

/** A campaign's tree and response counts, and which of its units may be shown under threshold `k`. */
export interface View {
  campaign: Campaign;
  form: FormJson;
  k: number;
  /** Unit id → released response count, for every unit of the campaign's tree with released responses. */
  counts: Map<number, number>;
  /** Unit id → live response count: completion only, never a reason to show or hide a figure. */
  live: Map<number, number>;
  /** Unit id → changes waiting for the next release at that unit (release.ts). */
  pending: Map<number, number>;
  children: Map<number, Unit[]>;
  units: Map<number, Unit>;
  /** isVisible's answers, computed once per unit and request. */
  shown: Map<number, boolean>;
}

/** Campaign views built during one request, so a campaign's tree and counts are read once. */
export class Views {
  private readonly built = new Map<number, Promise<View>>();

  constructor(
    private readonly store: Store,
    readonly k: number,
    private readonly now: Date,
  ) {}

  get(campaign: Campaign): Promise<View> {
    let view = this.built.get(campaign.id);
    if (!view) {
      // Campaigns over the same unit share its tree, kept in memory by the store (store/unit-tree.ts).
      view = buildView(this.store, campaign, this.k, this.now, this.store.units.tree(campaign.unitId));
      this.built.set(campaign.id, view);
    }
    return view;
  }
}

async function buildView(
  store: Store,
  campaign: Campaign,
  k: number,
  now: Date,
  tree: Promise<UnitTree>,
): Promise<View> {
  // Releases run before reading, so what is read is one released state (store/release.ts).
  const closed = !!campaign.closedAt || now.toISOString() >= campaign.closesAt;
  const afterClose = campaign.releaseAfterClose ?? (await store.releases.afterClose(campaign.id));
  if (!afterClose || closed) await store.releases.releaseDue(campaign.id, k, afterClose, now);
  const { ids, children, units } = await tree;
  return {
    campaign,
    form: (await store.forms.get(campaign.formId, campaign.formVersion))?.json ?? {},
    k,
    counts: await store.aggregates.counts(campaign.id, ids),
    live: await store.aggregates.liveCounts(campaign.id, ids),
    pending: await store.releases.pending(campaign.id),
    children,
    units,
    shown: new Map(),
  };
}

/** Sibling groups under a unit: its children and its own direct responses. */
export function groupsUnder(view: View, unitId: number): Group[] {
  const kids = view.children.get(unitId) ?? [];
  const inKids = kids.reduce((a, c) => a + (view.counts.get(c.id) ?? 0), 0);
  return [
    ...kids.map((c) => ({ id: String(c.id), n: view.counts.get(c.id) ?? 0 })),
    { id: `direct:${unitId}`, n: (view.counts.get(unitId) ?? 0) - inKids },
  ];
}

/** Shown iff it reaches k, is not withheld among its siblings, and its parent is shown (up to the campaign's unit). */
export function isVisible(view: View, unitId: number): boolean {
  let shown = view.shown.get(unitId);
  if (shown === undefined) {
    shown = computeVisible(view, unitId);
    view.shown.set(unitId, shown);
  }
  return shown;
}

function computeVisible(view: View, unitId: number): boolean {
  if ((view.counts.get(unitId) ?? 0) < view.k) return false;
  if (unitId === view.campaign.unitId) return true;
  const unit = view.units.get(unitId);
  if (!unit || unit.parentId === null) return false;
  if (withheldGroups(groupsUnder(view, unit.parentId), view.k).has(String(unitId))) return false;
  return isVisible(view, unit.parentId);
}

export function subtree(view: View, unitId: number): number[] {
  const out = [unitId];
  for (const c of view.children.get(unitId) ?? []) out.push(...subtree(view, c.id));
  return out;
}

/** Units with no live children below a unit (schools, usually): what `expected` is counted per. */
export function leafCount(view: View, unitId: number): number {
  const kids = view.children.get(unitId) ?? [];
  return kids.length === 0 ? 1 : kids.reduce((a, c) => a + leafCount(view, c.id), 0);
}
