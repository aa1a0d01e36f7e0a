import { expect, test } from "vitest";
import { periodOf, vietnamDay } from "../api/period.ts";
import { atLeast, ROLES } from "../api/roles.ts";

// Server and client both name periods with this one function, in Vietnam's time (UTC+7).
test.each([
  ["2026-07-31T16:59:59Z", "2025–2026 HK2"], // 23:59:59 on 31 July in Vietnam
  ["2026-07-31T17:00:00Z", "2026–2027 HK1"], // midnight, 1 August in Vietnam
  ["2026-07-31T20:00:00Z", "2026–2027 HK1"], // still 31 July in UTC
  ["2027-01-31T16:59:59Z", "2026–2027 HK1"],
  ["2027-01-31T17:00:00Z", "2026–2027 HK2"],
  ["2026-12-31T18:00:00Z", "2026–2027 HK1"], // 1 January in Vietnam: HK1 runs to the end of January
])("%s falls in %s", (iso, period) => {
  expect(periodOf(new Date(iso))).toBe(period);
});

// The day of release in exports is Vietnam's calendar day.
test.each([
  ["2026-11-23T16:59:59Z", "2026-11-23"],
  ["2026-11-23T17:00:00Z", "2026-11-24"], // midnight in Vietnam, still the 23rd in UTC
  ["2026-12-31T23:30:00Z", "2027-01-01"],
  ["2026-11-23T00:00:00Z", "2026-11-23"],
])("%s is %s in Vietnam", (iso, day) => {
  expect(vietnamDay(new Date(iso))).toBe(day);
});

test.each([
  ["viewer", "viewer", true],
  ["viewer", "manager", false],
  ["manager", "viewer", true],
  ["manager", "admin", false],
  ["admin", "manager", true],
] as const)("a %s has at least what a %s has: %s", (role, need, yes) => {
  expect(atLeast(role, need)).toBe(yes);
});

test("roles are ordered from least to most", () => {
  expect(ROLES).toEqual(["viewer", "manager", "admin"]);
});
