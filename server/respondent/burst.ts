/**
 * Counts the distinct devices that answered through one key (an address × a campaign's school) in a
 * sliding window, in memory (one process serves one database). A request without a device token counts
 * as a device of its own. A limit of 0 turns it off.
 */
export class BurstWatch {
  private readonly seen = new Map<string, { at: number; device: string | undefined }[]>();

  constructor(
    readonly limit: number,
    private readonly now: () => number,
    private readonly windowMs = 10 * 60_000,
  ) {}

  /** Records an answer; true if `limit` other devices answered through the key within the window. */
  hit(key: string, device: string | undefined): boolean {
    if (this.limit <= 0) return false;
    const t = this.now();
    const recent = (this.seen.get(key) ?? []).filter((e) => e.at > t - this.windowMs);
    const devices = new Set<string>();
    let anonymous = 0;
    for (const e of recent) {
      if (e.device === undefined) anonymous++;
      else if (e.device !== device) devices.add(e.device);
    }
    recent.push({ at: t, device });
    this.seen.set(key, recent);
    if (this.seen.size > 100_000) this.sweep(t);
    return devices.size + anonymous >= this.limit;
  }

  private sweep(t: number): void {
    for (const [key, list] of this.seen)
      if (!list.some((e) => e.at > t - this.windowMs)) this.seen.delete(key);
  }
}
