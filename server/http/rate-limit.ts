/**
 * Counts events per key in a sliding one-minute window, in memory (one process serves one database).
 * A limit of 0 turns the limiter off.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a hit; returns how many seconds to wait if the key is over its limit, else 0. */
  hit(key: string): number {
    if (this.perMinute <= 0) return 0;
    const t = this.now();
    const recent = (this.hits.get(key) ?? []).filter((at) => at > t - 60_000);
    if (recent.length >= this.perMinute) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil(((recent[0] ?? t) + 60_000 - t) / 1000));
    }
    recent.push(t);
    this.hits.set(key, recent);
    if (this.hits.size > 100_000) this.sweep(t);
    return 0;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private sweep(t: number): void {
    for (const [key, times] of this.hits) if (!times.some((at) => at > t - 60_000)) this.hits.delete(key);
  }
}

/**
 * Locks a key (a username) after too many consecutive failures, for a while; a success clears it.
 */
export class Lockout {
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly lockMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds left on the lock, or 0. */
  lockedFor(key: string): number {
    const f = this.failures.get(key);
    const left = f ? f.lockedUntil - this.now() : 0;
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  fail(key: string): void {
    const f = this.failures.get(key) ?? { count: 0, lockedUntil: 0 };
    f.count += 1;
    if (f.count >= this.maxFailures) {
      f.lockedUntil = this.now() + this.lockMs;
      f.count = 0;
    }
    this.failures.set(key, f);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
