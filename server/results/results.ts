import type { ResultsBody } from "../../api/results.ts";
import { TOTAL } from "../../forms/contributions.ts";
import type { Criterion, LocalizedText } from "../../forms/types.ts";
import { listElements } from "../../forms/walk.ts";
import type { Store } from "../store/store.ts";
import type { Campaign, Unit } from "../store/types.ts";
import { withheldGroups } from "./anonymity.ts";
import {
  groupsUnder,
  isVisible,
  leafCount,
  subtree,
  type View,
  Views,
  type Withheld,
} from "./campaign-view.ts";
import { change, gap, trend } from "./comparisons.ts";
import { toStats } from "./stats.ts";

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

  async forUnit(campaign: Campaign, unit: Unit, compare?: Campaign): Promise<ResultsBody> {
    const views = new Views(this.store, this.k);
    const view = await views.get(campaign);
    const visible = isVisible(view, unit.id);
    const withheld: Withheld[] = [];
    const n = view.counts.get(unit.id) ?? 0;
    const leaves = leafCount(view, unit.id);
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
    const totalStat = stats.get(TOTAL);
    const total =
      visible && totalStat
        ? {
            ...totalStat,
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
      gap: visible ? await gap(this.store, views, campaign, unit, withheld) : null,
      change: compare ? await change(this.store, views, compare, unit, stats, withheld) : null,
      trend: await trend(this.store, views, campaign, unit),
      withheld,
    };
  }

  /** The ids of the units whose results are shown in a campaign (what exports may name). */
  async shownUnits(campaign: Campaign): Promise<Set<number>> {
    const view = await new Views(this.store, this.k).get(campaign);
    return new Set([...view.counts.keys()].filter((id) => isVisible(view, id)));
  }

  /** Per child unit: counts always (completion), scores only when shown. */
  private async children(view: View, unit: Unit, visible: boolean, withheld: Withheld[]) {
    const kids = view.children.get(unit.id) ?? [];
    const hidden = visible
      ? withheldGroups(groupsUnder(view, unit.id), this.k)
      : new Set(kids.map((c) => String(c.id)));
    const scores = await this.store.aggregates.scores(
      view.campaign.id,
      kids.filter((c) => !hidden.has(String(c.id))).map((c) => c.id),
    );
    return kids.map((child) => {
      const n = view.counts.get(child.id) ?? 0;
      const expected = view.campaign.expected ? view.campaign.expected * leafCount(view, child.id) : null;
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
  private async parent(view: View, unit: Unit, withheld: Withheld[]) {
    const parent = unit.parentId === null ? undefined : view.units.get(unit.parentId);
    if (!parent || !isVisible(view, parent.id)) return null;
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
    const units = subtree(view, unit.id).filter((id) => {
      if (!isVisible(view, id)) return false;
      const groups = groupsUnder(view, id);
      if (groups.length === 1) return true; // no children: the unit's responses are all direct
      const direct = groups.find((g) => g.id === `direct:${id}`);
      return !!direct && direct.n >= this.k && !withheldGroups(groups, this.k).has(direct.id);
    });
    return this.store.aggregates.texts(view.campaign.id, units, 50);
  }
}
