const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const isDay = (y: string, m: string, d: string) =>
  +m >= 1 && +m <= 12 && +d >= 1 && +d <= daysInMonth(+y, +m);
const isTime = (h: string, m: string, s = "0") => +h <= 23 && +m <= 59 && +s <= 59;

/** What the HTML date and time inputs submit (so what survey-core stores), down to real calendar days. */
export const INPUT_FORMATS: Record<string, (value: string) => boolean> = {
  date: (v) => {
    const m = v.match(/^(\d{4})-(\d{2})-(\d{2})$/);
    return !!m && isDay(m[1] as string, m[2] as string, m[3] as string);
  },
  "datetime-local": (v) => {
    const m = v.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/);
    return (
      !!m &&
      isDay(m[1] as string, m[2] as string, m[3] as string) &&
      isTime(m[4] as string, m[5] as string, m[6])
    );
  },
  time: (v) => {
    const m = v.match(/^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/);
    return !!m && isTime(m[1] as string, m[2] as string, m[3]);
  },
  month: (v) => {
    const m = v.match(/^\d{4}-(\d{2})$/);
    return !!m && +(m[1] as string) >= 1 && +(m[1] as string) <= 12;
  },
  week: (v) => {
    const m = v.match(/^\d{4}-W(\d{2})$/);
    return !!m && +(m[1] as string) >= 1 && +(m[1] as string) <= 53;
  },
};
