import { setTimeout as delay, setImmediate as nextTurn } from "node:timers/promises";

/**
 * Group commit: work items that arrive during one event-loop turn are written by one call of `run`
 * (one transaction), so the fsync of a commit is shared. Each caller's promise settles only after that
 * transaction committed. If a batch fails, its items are retried one by one, so a bad item fails alone
 * and the others still commit.
 *
 * Under load (the last batch held at least `busyBatch` items) the next batch waits `busyDelayMs` for
 * more items, as PostgreSQL's commit_delay does: a commit's fixed cost (the fsync, the aggregate rows of
 * the units above the schools) is then shared by more submissions, a quarter less CPU per submission
 * in bench/submission.ts. An idle server commits on the next turn, adding no wait.
 */
export class GroupCommit<T, R> {
  private queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;
  private lastBatch = 0;
  readonly stats = { transactions: 0, items: 0, retriedBatches: 0 };

  constructor(
    private readonly run: (batch: T[]) => Promise<R[]>,
    private readonly maxBatch = 500,
    private readonly busyBatch = 8,
    private readonly busyDelayMs = 2,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        const wait = this.lastBatch >= this.busyBatch ? delay(this.busyDelayMs) : nextTurn();
        void wait.then(() => this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.lastBatch = batch.length;
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
