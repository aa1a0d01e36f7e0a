import { parseRules } from "./level-rules-text.ts";
import { readItemRows } from "./sheet-item-rows.ts";
import { cellNumber, cellText, cellYes } from "./sheet-items.ts";
import {
  AUDIENCE_NAMES,
  type Cell,
  problem,
  SETTING_COLUMNS,
  SETTING_KEYS,
  type SettingKey,
  type SheetProblem,
  type SheetRow,
  type TemplateSheets,
  textOf,
} from "./sheet-template.ts";
import type { Audience, Criterion, CriterionLevel, ElementJson, FormJson, Level } from "./types.ts";

export interface SheetForm {
  formId: string;
  json: FormJson;
  problems: SheetProblem[];
  /** The items row of each question, so later checks of the whole form can point at a row. */
  rowOf: Map<string, number>;
}

/** Settings as read: the pieces the items sheet refers to, and the form's own properties. */
export interface Settings {
  top: FormJson;
  formId: string;
  criteria: Criterion[];
  pages: Map<string, ElementJson>;
  groups: Map<string, ElementJson>;
}

const ID = /^[A-Za-z0-9_.-]{1,64}$/;
const KEYS = new Map(Object.entries(SETTING_KEYS).map(([k, v]) => [v.toLowerCase(), k as SettingKey]));

/** The template's two sheets → a SurveyJS form with scoring and levels, and every problem found. */
export function sheetsToForm(sheets: TemplateSheets): SheetForm {
  const problems: SheetProblem[] = [];
  const settings = readSettings(sheets.settings, problems);
  const { pages, rowOf } = readItemRows(sheets.items, settings, problems);
  const json: FormJson = { ...settings.top };
  if (settings.criteria.length > 0) json.criteria = settings.criteria;
  json.pages = pages;
  if (!settings.formId) problems.push(problem("settings", null, null, "thiếu dòng “Mã biểu mẫu”"));
  if (!json.title) problems.push(problem("settings", null, null, "thiếu dòng “Tiêu đề”"));
  return { formId: settings.formId, json, problems, rowOf };
}

function readSettings(rows: SheetRow[], problems: SheetProblem[]): Settings {
  const s: Settings = { top: {}, formId: "", criteria: [], pages: new Map(), groups: new Map() };
  const levels: Level[] = [];
  const criterionLevels: CriterionLevel[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of rows) {
    const keyText = cellText(cells[0]);
    if (keyText === "" || keyText.startsWith("#") || keyText.toLowerCase() === "mục") continue;
    const key = KEYS.get(keyText.toLowerCase());
    const add = (column: string | null, what: string) =>
      problems.push(problem("settings", row, column, what));
    if (!key) {
      add(null, `không hiểu mục “${keyText}”; các mục: ${Object.values(SETTING_KEYS).join(", ")}`);
      continue;
    }
    const col = SETTING_COLUMNS[key];
    const v = (i: number) => cellText(cells[i + 1]);
    const once = (id: string) => {
      const earlier = seen.get(id);
      if (earlier !== undefined) add(col[0] ?? null, `“${id.split(":")[1]}” đã có ở dòng ${earlier}`);
      else seen.set(id, row);
      return earlier === undefined;
    };
    const needId = (id: string) => {
      if (ID.test(id)) return true;
      add(col[0] ?? null, id ? `mã “${id}” chỉ gồm chữ không dấu, số, _ . -` : "thiếu mã");
      return false;
    };
    switch (key) {
      case "formId":
        if (once("formId:")) s.formId = v(0);
        break;
      case "title":
      case "description":
        if (!v(0)) add(col[0] ?? null, "thiếu nội dung tiếng Việt");
        else if (once(`${key}:`)) s.top[key] = textOf(v(0), v(1));
        break;
      case "source":
        if (once("source:") && v(0)) s.top.source = v(0);
        break;
      case "audience": {
        const text = v(0).toLowerCase();
        if (text === "") break; // the template's empty row: no audience, as in a JSON form without one
        const found = Object.entries(AUDIENCE_NAMES).find(
          ([code, name]) => code === text || name.toLowerCase() === text,
        );
        if (!found)
          add(
            col[0] ?? null,
            `đối tượng “${v(0)}” không có; dùng ${Object.values(AUDIENCE_NAMES).join(" / ")}`,
          );
        else if (once("audience:")) s.top.audience = found[0] as Audience;
        break;
      }
      case "page":
      case "group": {
        // Pages and groups are named as the items sheet names them: any short text.
        if (!v(0) || v(0).length > 100) add(col[0] ?? null, "cần một tên (tối đa 100 ký tự)");
        if (!v(0) || v(0).length > 100 || !once(`${key}:${v(0)}`)) break;
        const extra = jsonCell(cells[4], () => add(col[3] ?? null, "JSON không đọc được"));
        const el: ElementJson = { ...extra, ...(key === "group" && { type: "panel" }), name: v(0) };
        if (v(1)) el.title = textOf(v(1), v(2));
        (key === "page" ? s.pages : s.groups).set(v(0), el);
        break;
      }
      case "criterion": {
        if (!needId(v(0)) || !once(`criterion:${v(0)}`)) break;
        const c: Criterion = { id: v(0), title: "" };
        const mandatory = cellYes(cells[2]);
        if (mandatory === "bad") add(col[1] ?? null, "ghi “Có” hoặc để trống");
        else if (mandatory) c.mandatory = true;
        const how = v(2).toLowerCase();
        if (how === "thấp nhất") c.scoring = "lowest";
        else if (how === "trung bình") c.scoring = "mean";
        else if (how) add(col[2] ?? null, "ghi “trung bình”, “thấp nhất” hoặc để trống");
        const own = jsonCell(cells[4], () => add(col[3] ?? null, "JSON không đọc được"));
        if (Array.isArray(own)) c.levels = own as CriterionLevel[];
        else if (cellText(cells[4]))
          add(col[3] ?? null, "cần một danh sách JSON các mức [{ id, min, label }]");
        s.criteria.push(c);
        break;
      }
      case "criterionLevel": {
        const min = cellNumber(cells[4]);
        if (!needId(v(0)) || !once(`criterionLevel:${v(0)}`)) break;
        if (!v(1)) add(col[1] ?? null, "thiếu tên mức");
        else if (typeof min !== "number") add(col[3] ?? null, "cần một điểm 0–100");
        else criterionLevels.push({ id: v(0), min, label: textOf(v(1), v(2)) });
        break;
      }
      case "level": {
        const min = cellNumber(cells[3]);
        const rules = parseRules(v(3));
        if (!v(0)) add(col[0] ?? null, "thiếu tên mức");
        else if (typeof min !== "number") add(col[2] ?? null, "cần một điểm tổng 0–100");
        else if (!rules.ok) add(col[3] ?? null, rules.message);
        else
          levels.push({
            min,
            label: textOf(v(0), v(1)),
            ...(rules.rules.length > 0 && { rules: rules.rules }),
          });
        break;
      }
      case "extra": {
        const extra = jsonCell(cells[1], () => add(col[0] ?? null, "JSON không đọc được"));
        if (extra && !Array.isArray(extra) && once("extra:")) s.top = { ...extra, ...s.top };
        break;
      }
    }
  }
  if (levels.length > 0) s.top.levels = levels;
  if (criterionLevels.length > 0) s.top.criterionLevels = criterionLevels;
  return s;
}

/** A JSON object or array cell; `bad` is called when the cell holds something else. */
export function jsonCell(cell: Cell | undefined, bad: () => void): Record<string, unknown> | undefined {
  const text = cellText(cell);
  if (text === "") return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === "object") return value as Record<string, unknown>;
  } catch {}
  bad();
  return undefined;
}
