import { TOTAL } from "../../forms/contributions.ts";
import type { Criterion, FormJson, LocalizedText } from "../../forms/types.ts";
import { listElements } from "../../forms/walk.ts";
import type { ScoreAggregate } from "../store/aggregates.ts";
import type { Store } from "../store/store.ts";
import type { Campaign, Unit } from "../store/types.ts";
import { type Group, withheldGroups } from "./anonymity.ts";

export interface Stat {
  id: string;
  n: number;
  mean: number;
  sd: number;
}

interface View {
  campaign: Campaign;
  form: FormJson;
  /** Unit id → response count, for every unit of the campaign's tree that has responses. */
  counts: Map<number, number>;
  children: Map<number, Unit[]>;
  units: Map<number, Unit>;
  /** isVisible's answers, computed once per unit and request. */
  shown: Map<number, boolean>;
}

/** Campaign views built during one request, so a campaign's tree and counts are read once. */
type Views = Map<number, Promise<View>>;

/**
 * The results of one campaign at one unit, built from the aggregates. Every group under the anonymity
 * threshold `k` is withheld here, on the server, and so is any group that could be recovered by
 * subtracting shown groups from a shown total.
 */
export class Results {
  constructor(
    private readonly store: Store,
    private readonly k: number,
  ) {}

  async forUnit(campaign: Campaign, unit: Unit, compare?: Campaign) {
    const views: Views = new Map();
    const view = await this.view(campaign, views);
    const visible = this.isVisible(view, unit.id);
    const withheld: { group: string; unit?: string; reason: string }[] = [];
    const n = view.counts.get(unit.id) ?? 0;
    const leaves = this.leafCount(view, unit.id);
    const expected = campaign.expected ? campaign.expected * leaves : null;
    if (!visible)
      withheld.push({
        group: "unit",
        unit: unit.code,
        reason: n < this.k ? "below_threshold" : "complement",
      });

    const scores = visible ? await this.store.aggregates.scores(campaign.id, [unit.id]) : [];
    const levels = visible ? await this.store.aggregates.levels(campaign.id, unit.id) : [];
    const stats = toStats(scores);
    const criteriaIds = (view.form.criteria ?? []).map((c) => c.id);
    const criteria = criteriaIds.map((id) => ({
      ...(stats.get(id) ?? { id, n: 0, mean: null, sd: null }),
      levels: Object.fromEntries(levels.filter((l) => l.criterion === id).map((l) => [l.level, l.n])),
    }));
    const total =
      visible && stats.get(TOTAL)
        ? {
            ...stats.get(TOTAL),
            levels: Object.fromEntries(
              levels.filter((l) => l.criterion === TOTAL).map((l) => [l.level, l.n]),
            ),
          }
        : null;

    const children = await this.children(view, unit, visible, withheld);
    return {
      campaign: {
        id: campaign.id,
        period: campaign.period,
        kind: campaign.kind,
        formId: campaign.formId,
        title: view.form.title ?? campaign.formId,
      },
      unit: { code: unit.code, name: unit.name, kind: unit.kind },
      threshold: this.k,
      criteriaTexts: (view.form.criteria ?? []).map((c: Criterion) => ({ id: c.id, title: c.title })),
      levelsTexts: (view.form.levels ?? []).map((l) => ({ min: l.min, label: l.label })),
      totals: { responses: n, expected, completion: expected ? n / expected : null, withheld: !visible },
      criteria: visible ? criteria : [],
      total,
      parent: visible ? await this.parent(view, unit, withheld) : null,
      children,
      questions: visible ? await this.questions(view, unit) : [],
      texts: visible ? await this.texts(view, unit) : [],
      gap: visible ? await this.gap(campaign, unit, withheld, views) : null,
      change: compare ? await this.change(compare, unit, stats, withheld, views) : null,
      trend: await this.trend(campaign, unit, views),
      withheld,
    };
  }

  /** The ids of the units whose results are shown in a campaign (what exports may name). */
  async shownUnits(campaign: Campaign): Promise<Set<number>> {
    const view = await this.view(campaign);
    return new Set([...view.counts.keys()].filter((id) => this.isVisible(view, id)));
  }

  /** Per child unit: counts always (completion), scores only when shown. */
  private async children(
    view: View,
    unit: Unit,
    visible: boolean,
    withheld: { group: string; unit?: string; reason: string }[],
  ) {
    const kids = view.children.get(unit.id) ?? [];
    const hidden = visible
      ? withheldGroups(this.groupsUnder(view, unit.id), this.k)
      : new Set(kids.map((c) => String(c.id)));
    const scores = await this.store.aggregates.scores(
      view.campaign.id,
      kids.filter((c) => !hidden.has(String(c.id))).map((c) => c.id),
    );
    return kids.map((child) => {
      const n = view.counts.get(child.id) ?? 0;
      const expected = view.campaign.expected
        ? view.campaign.expected * this.leafCount(view, child.id)
        : null;
      const shown = !hidden.has(String(child.id)) && n > 0;
      if (hidden.has(String(child.id)) && n > 0)
        withheld.push({
          group: "child",
          unit: child.code,
          reason: n < this.k ? "below_threshold" : "complement",
        });
      const stats = toStats(scores.filter((s) => s.unitId === child.id));
      return {
        code: child.code,
        name: child.name,
        kind: child.kind,
        n,
        expected,
        completion: expected ? n / expected : null,
        withheld: n > 0 && !shown,
        total: shown ? (stats.get(TOTAL)?.mean ?? null) : null,
        criteria: shown
          ? [...stats.values()].filter((s) => s.id !== TOTAL).map((s) => ({ id: s.id, mean: s.mean, n: s.n }))
          : [],
      };
    });
  }

  /** The parent unit's means, unless subtracting this unit from them would expose fewer than k others. */
  private async parent(view: View, unit: Unit, withheld: { group: string; unit?: string; reason: string }[]) {
    const parent = unit.parentId === null ? undefined : view.units.get(unit.parentId);
    if (!parent || !this.isVisible(view, parent.id)) return null;
    const rest = (view.counts.get(parent.id) ?? 0) - (view.counts.get(unit.id) ?? 0);
    if (rest > 0 && rest < this.k) {
      withheld.push({ group: "parent", unit: parent.code, reason: "complement" });
      return null;
    }
    const stats = toStats(await this.store.aggregates.scores(view.campaign.id, [parent.id]));
    return {
      code: parent.code,
      name: parent.name,
      total: stats.get(TOTAL)?.mean ?? null,
      criteria: [...stats.values()].filter((s) => s.id !== TOTAL),
    };
  }

  private async questions(view: View, unit: Unit) {
    const rows = await this.store.aggregates.answers(view.campaign.id, unit.id);
    const titles = new Map<string, LocalizedText | undefined>();
    for (const el of listElements(view.form))
      if (el.name) titles.set(el.name, el.title as LocalizedText | undefined);
    const byQuestion = new Map<string, Record<string, number>>();
    for (const r of rows) byQuestion.set(r.question, { ...byQuestion.get(r.question), [r.value]: r.n });
    const order = [...titles.keys()];
    const rank = (q: string) => order.indexOf(q.split(".")[0] ?? q);
    return [...byQuestion]
      .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
      .map(([name, counts]) => ({ name, title: titles.get(name.split(".")[0] ?? name) ?? name, counts }));
  }

  /**
   * Quotes only from units whose own results are shown (a school, or a unit's direct responses that
   * form a shown group of their own), so no withheld group's words leave the server; never with a code.
   */
  private async texts(view: View, unit: Unit) {
    const units = this.subtree(view, unit.id).filter((id) => {
      if (!this.isVisible(view, id)) return false;
      const groups = this.groupsUnder(view, id);
      if (groups.length === 1) return true; // no children: the unit's responses are all direct
      const direct = groups.find((g) => g.id === `direct:${id}`);
      return !!direct && direct.n >= this.k && !withheldGroups(groups, this.k).has(direct.id);
    });
    return this.store.aggregates.texts(view.campaign.id, units, 50);
  }

  /** Staff vs parents: a campaign of the other kind, same period, covering this unit, sharing criteria ids. */
  private async gap(
    campaign: Campaign,
    unit: Unit,
    withheld: { group: string; unit?: string; reason: string }[],
    views: Views,
  ) {
    if (campaign.kind === "unit") return null;
    const mineIds = new Set(
      ((await this.store.forms.get(campaign.formId, campaign.formVersion))?.json.criteria ?? []).map(
        (c) => c.id,
      ),
    );
    let other: Campaign | undefined;
    for (const c of await this.coveringCampaigns(unit)) {
      if (
        c.kind === campaign.kind ||
        c.kind === "unit" ||
        c.period !== campaign.period ||
        c.id === campaign.id
      )
        continue;
      const theirIds = ((await this.store.forms.get(c.formId, c.formVersion))?.json.criteria ?? []).map(
        (x) => x.id,
      );
      if (theirIds.some((id) => mineIds.has(id))) {
        other = c;
        break;
      }
    }
    if (!other) return null;
    const otherView = await this.view(other, views);
    if (!this.isVisible(otherView, unit.id)) {
      withheld.push({ group: "gap", unit: unit.code, reason: "below_threshold" });
      return null;
    }
    const mine = toStats(await this.store.aggregates.scores(campaign.id, [unit.id]));
    const theirs = toStats(await this.store.aggregates.scores(other.id, [unit.id]));
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

  private async change(
    compare: Campaign,
    unit: Unit,
    current: Map<string, Stat>,
    withheld: { group: string; unit?: string; reason: string }[],
    views: Views,
  ) {
    const view = await this.view(compare, views);
    if (!this.isVisible(view, unit.id) || current.size === 0) {
      withheld.push({ group: "change", unit: unit.code, reason: "below_threshold" });
      return null;
    }
    const before = toStats(await this.store.aggregates.scores(compare.id, [unit.id]));
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
  private async trend(campaign: Campaign, unit: Unit, views: Views) {
    const series = (await this.coveringCampaigns(unit))
      .filter((c) => c.formId === campaign.formId && c.kind === campaign.kind)
      .sort((a, b) => a.opensAt.localeCompare(b.opensAt));
    const points = [];
    for (const c of series) {
      const view = await this.view(c, views);
      const visible = this.isVisible(view, unit.id);
      const total = visible
        ? toStats(await this.store.aggregates.scores(c.id, [unit.id])).get(TOTAL)
        : undefined;
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

  private async coveringCampaigns(unit: Unit): Promise<Campaign[]> {
    return this.store.campaigns.list(await this.store.units.ancestorIds(unit.id));
  }

  /** A campaign's tree and counts; with `views`, built once per request whatever asks for it. */
  private view(campaign: Campaign, views?: Views): Promise<View> {
    let view = views?.get(campaign.id);
    if (!view) {
      view = this.buildView(campaign);
      views?.set(campaign.id, view);
    }
    return view;
  }

  private async buildView(campaign: Campaign): Promise<View> {
    const root = await this.store.units.getById(campaign.unitId);
    const tree = root ? await this.store.units.listTree([root.id]) : [];
    const units = new Map(tree.map((u) => [u.id, u as Unit]));
    // Merged units are hidden from the tree but still hold responses under their new parent.
    const ids = root ? await this.store.units.subtreeIds(root.id) : [];
    const children = new Map<number, Unit[]>();
    for (const u of tree)
      if (u.parentId !== null && u.id !== root?.id)
        children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
    return {
      campaign,
      form: (await this.store.forms.get(campaign.formId, campaign.formVersion))?.json ?? {},
      counts: await this.store.aggregates.counts(campaign.id, ids),
      children,
      units,
      shown: new Map(),
    };
  }

  /** Sibling groups under a unit: its children and its own direct responses. */
  private groupsUnder(view: View, unitId: number): Group[] {
    const kids = view.children.get(unitId) ?? [];
    const inKids = kids.reduce((a, c) => a + (view.counts.get(c.id) ?? 0), 0);
    return [
      ...kids.map((c) => ({ id: String(c.id), n: view.counts.get(c.id) ?? 0 })),
      { id: `direct:${unitId}`, n: (view.counts.get(unitId) ?? 0) - inKids },
    ];
  }

  /** Shown iff it reaches k, is not withheld among its siblings, and its parent is shown (up to the campaign's unit). */
  private isVisible(view: View, unitId: number): boolean {
    let shown = view.shown.get(unitId);
    if (shown === undefined) {
      shown = this.computeVisible(view, unitId);
      view.shown.set(unitId, shown);
    }
    return shown;
  }

  private computeVisible(view: View, unitId: number): boolean {
    if ((view.counts.get(unitId) ?? 0) < this.k) return false;
    if (unitId === view.campaign.unitId) return true;
    const unit = view.units.get(unitId);
    if (!unit || unit.parentId === null) return false;
    if (withheldGroups(this.groupsUnder(view, unit.parentId), this.k).has(String(unitId))) return false;
    return this.isVisible(view, unit.parentId);
  }

  private subtree(view: View, unitId: number): number[] {
    const out = [unitId];
    for (const c of view.children.get(unitId) ?? []) out.push(...this.subtree(view, c.id));
    return out;
  }

  /** Units with no live children below a unit (schools, usually): what `expected` is counted per. */
  private leafCount(view: View, unitId: number): number {
    const kids = view.children.get(unitId) ?? [];
    return kids.length === 0 ? 1 : kids.reduce((a, c) => a + this.leafCount(view, c.id), 0);
  }
}

/** n, mean and sample standard deviation per criterion from count, sum and sum of squares. */
export function toStats(rows: ScoreAggregate[]): Map<string, Stat> {
  const out = new Map<string, Stat>();
  for (const r of rows) {
    const mean = r.sum / r.n;
    const variance = r.n > 1 ? Math.max(0, (r.sumsq - r.n * mean * mean) / (r.n - 1)) : 0;
    out.set(r.criterion, { id: r.criterion, n: r.n, mean: round(mean), sd: round(Math.sqrt(variance)) });
  }
  return out;
}

const round = (x: number) => Math.round(x * 100) / 100;
