/** Where the server reads the time; tests pass a fixed one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Vietnam has one time zone, UTC+7, and no daylight saving time. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/**
 * The start of the day (Vietnam time) an instant falls in, as an instant: what is stored of a parent's
 * submission time (issue 13), so that no time of day can tie a response to someone seen at the school.
 */
export function startOfVietnamDay(at: Date): Date {
  const local = at.getTime() + VIETNAM_OFFSET_MS;
  return new Date(local - (((local % 86_400_000) + 86_400_000) % 86_400_000) - VIETNAM_OFFSET_MS);
}

/** The day (Vietnam time) an instant falls in, as YYYY-MM-DD. */
export function vietnamDate(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}
