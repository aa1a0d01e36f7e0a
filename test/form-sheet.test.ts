import { describe, expect, test } from "vitest";
import { formToSheet } from "../forms/form-to-sheet.ts";
import { formatRules, parseRules } from "../forms/level-rules-text.ts";
import { importSheets } from "../forms/sheet-import.ts";
import { type Cell, numbered } from "../forms/sheet-template.ts";
import { catalogue } from "./helpers.ts";

const asText = (rows: Cell[][]) => rows.map((r) => r.map((c) => (c === null ? "" : String(c))));

describe("catalogue form → template → import", () => {
  test.each(catalogue.map((f) => [f.id, f] as const))(
    "%s comes back with the same questions, scoring and levels",
    (_id, form) => {
      const rows = formToSheet(form.id, form.json);
      for (const convert of [(r: Cell[][]) => r, asText]) {
        const back = importSheets({
          settings: numbered(convert(rows.settings)),
          items: numbered(convert(rows.items)),
        });
        expect(back.problems).toEqual([]);
        expect(back.formId).toBe(form.id);
        expect(back.form).toEqual(form.json);
      }
    },
  );
});

describe("level rules as a cell says them", () => {
  test.each([
    ["tất cả ≥ 65", [{ criteria: "all", reach: 65 }]],
    ["≥ 50", [{ reach: 50 }]],
    [
      "bắt buộc >= met; còn lại ≥ 50",
      [
        { criteria: "mandatory", reach: "met" },
        { criteria: "others", reach: 50 },
      ],
    ],
    ["ít nhất 2 trong TC1, TC2, TC3 ≥ 50", [{ criteria: ["TC1", "TC2", "TC3"], atLeast: 2, reach: 50 }]],
    ["tất cả ≥ 62,5", [{ criteria: "all", reach: 62.5 }]],
    ["", []],
  ])("“%s” is read", (text, rules) => {
    expect(parseRules(text)).toEqual({ ok: true, rules });
  });

  test.each(["tất cả > 65", "tất cả ≥", "mọi tiêu chí ≥ 50", "tất cả ≥ đạt cao"])(
    "“%s” is refused with a reason",
    (text) => {
      const parsed = parseRules(text);
      expect(parsed.ok).toBe(false);
    },
  );

  test("every catalogue level rule reads back as written", () => {
    for (const form of catalogue)
      for (const level of form.json.levels ?? [])
        expect(parseRules(formatRules(level.rules))).toEqual({ ok: true, rules: level.rules ?? [] });
  });
});

describe("rows that cannot become a question are named by row and column", () => {
  const header = [
    "Trang",
    "Mã tiêu chí",
    "Tên tiêu chí",
    "Mã câu hỏi",
    "Nội dung",
    "Thang điểm",
    "Chỉ tiêu",
    "Cho phép Không áp dụng",
    "Trọng số",
  ];
  const settings = numbered([
    ["Mã biểu mẫu", "thu"],
    ["Tiêu đề", "Thử"],
    ["Đối tượng", "Đơn vị"],
  ]);
  const good = ["1", "TC1", "Tiêu chí 1", "q_ok", "Câu tốt", "1-5", "", "", ""];
  test.each([
    [
      ["1", "TC1", "", "q2", "Bao nhiêu?", "Số", "", "", ""],
      "Dòng 3, cột Chỉ tiêu: câu hỏi số tính điểm cần chỉ tiêu",
    ],
    [
      ["1", "", "", "q2", "Bao nhiêu?", "Số", "", "Có", ""],
      "Dòng 3, cột Cho phép Không áp dụng: thang “Số” không có",
    ],
    [["1", "TC1", "", "q2", "Câu", "1-5", "", "", "-1"], "Dòng 3, cột Trọng số: trọng số là một số dương"],
    [
      ["1", "TC1", "Tên khác", "q2", "Câu", "1-5", "", "", ""],
      "Dòng 3, cột Tên tiêu chí: tên tiêu chí TC1 khác với dòng 2",
    ],
    [["1", "TC1", "", "2q", "Câu", "1-5", "", "", ""], "Dòng 3, cột Mã câu hỏi: mã “2q” bắt đầu bằng chữ"],
    [
      ["1", "TC1", "", "q2", "Câu", "Cam kết", "", "ừ", ""],
      "Dòng 3, cột Cho phép Không áp dụng: ghi “Có” hoặc để trống",
    ],
  ])("%j", (row, message) => {
    const { problems } = importSheets({ settings, items: numbered([header, good, row]) });
    expect(problems.map((p) => p.message)).toContainEqual(expect.stringContaining(message));
  });

  test("a good row and a broken one: the good one is still previewed", () => {
    const { form, problems } = importSheets({
      settings,
      items: numbered([header, good, ["1", "TC1", "", "q2", "", "1-5"]]),
    });
    expect(problems).toHaveLength(1);
    expect(form.pages?.[0]?.elements?.map((e) => e.name)).toEqual(["q_ok"]);
  });
});
