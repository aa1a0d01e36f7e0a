import fc from "fast-check";
import { expect, test } from "vitest";
import { formToSheet } from "../forms/form-to-sheet.ts";
import { importSheets } from "../forms/sheet-import.ts";
import { type Cell, numbered } from "../forms/sheet-template.ts";

const HEADER = [
  "Trang",
  "Nhóm",
  "Mã tiêu chí",
  "Tên tiêu chí",
  "Mã câu hỏi",
  "Nội dung",
  "Thang điểm",
  "Nhãn hai đầu thang",
  "Chỉ tiêu",
  "Trọng số",
  "Bắt buộc",
  "Cho phép Không áp dụng",
];
const SETTINGS = numbered([
  ["Mã biểu mẫu", "sinh-ngau-nhien"],
  ["Tiêu đề", "Biểu mẫu sinh ngẫu nhiên"],
  ["Đối tượng", "Cán bộ, giáo viên, nhân viên"],
  ["Mức", "Đạt", "Met", 50, "tất cả ≥ 50"],
  ["Mức", "Chưa đạt", "Not met", 0, ""],
]);
const text = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== "" && !s.includes("|"));

/** One valid items row: scored scales name a criterion, free text none; N/A only where a scale has it. */
const row = fc
  .record({
    scale: fc.constantFrom(
      "1-5",
      "0-10",
      "Đạt/Chưa đạt",
      "Cam kết",
      "Mức thực hiện",
      "Có/Không",
      "Số",
      "Văn bản",
      "Văn bản ngắn",
    ),
    criterion: fc.constantFrom("TC1", "TC2"),
    page: fc.constantFrom("1", "Phần hai"),
    group: fc.constantFrom("", "nhom_a"),
    text,
    labels: fc.option(fc.tuple(text, text), { nil: undefined }),
    weight: fc.option(fc.constantFrom(0.5, 1, 2, 1.25), { nil: undefined }),
    required: fc.boolean(),
    na: fc.boolean(),
    target: fc.integer({ min: 1, max: 500 }),
  })
  .map((r) => {
    const free = r.scale.startsWith("Văn bản");
    const rating = /^\d/.test(r.scale);
    return [
      r.page,
      r.group,
      free ? "" : r.criterion,
      free ? "" : `Tiêu chí ${r.criterion}`,
      "",
      r.text,
      r.scale,
      rating && r.labels ? r.labels.join(" | ") : "",
      r.scale === "Số" ? r.target : "",
      free || r.weight === undefined ? "" : r.weight,
      r.required ? "Có" : "",
      r.na && r.scale !== "Số" && !free ? "Có" : "",
    ] as Cell[];
  });

test("any valid criteria table → form → template → form is the same form", () => {
  fc.assert(
    fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), (rows) => {
      // A group stays on one page: the pages follow the groups here.
      const items = rows.map((r, i) => {
        const copy = [...r];
        copy[4] = `q${i}`;
        if (copy[1]) copy[0] = "1";
        return copy;
      });
      // Levels need one scored question at least.
      const scored = ["1", "", "TC1", "Tiêu chí TC1", "q_first", "Câu đầu", "1-5", "", "", "", "", ""];
      const first = importSheets({ settings: SETTINGS, items: numbered([HEADER, scored, ...items]) });
      expect(first.problems).toEqual([]);
      const sheet = formToSheet(first.formId, first.form);
      const again = importSheets({ settings: numbered(sheet.settings), items: numbered(sheet.items) });
      expect(again.problems).toEqual([]);
      expect(again.form).toEqual(first.form);
      // Nothing the template's columns can say needs the JSON column.
      expect(sheet.items.slice(1).every((r) => r[17] === "")).toBe(true);
    }),
    { numRuns: 50, seed: 17 },
  );
});
