import {
  type Cell,
  CHOICE_SCALES,
  type ItemColumn,
  type ItemFields,
  NA_CHOICE,
  NUMBER_SCALE,
  OTHER_SCALE,
  RATING_SCALE,
  SCALE_NAMES,
  SHORT_TEXT_SCALE,
  TEXT_SCALE,
} from "./sheet-template.ts";
import type { ElementJson } from "./types.ts";

/** A question built from its row, or what is wrong with the row and in which column. */
export type Built = { ok: true; element: ElementJson } | { ok: false; column: ItemColumn; message: string };

const fail = (column: ItemColumn, message: string): Built => ({ ok: false, column, message });

/** The question one items row describes: the scale gives type and answers, the other columns the rest. */
export function buildElement(f: ItemFields): Built {
  const scale = scaleElement(f);
  if (!scale.ok) return scale;
  const el: ElementJson = { ...f.extra, ...scale.element, name: f.id };
  // Only "Khác" rows may leave the text empty (an html block, a panel), so nothing empty is added.
  if (f.text !== "") el.title = f.text;
  if (f.criterion) el.criterion = f.criterion;
  if (f.weight !== undefined) el.weight = f.weight;
  if (f.required) el.isRequired = true;
  if (f.description) el.description = f.description;
  return { ok: true, element: el };
}

function scaleElement(f: ItemFields): Built {
  const scale = f.scale.trim();
  const key = scale.toLowerCase();
  const known =
    RATING_SCALE.test(scale) ||
    CHOICE_SCALES.some((s) => s.name.toLowerCase() === key) ||
    [NUMBER_SCALE, TEXT_SCALE, SHORT_TEXT_SCALE, OTHER_SCALE].some((s) => s.toLowerCase() === key);
  if (!known) return fail("scale", `không có thang “${scale}”; dùng một trong: ${SCALE_NAMES.join(", ")}`);
  const noNa = (name: string) => fail("na", `thang “${name}” không có lựa chọn “Không áp dụng”`);
  const labels = f.labels
    ? { minRateDescription: f.labels[0], maxRateDescription: f.labels[1] }
    : ({} as Record<string, never>);
  if (f.labels && !RATING_SCALE.test(scale) && key !== OTHER_SCALE.toLowerCase())
    return fail("labels", "nhãn hai đầu thang chỉ dùng với thang đánh giá như “1-5”");
  if (f.target !== undefined && key !== NUMBER_SCALE.toLowerCase() && key !== OTHER_SCALE.toLowerCase())
    return fail("target", `chỉ tiêu chỉ dùng với thang “${NUMBER_SCALE}”`);

  const rating = RATING_SCALE.exec(scale);
  if (rating) {
    const [min, max] = [Number(rating[1]), Number(rating[2])];
    if (max <= min || max - min > 10)
      return fail("scale", `thang “${scale}” cần số đầu nhỏ hơn số cuối, cách nhau tối đa 10 (ví dụ 1-5)`);
    if (!f.na) return { ok: true, element: { type: "rating", rateMin: min, rateMax: max, ...labels } };
    // survey-core's rateMin/rateMax cannot add an unscored answer; the listed values can.
    const rateValues: ElementJson["rateValues"] = [];
    for (let v = min; v <= max; v++) rateValues.push({ value: v, score: v });
    rateValues.push(NA_CHOICE);
    return { ok: true, element: { type: "rating", rateValues, displayMode: "buttons", ...labels } };
  }
  const fixed = CHOICE_SCALES.find((s) => s.name.toLowerCase() === key);
  if (fixed) {
    const choices = f.na ? [...fixed.choices, NA_CHOICE] : fixed.choices;
    return { ok: true, element: { type: "radiogroup", choices: structuredClone(choices) } };
  }
  if (key === NUMBER_SCALE.toLowerCase()) {
    if (f.na) return noNa(NUMBER_SCALE);
    if (f.criterion && f.target === undefined)
      return fail("target", "câu hỏi số tính điểm cần chỉ tiêu (điểm = giá trị / chỉ tiêu)");
    const el: ElementJson = { type: "text", inputType: "number", min: 0 };
    if (f.target !== undefined) el.target = f.target;
    return { ok: true, element: el };
  }
  if (key === TEXT_SCALE.toLowerCase() || key === SHORT_TEXT_SCALE.toLowerCase()) {
    if (f.na) return noNa(scale);
    if (f.criterion) return fail("criterion", "câu trả lời bằng chữ không tính điểm; bỏ mã tiêu chí");
    return { ok: true, element: { type: key === TEXT_SCALE.toLowerCase() ? "comment" : "text" } };
  }
  if (key === OTHER_SCALE.toLowerCase()) {
    if (typeof f.extra.type !== "string")
      return fail(
        "extra",
        `thang “${OTHER_SCALE}” cần loại câu hỏi SurveyJS trong JSON, ví dụ {"type":"dropdown",…}`,
      );
    const el: ElementJson = { type: f.extra.type, ...labels };
    if (f.target !== undefined) el.target = f.target;
    if (f.na) return noNa(OTHER_SCALE);
    return { ok: true, element: el };
  }
  return fail("scale", `không có thang “${scale}”`);
}

/** A cell as trimmed text ("" for empty); numbers as written. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return "";
  return String(cell).trim();
}

/** A number cell; Vietnamese decimal commas ("0,5") are read as points. */
export function cellNumber(cell: Cell | undefined): number | undefined | "bad" {
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : "bad";
  const text = cellText(cell);
  if (text === "") return undefined;
  const n = Number(text.replace(",", "."));
  return Number.isFinite(n) ? n : "bad";
}

const YES = new Set(["có", "co", "x", "yes", "y", "true", "1", "đúng"]);
const NO = new Set(["", "không", "khong", "no", "n", "false", "0", "sai"]);

export function cellYes(cell: Cell | undefined): boolean | "bad" {
  if (typeof cell === "boolean") return cell;
  const text = cellText(cell).toLowerCase();
  if (YES.has(text)) return true;
  if (NO.has(text)) return false;
  return "bad";
}

/** "low | high" → the two end labels. */
export function splitLabels(text: string): [string, string] | null {
  const parts = text.split("|").map((s) => s.trim());
  return parts.length === 2 && parts[0] && parts[1] ? [parts[0], parts[1]] : null;
}
