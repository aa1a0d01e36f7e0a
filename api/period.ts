// Schools live in Vietnam's time (UTC+7, no daylight saving), whatever the server's or browser's zone.
export const VN_OFFSET_MS = 7 * 3600_000;

/** The school-year half a moment falls in, in Vietnam's time, as schools name it: "2026–2027 HK1" (HK1 runs August–January). */
export function periodOf(date: Date): string {
  const vn = new Date(date.getTime() + VN_OFFSET_MS);
  const month = vn.getUTCMonth() + 1;
  const year = vn.getUTCFullYear();
  const start = month >= 8 ? year : year - 1;
  const half = month >= 8 || month === 1 ? "HK1" : "HK2";
  return `${start}–${start + 1} ${half}`;
}

/** The calendar day of a moment in Vietnam, "YYYY-MM-DD": 23:30 UTC is already the next day there. */
export function vietnamDay(date: Date): string {
  return new Date(date.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The start of the day (Vietnam time) an instant falls in, as an instant: what is stored of a parent's
 * submission time (issue 13), so that no time of day can tie a response to someone seen at the school.
 */
export function startOfVietnamDay(at: Date): Date {
  const local = at.getTime() + VN_OFFSET_MS;
  return new Date(local - (((local % 86_400_000) + 86_400_000) % 86_400_000) - VN_OFFSET_MS);
}
