import { describe, expect, test } from "vitest";
import type { CodeRow } from "../api/manager.ts";
import { manageText } from "../client/manager/i18n-manage.ts";
import { auditDetails } from "../client/manager/pages/audit/audit-text.ts";
import { codeListCsv } from "../client/manager/pages/campaign/code-list-csv.ts";

// Issue 18 items 11–12: the audit log's details in the reader's words, and the code list as a CSV file.
const vi = manageText("vi").audit;
const time = (iso: string) => `t(${iso.slice(0, 10)})`;
const role = (r: string) => `role:${r}`;

describe("audit details in the reader's language", () => {
  test.each([
    [{ campaignId: 7, format: "csv" }, "Đợt: 7 · Định dạng: csv"],
    [{ count: 30, roster: true, singleUse: false }, "Số mã: 30 · Theo danh sách: có · Dùng một lần: không"],
    [{ ref: "ab12", mask: "7K••••••4P" }, "Mã: 7K••••••4P"],
    [{ revoked: { ref: "a", mask: "7K••••••4P" } }, "Mã thu hồi: 7K••••••4P"],
    [{ expected: [10, 25] }, "Số dự kiến: 10 → 25"],
    [
      { closesAt: ["2026-12-01T00:00:00.000Z", "2027-01-15T00:00:00.000Z"] },
      "Đóng lúc: t(2026-12-01) → t(2027-01-15)",
    ],
    [{ title: [null, "Khảo sát"] }, "Tên đợt đánh giá: (trống) → Khảo sát"],
    [{ username: "gv1", role: "manager" }, "Tài khoản: gv1 · Vai trò: role:manager"],
    [{ codes: ["A", "B", "C", "D", "E", "F", "G"] }, "Các mã đơn vị: A, B, C, D, E, F, … (7)"],
    [{ unknownKey: 1 }, "unknownKey: 1"],
  ])("%j reads %s", (details, expected) => {
    expect(auditDetails(details, vi, time, role)).toBe(expected);
  });

  test("no detail is shown as a raw key of the known actions", () => {
    const keys = ["campaignId", "format", "count", "roster", "singleUse", "period", "formId", "compare"];
    for (const k of keys) expect(auditDetails({ [k]: 1 }, vi, time, role)).not.toMatch(new RegExp(`^${k}:`));
  });
});

describe("the code list as CSV", () => {
  const row = (over: Partial<CodeRow>): CodeRow => ({
    ref: "r",
    mask: "7K••••••4P",
    campaignId: 1,
    unitId: 1,
    unitCode: "TH-A",
    kind: "staff",
    singleUse: false,
    holder: null,
    revokedAt: null,
    answered: false,
    answeredAt: null,
    url: null,
    responses: null,
    ...over,
  });
  const texts = {
    header: ["code", "unit", "holder", "kind", "answered", "answers", "state"],
    kind: () => "k",
    answered: (r: CodeRow) => (r.answered ? "yes" : "no"),
    state: () => "active",
  };

  test.each([
    [row({ holder: "Nguyễn Thị An" }), "7K••••••4P,TH-A,Nguyễn Thị An,k,no,,active"],
    [row({ holder: "=HYPERLINK(1)" }), "7K••••••4P,TH-A,'=HYPERLINK(1),k,no,,active"],
    [row({ holder: 'Trần "Bình", lớp 2' }), '7K••••••4P,TH-A,"Trần ""Bình"", lớp 2",k,no,,active'],
    [
      row({ mask: "LINK00000001", url: "http://x/a/LINK00000001", responses: 21 }),
      "LINK00000001,TH-A,,k,no,21,active",
    ],
  ])("%# writes one safe line", (r, line) => {
    const csv = codeListCsv([r], texts);
    expect(csv).toBe(`\uFEFFcode,unit,holder,kind,answered,answers,state\r\n${line}\r\n`);
  });
});
