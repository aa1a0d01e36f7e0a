import { buildElement, cellNumber, cellText, cellYes, splitLabels } from "./sheet-items.ts";
import {
  ITEM_COLUMNS,
  type ItemColumn,
  OTHER_SCALE,
  problem,
  REQUIRED_ITEM_COLUMNS,
  type SheetProblem,
  type SheetRow,
  textOf,
} from "./sheet-template.ts";
import type { Settings } from "./sheet-to-form.ts";
import type { ElementJson, LocalizedText } from "./types.ts";

/** More question rows than any criteria table needs; beyond it the file is refused, not half-read. */
export const MAX_ITEM_ROWS = 1000;
const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const HEADERS = new Map(Object.entries(ITEM_COLUMNS).map(([k, v]) => [v.toLowerCase(), k as ItemColumn]));

/** The items sheet → pages of questions (in panels where "Nhóm" says); criteria titles fill `settings`. */
export function readItemRows(rows: SheetRow[], settings: Settings, problems: SheetProblem[]) {
  const rowOf = new Map<string, number>();
  const pages: ElementJson[] = [];
  const header = rows.find((r) => r.cells.some((c) => cellText(c) !== ""));
  if (!header) {
    problems.push(problem("items", null, null, "trang tính Câu hỏi trống"));
    return { pages, rowOf };
  }
  const index = new Map<ItemColumn, number>();
  header.cells.forEach((c, i) => {
    const key = HEADERS.get(cellText(c).toLowerCase());
    if (key && !index.has(key)) index.set(key, i);
  });
  const missing = REQUIRED_ITEM_COLUMNS.filter((k) => !index.has(k));
  for (const k of missing)
    problems.push(problem("items", header.row, ITEM_COLUMNS[k], "thiếu cột này ở dòng tiêu đề"));
  if (missing.length > 0) return { pages, rowOf };

  const criteria = new Map(settings.criteria.map((c) => [c.id, c]));
  const titleRow = new Map<string, number>();
  const pageByName = new Map<string, ElementJson>();
  const panelPage = new Map<string, string>();
  let pageName = [...settings.pages.keys()][0] ?? "p1";
  for (const { row, cells } of rows) {
    if (row <= header.row || cells.every((c) => cellText(c) === "")) continue;
    const get = (k: ItemColumn) => {
      const i = index.get(k);
      return i === undefined ? null : (cells[i] ?? null);
    };
    const text = (k: ItemColumn) => cellText(get(k));
    const add = (k: ItemColumn, what: string) => problems.push(problem("items", row, ITEM_COLUMNS[k], what));
    const loc = (vi: ItemColumn, en: ItemColumn): LocalizedText => textOf(text(vi), text(en));
    const before = problems.length;

    const id = text("id");
    if (!NAME.test(id))
      add("id", id ? `mã “${id}” bắt đầu bằng chữ, chỉ gồm chữ không dấu, số, _ . -` : "thiếu mã câu hỏi");
    else if (rowOf.has(id)) add("id", `mã “${id}” trùng với dòng ${rowOf.get(id)}`);
    const scale = text("scale");
    const other = scale.toLowerCase() === OTHER_SCALE.toLowerCase();
    if (!scale) add("scale", "thiếu thang điểm");
    if (!text("text") && !other) add("text", "thiếu nội dung câu hỏi");
    const criterion = text("criterion");
    if (criterion && !/^[A-Za-z0-9_.-]{1,64}$/.test(criterion))
      add("criterion", `mã tiêu chí “${criterion}” chỉ gồm chữ không dấu, số, _ . -`);
    const weight = cellNumber(get("weight"));
    if (weight === "bad" || (typeof weight === "number" && weight <= 0))
      add("weight", "trọng số là một số dương");
    const target = cellNumber(get("target"));
    if (target === "bad" || (typeof target === "number" && target <= 0))
      add("target", "chỉ tiêu là một số dương");
    const required = cellYes(get("required"));
    if (required === "bad") add("required", "ghi “Có” hoặc để trống");
    const na = cellYes(get("na"));
    if (na === "bad") add("na", "ghi “Có” hoặc để trống");
    const labelsVi = text("labels");
    const labelsEn = text("labels") && text("labelsEn");
    const labels = labelsVi ? splitLabels(labelsVi) : null;
    const labelsEnPair = labelsEn ? splitLabels(labelsEn) : null;
    if (labelsVi && !labels)
      add("labels", "ghi hai nhãn cách nhau bởi “|”, ví dụ “Hoàn toàn không đồng ý | Hoàn toàn đồng ý”");
    if (labelsEn && !labelsEnPair) add("labelsEn", "ghi hai nhãn cách nhau bởi “|”");
    let extra: ElementJson = {};
    const extraText = text("extra");
    if (extraText) {
      try {
        const parsed = JSON.parse(extraText) as unknown;
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error();
        extra = parsed as ElementJson;
      } catch {
        add("extra", 'cần một đối tượng JSON, ví dụ {"visibleIf": "{q1} = \'yes\'"}');
      }
    }
    if (problems.length > before) continue;

    const built = buildElement({
      id,
      text: loc("text", "textEn"),
      scale,
      ...(criterion && { criterion }),
      ...(labels && {
        labels: [textOf(labels[0], labelsEnPair?.[0]), textOf(labels[1], labelsEnPair?.[1])],
      }),
      ...(typeof target === "number" && { target }),
      ...(typeof weight === "number" && { weight }),
      required: required === true,
      na: na === true,
      ...(text("description") && { description: loc("description", "descriptionEn") }),
      extra,
    });
    if (!built.ok) {
      add(built.column, built.message);
      continue;
    }
    rowOf.set(id, row);

    if (criterion) {
      let c = criteria.get(criterion);
      if (!c) {
        c = { id: criterion, title: "" };
        criteria.set(criterion, c);
        settings.criteria.push(c);
      }
      const title = text("criterionTitle");
      if (title) {
        const t = loc("criterionTitle", "criterionTitleEn");
        if (!c.title) {
          c.title = t;
          titleRow.set(criterion, row);
        } else if (JSON.stringify(c.title) !== JSON.stringify(t))
          add("criterionTitle", `tên tiêu chí ${criterion} khác với dòng ${titleRow.get(criterion)}`);
      }
    }

    if (text("page")) pageName = text("page");
    let page = pageByName.get(pageName);
    if (!page) {
      const declared = settings.pages.get(pageName);
      page = declared ? { ...declared, elements: [] } : { name: pageName, title: pageName, elements: [] };
      if (!declared && /^\d+$/.test(pageName)) delete page.title;
      pageByName.set(pageName, page);
      pages.push(page);
    }
    const into = page.elements as ElementJson[];
    const group = text("group");
    if (!group) {
      into.push(built.element);
      continue;
    }
    const onPage = panelPage.get(group);
    if (onPage !== undefined && onPage !== pageName) {
      add("group", `nhóm “${group}” đã dùng ở trang “${onPage}”`);
      continue;
    }
    let panel = into.find((e) => e.type === "panel" && e.name === group);
    if (!panel) {
      panel = {
        ...(settings.groups.get(group) ?? { type: "panel", name: group, title: group }),
        elements: [],
      };
      panelPage.set(group, pageName);
      into.push(panel);
    }
    (panel.elements as ElementJson[]).push(built.element);
  }
  for (const c of settings.criteria)
    if (!c.title) {
      const first = [...rowOf].find(([name]) => findCriterion(pages, name) === c.id);
      problems.push(
        problem("items", first?.[1] ?? null, ITEM_COLUMNS.criterionTitle, `tiêu chí ${c.id} chưa có tên`),
      );
    }
  return { pages, rowOf };
}

function findCriterion(pages: ElementJson[], name: string): string | undefined {
  for (const p of pages)
    for (const e of (p.elements ?? []) as ElementJson[]) {
      if (e.name === name) return e.criterion;
      for (const inner of e.elements ?? []) if (inner.name === name) return inner.criterion;
    }
  return undefined;
}
