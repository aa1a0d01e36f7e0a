import type { BurstRepo } from "../store/bursts.ts";

const MINUTE = 60_000;

/** The minute an instant falls in (epoch ms of its start): the only time the burst counter stores. */
export const minuteOf = (t: number): number => t - (t % MINUTE);

/**
 * The first minute still counted at `t`: a minute is counted while any instant of it is within the
 * window, so an answer counts at least `windowMs` (at most a minute more) after it came.
 */
export const firstCountedMinute = (t: number, windowMs: number): number => minuteOf(t - windowMs);

/**
 * Whether an answer is part of a burst: `limit` other devices already answered through its key within
 * the window. Devices seen are hashes; null is a request without a device token, each one a device of
 * its own. Pure, so the rule is tested apart from where the counts are kept.
 */
export function isBurst(
  recent: readonly (string | null)[],
  device: string | undefined,
  limit: number,
): boolean {
  if (limit <= 0) return false;
  const devices = new Set<string>();
  let anonymous = 0;
  for (const d of recent) {
    if (d === null) anonymous++;
    else if (d !== device) devices.add(d);
  }
  return devices.size + anonymous >= limit;
}

/**
 * Counts the distinct devices that answered through one key (a hash of address × campaign × school) in
 * a sliding window. Kept in the database (store/bursts.ts), not in memory: a restart or a second app
 * process must not reset it. A limit of 0 turns it off (nothing is stored).
 */
export class BurstWatch {
  constructor(
    readonly limit: number,
    private readonly now: () => number,
    private readonly windowMs = 10 * MINUTE,
  ) {}

  /** Records an answer; true if `limit` other devices answered through the key within the window. */
  async hit(repo: BurstRepo, key: string, device: string | undefined): Promise<boolean> {
    if (this.limit <= 0) return false;
    const t = this.now();
    const recent = await repo.hit(key, device ?? null, minuteOf(t), firstCountedMinute(t, this.windowMs));
    return isBurst(recent, device, this.limit);
  }
}
