import type { ResultsBody } from "../../api/results.ts";
import { TOTAL } from "../../forms/contributions.ts";
import type { Criterion, LocalizedText } from "../../forms/types.ts";
import { listElements } from "../../forms/walk.ts";
import type { Clock } from "../clock.ts";
import { systemClock } from "../clock.ts";
import type { ScoreAggregate } from "../store/aggregates.ts";
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
import { cellsOver, toStats } from "./stats.ts";

/**
 * The results of one campaign at one unit, built from the released aggregates (store/release.ts: a
 * group's figures change only by batches of at least k respondents). Every group under the anonymity
 * threshold `k` is withheld here, on the server, and so is any group that could be recovered by
 * subtracting shown groups from a shown total, and any cell (criterion, question) fewer than k answered.
 * Live counts give completion only.
 */
export class Results {
  constructor(
    private readonly store: Store,
    private readonly k: number,
    private readonly clock: Clock = systemClock,
  ) {}

  async forUnit(campaign: Campaign, unit: Unit, compare?: Campaign): Promise<ResultsBody> {
    const views = new Views(this.store, this.k, this.clock.now());
    const view = await views.get(campaign);
    const visible = isVisible(view, unit.id);
    const withheld: Withheld[] = [];
    const n = view.counts.get(unit.id) ?? 0;
    const live = view.live.get(unit.id) ?? 0;
    const pending = subtree(view, unit.id).reduce((a, id) => a + (view.pending.get(id) ?? 0), 0);
    const leaves = leafCount(view, unit.id);
    const expected = campaign.expected ? campaign.expected * leaves : null;
    const afterClose = campaign.releaseAfterClose ?? (await this.store.releases.afterClose(campaign.id));
    if (!visible)
      withheld.push({
        group: "unit",
        unit: unit.code,
        reason: n < this.k ? "below_threshold" : "complement",
      });

    const scores = visible ? await this.store.aggregates.scores(campaign.id, [unit.id]) : [];
    const levels = visible ? await this.store.aggregates.levels(campaign.id, unit.id) : [];
    const stats = cellsOver(toStats(scores), this.k);
    const criteriaIds = (view.form.criteria ?? []).map((c) => c.id);
    const criteria = criteriaIds.map((id) => ({
      ...(stats.get(id) ?? { id, n: 0, mean: null, sd: null }),
      levels: stats.has(id)
        ? Object.fromEntries(levels.filter((l) => l.criterion === id).map((l) => [l.level, l.n]))
        : {},
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

    const children = await this.children(view, unit, visible, withheld, scores);
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
      // responses and completion are live (who answered, never what); released: the group the figures are of.
      totals: {
        responses: live,
        expected,
        completion: expected ? live / expected : null,
        withheld: !visible,
        released: n,
        pending,
        releaseAfterClose: afterClose,
      },
      criteria: visible ? criteria : [],
      total,
      parent: visible ? await this.parent(view, unit, withheld, scores) : null,
      children,
      questions: visible ? await this.questions(view, unit, withheld) : [],
      texts: visible ? await this.texts(view, unit) : [],
      gap: visible ? await gap(this.store, views, campaign, unit, withheld) : null,
      change: compare ? await change(this.store, views, compare, unit, stats, withheld) : null,
      trend: await trend(this.store, views, campaign, unit),
      withheld,
    };
  }

  /** The ids of the units whose results are shown in a campaign (what exports may list and name). */
  async shownUnits(campaign: Campaign): Promise<Set<number>> {
    const view = await new Views(this.store, this.k, this.clock.now()).get(campaign);
    return new Set([...view.counts.keys()].filter((id) => isVisible(view, id)));
  }

  /** Per child unit: counts always (completion), scores only when shown. */
  private async children(
    view: View,
    unit: Unit,
    visible: boolean,
    withheld: Withheld[],
    own: ScoreAggregate[],
  ) {
    const kids = view.children.get(unit.id) ?? [];
    const hidden = visible
      ? withheldGroups(groupsUnder(view, unit.id), this.k)
      : new Set(kids.map((c) => String(c.id)));
    const scores = await this.store.aggregates.scores(
      view.campaign.id,
      kids.filter((c) => !hidden.has(String(c.id))).map((c) => c.id),
    );
    const cells = this.childCells(kids, hidden, scores, own);
    return kids.map((child) => {
      const n = view.counts.get(child.id) ?? 0;
      const live = view.live.get(child.id) ?? 0;
      const expected = view.campaign.expected ? view.campaign.expected * leafCount(view, child.id) : null;
      const shown = !hidden.has(String(child.id)) && n > 0;
      if (!shown && (n > 0 || live > 0))
        withheld.push({
          group: "child",
          unit: child.code,
          reason: n < this.k ? "below_threshold" : "complement",
        });
      const stats = toStats(scores.filter((s) => s.unitId === child.id));
      const cell = (id: string) => cells.get(id)?.has(String(child.id));
      return {
        code: child.code,
        name: child.name,
        kind: child.kind,
        n: live,
        released: n,
        expected,
        completion: expected ? live / expected : null,
        withheld: (n > 0 || live > 0) && !shown,
        total: shown && cell(TOTAL) ? (stats.get(TOTAL)?.mean ?? null) : null,
        criteria: shown
          ? [...stats.values()]
              .filter((s) => s.id !== TOTAL && cell(s.id))
              .map((s) => ({ id: s.id, mean: s.mean, n: s.n }))
          : [],
      };
    });
  }

  /**
   * Per criterion, the shown children whose cell may be shown: at least k answered it, and it cannot be
   * recovered by subtracting the others from the unit's own cell (complementary suppression per cell).
   */
  private childCells(
    kids: Unit[],
    hidden: Set<string>,
    scores: ScoreAggregate[],
    own: ScoreAggregate[],
  ): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    const shownKids = kids.filter((c) => !hidden.has(String(c.id)));
    for (const criterion of new Set(scores.map((s) => s.criterion))) {
      const groups = shownKids.map((c) => ({
        id: String(c.id),
        n: scores.find((s) => s.unitId === c.id && s.criterion === criterion)?.n ?? 0,
      }));
      const inKids = groups.reduce((a, g) => a + g.n, 0);
      const total = own.find((s) => s.criterion === criterion)?.n ?? inKids;
      groups.push({ id: "rest", n: total - inKids });
      const withheld = withheldGroups(groups, this.k);
      out.set(
        criterion,
        new Set(groups.filter((g) => g.n >= this.k && !withheld.has(g.id)).map((g) => g.id)),
      );
    }
    return out;
  }

  /** The parent unit's means, unless subtracting this unit from them would expose fewer than k others. */
  private async parent(view: View, unit: Unit, withheld: Withheld[], own: ScoreAggregate[]) {
    const parent = unit.parentId === null ? undefined : view.units.get(unit.parentId);
    if (!parent || !isVisible(view, parent.id)) return null;
    const rest = (view.counts.get(parent.id) ?? 0) - (view.counts.get(unit.id) ?? 0);
    if (rest > 0 && rest < this.k) {
      withheld.push({ group: "parent", unit: parent.code, reason: "complement" });
      return null;
    }
    // Per cell too: the parent's cell minus this unit's must be 0 or at least k people.
    const mine = new Map(own.map((s) => [s.criterion, s.n]));
    const stats = new Map(
      [
        ...cellsOver(toStats(await this.store.aggregates.scores(view.campaign.id, [parent.id])), this.k),
      ].filter(([id, s]) => {
        const restOf = s.n - (mine.get(id) ?? 0);
        return restOf === 0 || restOf >= this.k;
      }),
    );
    return {
      code: parent.code,
      name: parent.name,
      total: stats.get(TOTAL)?.mean ?? null,
      criteria: [...stats.values()].filter((s) => s.id !== TOTAL),
    };
  }

  /** Answer counts per question, for questions at least k people answered (per-cell threshold). */
  private async questions(view: View, unit: Unit, withheld: Withheld[]) {
    const rows = await this.store.aggregates.answers(view.campaign.id, unit.id);
    const titles = new Map<string, LocalizedText | undefined>();
    const multi = new Set<string>();
    for (const el of listElements(view.form)) {
      if (el.name) titles.set(el.name, el.title as LocalizedText | undefined);
      if (el.name && (el.type === "checkbox" || el.type === "tagbox")) multi.add(el.name);
    }
    const byQuestion = new Map<string, Record<string, number>>();
    for (const r of rows) byQuestion.set(r.question, { ...byQuestion.get(r.question), [r.value]: r.n });
    // How many people answered: the sum of counts, or for multiple choice at least the largest count.
    const people = (name: string, counts: Record<string, number>) => {
      const values = Object.values(counts);
      return multi.has(name) ? Math.max(0, ...values) : values.reduce((a, b) => a + b, 0);
    };
    for (const [name, counts] of byQuestion)
      if (people(name, counts) < this.k) {
        byQuestion.delete(name);
        withheld.push({ group: `question:${name}`, unit: unit.code, reason: "below_threshold" });
      }
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
