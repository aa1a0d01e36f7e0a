import { describe, expect, test } from "vitest";
import { startOfVietnamDay, vietnamDay } from "../api/period.ts";

// What is kept of a parent's submission time: the day in Vietnam (UTC+7), whatever the server's zone.
describe("the Vietnam day of an instant", () => {
  test.each([
    ["08:00 UTC is 15:00 in Hà Nội", "2026-11-23T08:00:00.000Z", "2026-11-22T17:00:00.000Z", "2026-11-23"],
    [
      "16:59:59 UTC is still the same day",
      "2026-11-23T16:59:59.999Z",
      "2026-11-22T17:00:00.000Z",
      "2026-11-23",
    ],
    [
      "17:00 UTC is the next day's midnight",
      "2026-11-23T17:00:00.000Z",
      "2026-11-23T17:00:00.000Z",
      "2026-11-24",
    ],
    ["00:30 UTC on the 1st of January", "2027-01-01T00:30:00.000Z", "2026-12-31T17:00:00.000Z", "2027-01-01"],
    ["before 1970 too", "1969-12-31T20:00:00.000Z", "1969-12-31T17:00:00.000Z", "1970-01-01"],
  ])("%s", (_, at, start, date) => {
    expect(startOfVietnamDay(new Date(at)).toISOString()).toBe(start);
    expect(vietnamDay(new Date(at))).toBe(date);
  });
});
