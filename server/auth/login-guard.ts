import { BoundedMap } from "../http/rate-limit.ts";

/** The longest a (username, address) pair is locked, however often it failed. */
const MAX_LOCK_MS = 24 * 3600_000;

interface Attempts {
  /** Failures since the last lock or success, plus attempts still being verified. */
  failures: number;
  pending: number;
  lockedUntil: number;
  /** Locks so far: each doubles the next one. */
  locks: number;
}

/**
 * Sign-in guesses per (username, client address). An attempt is counted when it starts, before its
 * password is hashed, so that 60 concurrent guesses cannot all be tried while the first are still being
 * verified. After `maxFailures` failures the pair is locked, each lock twice as long as the one before
 * (up to a day); a success clears it. Locking the pair, not the username, means an attacker elsewhere
 * cannot lock the real user out.
 */
export class LoginGuard {
  private readonly pairs = new BoundedMap<Attempts>();

  constructor(
    private readonly maxFailures: number,
    private readonly lockMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts an attempt about to be verified; returns seconds to wait instead (nothing counted), or 0. */
  begin(username: string, client: string): number {
    const key = pairKey(username, client);
    const t = this.now();
    const a = this.pairs.get(key) ?? { failures: 0, pending: 0, lockedUntil: 0, locks: 0 };
    this.pairs.set(key, a);
    if (a.lockedUntil > t) return Math.ceil((a.lockedUntil - t) / 1000);
    if (a.failures + a.pending >= this.maxFailures) {
      // Attempts still being verified would reach the limit: wait for their verdict.
      return 1;
    }
    a.pending += 1;
    return 0;
  }

  /** The verdict on an attempt `begin` allowed. */
  finish(username: string, client: string, ok: boolean): void {
    const key = pairKey(username, client);
    const a = this.pairs.get(key);
    if (!a) return;
    a.pending = Math.max(0, a.pending - 1);
    if (ok) {
      if (a.pending === 0) this.pairs.delete(key);
      else Object.assign(a, { failures: 0, locks: 0 });
      return;
    }
    a.failures += 1;
    if (a.failures >= this.maxFailures) {
      a.lockedUntil = this.now() + Math.min(MAX_LOCK_MS, this.lockMs * 2 ** a.locks);
      a.locks += 1;
      a.failures = 0;
    }
  }
}

const pairKey = (username: string, client: string) => `${client} ${username.normalize("NFC").toLowerCase()}`;
