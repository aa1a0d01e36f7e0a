import { setImmediate as nextTurn } from "node:timers/promises";

/**
 * Group commit: work items that arrive during one event-loop turn are written by one call of `run`
 * (one transaction), so the fsync of a commit is shared. Each caller's promise settles only after that
 * transaction committed. If a batch fails, its items are retried one by one, so a bad item fails alone
 * and the others still commit.
 */
export class GroupCommit<T, R> {
  private queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;
  readonly stats = { transactions: 0, items: 0, retriedBatches: 0 };

  constructor(
    private readonly run: (batch: T[]) => Promise<R[]>,
    private readonly maxBatch = 500,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        void nextTurn().then(() => this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        this.stats.transactions++;
        const results = await this.run(batch.map((b) => b.item));
        this.stats.items += batch.length;
        for (const [i, b] of batch.entries()) b.resolve(results[i] as R);
      } catch {
        this.stats.retriedBatches++;
        for (const b of batch) {
          try {
            this.stats.transactions++;
            const [result] = await this.run([b.item]);
            this.stats.items++;
            b.resolve(result as R);
          } catch (err) {
            b.reject(err);
          }
        }
      }
    }
  }
}
