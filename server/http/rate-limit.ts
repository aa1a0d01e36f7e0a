/** Keys the limiters hold at most; the least recently used go first. */
export const MAX_LIMITER_KEYS = 50_000;
/** Longer keys are cut: a key is an address or an access code, both short. */
export const MAX_KEY_LENGTH = 128;

/**
 * A map of at most `maxKeys` entries that forgets the least recently used one when full, with keys
 * cut to MAX_KEY_LENGTH: memory stays bounded whatever keys an attacker sends.
 */
export class BoundedMap<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly maxKeys = MAX_LIMITER_KEYS) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const k = key.slice(0, MAX_KEY_LENGTH);
    const value = this.entries.get(k);
    if (value !== undefined) {
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
      this.entries.delete(k);
      this.entries.set(k, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    const k = key.slice(0, MAX_KEY_LENGTH);
    this.entries.delete(k);
    this.entries.set(k, value);
    while (this.entries.size > this.maxKeys) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key.slice(0, MAX_KEY_LENGTH));
  }
}

/** Hits in this minute and the one before: a fixed size per key, however many requests it sends. */
interface Window {
  minute: number;
  count: number;
  previous: number;
}

/**
 * Counts events per key in a sliding one-minute window (estimated from this minute's count and the last
 * one's, weighted by how much of it still lies inside the window), in a bounded map, in memory (one process
 * serves one database). A limit of 0 turns the limiter off.
 */
export class RateLimiter {
  private readonly windows: BoundedMap<Window>;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    maxKeys = MAX_LIMITER_KEYS,
  ) {
    this.windows = new BoundedMap(maxKeys);
  }

  /** How many keys are held (for tests of memory). */
  get size(): number {
    return this.windows.size;
  }

  /** Records a hit; returns how many seconds to wait if the key is over its limit, else 0. */
  hit(key: string): number {
    if (this.perMinute <= 0) return 0;
    const t = this.now();
    const minute = Math.floor(t / 60_000);
    const w = this.windows.get(key) ?? { minute, count: 0, previous: 0 };
    if (w.minute !== minute) {
      w.previous = w.minute === minute - 1 ? w.count : 0;
      w.count = 0;
      w.minute = minute;
    }
    const elapsed = (t % 60_000) / 60_000;
    const estimate = w.previous * (1 - elapsed) + w.count;
    this.windows.set(key, w);
    if (estimate >= this.perMinute) return Math.max(1, Math.ceil((60_000 - (t % 60_000)) / 1000));
    w.count += 1;
    return 0;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }
}
