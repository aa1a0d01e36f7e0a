import { periodOf } from "../../api/period.ts";
import { createAccount } from "../accounts/create-account.ts";
import { generateCodes } from "../campaigns/codes.ts";
import type { Clock } from "../clock.ts";
import type { Store } from "../store/store.ts";
import type { RespondentKind } from "../store/types.ts";
import { seededRandom, simulateResponses } from "./simulate.ts";

export interface DemoCode {
  code: string;
  url: string;
  campaignId: number;
  formId: string;
  unit: string;
  kind: RespondentKind;
}

const PROVINCE = { code: "SGD-QN", name: "Sở Giáo dục và Đào tạo Quảng Ninh", kind: "province" };
const COMMUNES = [
  {
    code: "XA-BACHE",
    name: "Xã Ba Chẽ",
    schools: [
      ["MN-DAPTHANH", "Trường Mầm non Đạp Thanh"],
      ["TH-MINHCAM", "Trường Tiểu học Minh Cầm"],
      ["PTDTNT-BACHE", "Trường PTDT Nội trú Ba Chẽ"],
    ],
  },
  {
    code: "XA-HAILANG",
    name: "Xã Hải Lạng",
    schools: [
      ["MN-HAILANG", "Trường Mầm non Hải Lạng"],
      ["TH-HAILANG", "Trường Tiểu học Hải Lạng"],
      ["THCS-HAILANG", "Trường THCS Hải Lạng"],
    ],
  },
] as const;

export interface DemoAccount {
  username: string;
  password: string;
  role: string;
  unit: string;
}

export const DEMO_STAFF_CODES_PER_SCHOOL = 10;
const DAY = 24 * 3600 * 1000;

/**
 * Seeds an empty database with a province, two communes and six schools; for each happy-school form
 * a closed campaign of the previous period and an open one of this period, both with simulated
 * responses (so every chart shows something); a parent link and fresh staff codes per school; an admin
 * for the province and a manager for one school. Returns the links and accounts it prints.
 */
export async function seedDemo(
  store: Store,
  clock: Clock,
  publicUrl: string,
): Promise<{ codes: DemoCode[]; accounts: DemoAccount[] }> {
  const now = clock.now();
  await store.units.create(PROVINCE, now);
  const schools: string[] = [];
  for (const commune of COMMUNES) {
    await store.units.create(
      { code: commune.code, name: commune.name, kind: "commune", parentCode: PROVINCE.code },
      now,
    );
    for (const [code, name] of commune.schools) {
      await store.units.create({ code, name, kind: "school", parentCode: commune.code }, now);
      schools.push(code);
    }
  }

  const previousStart = new Date(+now - 200 * DAY);
  const current = {
    unitCode: PROVINCE.code,
    period: periodOf(now),
    opensAt: new Date(+now - 14 * DAY),
    closesAt: new Date(+now + 90 * DAY),
  };
  const previous = {
    unitCode: PROVINCE.code,
    period: periodOf(previousStart),
    opensAt: previousStart,
    closesAt: new Date(+previousStart + 60 * DAY),
  };
  const plans = [
    {
      formId: "happy-school-staff",
      kind: "staff" as const,
      perSchool: DEMO_STAFF_CODES_PER_SCHOOL,
      expected: 25,
    },
    { formId: "happy-school-parent", kind: "parent" as const, perSchool: 1, expected: 40 },
  ];
  const rand = seededRandom(2026);
  const codes: DemoCode[] = [];
  for (const plan of plans) {
    const before = await store.campaigns.create(
      { ...previous, formId: plan.formId, kind: plan.kind, expected: plan.expected },
      now,
    );
    const created = await store.campaigns.create(
      { ...current, formId: plan.formId, kind: plan.kind, expected: plan.expected },
      now,
    );
    for (const [i, unit] of schools.entries()) {
      // Schools differ, each criterion a little; most improve between the periods.
      const base = 2.6 + ((i * 0.37) % 1.8);
      const quality = (shift: number) => (criterion: string) =>
        base + shift + (criterion === "TC2" ? -0.3 : criterion === "TC3" ? 0.25 : 0);
      const size = plan.kind === "staff" ? 8 + ((i * 3) % 9) : 12 + ((i * 7) % 20);
      // One school's parents stay under the anonymity threshold, so the dashboard shows a withheld group.
      const n = plan.kind === "parent" && unit === "MN-HAILANG" ? 3 : size;
      await simulateResponses(
        store,
        before,
        unit,
        Math.round(n * 0.8),
        quality(0),
        rand,
        before.opensAt ? new Date(before.opensAt) : now,
      );
      await simulateResponses(
        store,
        created,
        unit,
        n,
        quality(i % 3 === 2 ? -0.2 : 0.35),
        rand,
        new Date(created.opensAt),
      );
      const batch = generateCodes(plan.perSchool, plan.kind === "parent" ? 12 : 10);
      await store.campaigns.addCodes(created.id, unit, plan.kind, batch, now);
      for (const code of batch)
        codes.push({
          code,
          url: `${publicUrl}/a/${code}`,
          campaignId: created.id,
          formId: plan.formId,
          unit,
          kind: plan.kind,
        });
    }
  }
  const accounts: DemoAccount[] = [];
  for (const [username, role, unit] of [
    ["admin", "admin", PROVINCE.code],
    ["bgh.minhcam", "manager", "TH-MINHCAM"],
  ] as const) {
    const { password } = await createAccount(store, { username, role, unitCode: unit }, now);
    accounts.push({ username, password: password ?? "", role, unit });
  }
  return { codes, accounts };
}
