import type { Unit } from "./types.ts";

/** A unit's subtree as results read it (server/results/campaign-view.ts). Shared: never to be changed. */
export interface UnitTree {
  /** Every unit id under the root, merged ones included (they still hold responses). */
  ids: number[];
  /** Live (not merged) units under a unit, by code. */
  children: Map<number, Unit[]>;
  units: Map<number, Unit>;
}

/**
 * Subtrees kept in memory between requests: the tree of a 1,000-school province took three queries and
 * about a tenth of the root's results time, on every request, though units change a few times a year.
 * Kept until a unit is written: this process's writes go through UnitRepo, which calls `clear()` after
 * each commit; another process's writes (the CLI's unit import, say) show as a change of `token()`, which
 * the SQLite store reads from `PRAGMA data_version` (it changes whenever another connection commits), the
 * PostgreSQL store from the `unit_writes` counter that every process bumps after its unit writes.
 */
export class UnitTreeCache {
  private readonly trees = new Map<number, Promise<UnitTree>>();
  private seen: unknown;

  /** `token` may be a promise (PostgreSQL reads it from the database: engine.ts). */
  constructor(private readonly token: () => unknown = () => undefined) {}

  async get(rootId: number, read: (rootId: number) => Promise<UnitTree>): Promise<UnitTree> {
    const token = await this.token();
    if (token !== this.seen) {
      this.trees.clear();
      this.seen = token;
    }
    let tree = this.trees.get(rootId);
    if (!tree) {
      tree = read(rootId);
      this.trees.set(rootId, tree);
      // A failed read is not kept: the next request reads again.
      tree.catch(() => {
        if (this.trees.get(rootId) === tree) this.trees.delete(rootId);
      });
    }
    return tree;
  }

  /** Forgets every tree: after a unit write in this process. */
  clear(): void {
    this.trees.clear();
  }
}
