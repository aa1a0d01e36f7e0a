import { formatRules } from "./level-rules-text.ts";
import { buildElement } from "./sheet-items.ts";
import {
  AUDIENCE_NAMES,
  type Cell,
  CHOICE_SCALES,
  ITEM_COLUMNS,
  type ItemColumn,
  type ItemFields,
  NUMBER_SCALE,
  OTHER_SCALE,
  SETTING_COLUMNS,
  SETTING_KEYS,
  SHORT_TEXT_SCALE,
  splitText,
  TEXT_SCALE,
} from "./sheet-template.ts";
import type { ElementJson, FormJson, LocalizedText } from "./types.ts";
import { canonicalJson } from "./version.ts";

export interface TemplateRows {
  settings: Cell[][];
  items: Cell[][];
}

const ITEM_KEYS = Object.keys(ITEM_COLUMNS) as ItemColumn[];
const TOP_KEYS = new Set([
  "title",
  "description",
  "audience",
  "source",
  "criteria",
  "levels",
  "criterionLevels",
  "pages",
]);

/** The empty template: headers and an example of each kind of settings row. */
export function blankTemplate(): TemplateRows {
  return formToSheet("", { title: "", pages: [] });
}

/**
 * A form → the template's rows. Each question's row uses the simplest scale that rebuilds it exactly;
 * whatever the columns cannot say goes to "Thuộc tính khác (JSON)", so importing the rows gives the
 * same questions, scoring and levels back.
 */
export function formToSheet(formId: string, form: FormJson): TemplateRows {
  const settings: Cell[][] = [["Mục", "Giá trị", "", "", ""]];
  const set = (key: keyof typeof SETTING_KEYS, ...values: Cell[]) =>
    settings.push([SETTING_KEYS[key], ...values]);
  set("formId", formId);
  set("title", ...splitText(form.title));
  if (form.description !== undefined) set("description", ...splitText(form.description));
  set("audience", form.audience ? AUDIENCE_NAMES[form.audience] : "");
  if (form.source !== undefined) set("source", form.source);
  for (const page of form.pages ?? []) set("page", ...containerCells(page));
  for (const page of form.pages ?? [])
    for (const el of page.elements ?? []) if (el.type === "panel") set("group", ...containerCells(el));
  for (const c of form.criteria ?? [])
    set(
      "criterion",
      c.id,
      c.mandatory ? "Có" : "",
      c.scoring === "lowest" ? "thấp nhất" : c.scoring === "mean" ? "trung bình" : "",
      c.levels ? JSON.stringify(c.levels) : "",
    );
  for (const l of form.criterionLevels ?? []) set("criterionLevel", l.id, ...splitText(l.label), l.min);
  for (const l of form.levels ?? []) set("level", ...splitText(l.label), l.min, formatRules(l.rules));
  const rest = Object.fromEntries(Object.entries(form).filter(([k]) => !TOP_KEYS.has(k)));
  if (Object.keys(rest).length > 0) set("extra", JSON.stringify(rest));
  if (!formId)
    for (const [key, cols] of Object.entries(SETTING_COLUMNS))
      settings.push([`# ${SETTING_KEYS[key as keyof typeof SETTING_KEYS]}`, ...cols]);

  const items: Cell[][] = [ITEM_KEYS.map((k) => ITEM_COLUMNS[k])];
  const titled = new Set<string>();
  for (const page of form.pages ?? [])
    for (const el of page.elements ?? []) {
      const inPanel = el.type === "panel" ? (el.elements ?? []) : [el];
      for (const q of inPanel)
        items.push(
          itemCells(q, String(page.name ?? ""), el.type === "panel" ? String(el.name) : "", form, titled),
        );
    }
  return { settings, items };
}

function containerCells(el: ElementJson): Cell[] {
  const { name, title, elements: _elements, type: _type, ...rest } = el;
  const [vi, en] = splitText(title);
  return [String(name ?? ""), vi, en, Object.keys(rest).length > 0 ? JSON.stringify(rest) : ""];
}

function itemCells(
  el: ElementJson,
  page: string,
  group: string,
  form: FormJson,
  titled: Set<string>,
): Cell[] {
  const fields = fieldsOf(el);
  const cells: Partial<Record<ItemColumn, Cell>> = {
    page,
    group,
    id: fields.id,
    scale: fields.scale,
    required: fields.required ? "Có" : "",
    na: fields.na ? "Có" : "",
  };
  [cells.text, cells.textEn] = splitText(fields.text);
  if (fields.criterion) {
    cells.criterion = fields.criterion;
    const c = form.criteria?.find((x) => x.id === fields.criterion);
    if (c && !titled.has(c.id)) {
      titled.add(c.id);
      [cells.criterionTitle, cells.criterionTitleEn] = splitText(c.title);
    }
  }
  if (fields.labels) {
    const [low, high] = fields.labels.map(splitText) as [[string, string], [string, string]];
    cells.labels = `${low[0]} | ${high[0]}`;
    if (low[1] || high[1]) cells.labelsEn = `${low[1]} | ${high[1]}`;
  }
  if (fields.target !== undefined) cells.target = fields.target;
  if (fields.weight !== undefined) cells.weight = fields.weight;
  if (fields.description !== undefined)
    [cells.description, cells.descriptionEn] = splitText(fields.description);
  if (Object.keys(fields.extra).length > 0) cells.extra = JSON.stringify(fields.extra);
  return ITEM_KEYS.map((k) => cells[k] ?? "");
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** The first scale (with or without "Không áp dụng") whose rebuilt question matches; else "Khác". */
function fieldsOf(el: ElementJson): ItemFields {
  const base = {
    id: String(el.name ?? ""),
    text: (el.title ?? "") as LocalizedText,
    ...(typeof el.criterion === "string" && { criterion: el.criterion }),
    ...(typeof el.weight === "number" && { weight: el.weight }),
    required: el.isRequired === true,
    ...(el.description !== undefined && { description: el.description as LocalizedText }),
    extra: {},
  };
  const labels =
    el.minRateDescription !== undefined && el.maxRateDescription !== undefined
      ? { labels: [el.minRateDescription, el.maxRateDescription] as [LocalizedText, LocalizedText] }
      : {};
  const target = typeof el.target === "number" ? { target: el.target } : {};
  const scales = [
    ...(el.type === "rating" ? [`${el.rateMin ?? ratingEnd(el, 0)}-${el.rateMax ?? ratingEnd(el, -2)}`] : []),
    ...CHOICE_SCALES.map((s) => s.name),
    NUMBER_SCALE,
    TEXT_SCALE,
    SHORT_TEXT_SCALE,
  ];
  for (const scale of scales)
    for (const na of [false, true]) {
      const fields: ItemFields = { ...base, ...labels, ...target, scale, na };
      const built = buildElement(fields);
      if (!built.ok) continue;
      const b = built.element;
      if (Object.keys(b).some((k) => !same(b[k], el[k]))) continue;
      fields.extra = Object.fromEntries(Object.entries(el).filter(([k]) => !(k in b)));
      return fields;
    }
  const fields: ItemFields = { ...base, ...labels, ...target, scale: OTHER_SCALE, na: false };
  const built = buildElement({ ...fields, extra: { type: el.type } });
  const covered = built.ok ? built.element : {};
  fields.extra = Object.fromEntries(Object.entries(el).filter(([k]) => !(k in covered) || k === "type"));
  return fields;
}

/** A rating given by rateValues: its first or next-to-last value, for a guess at "a-b" with N/A. */
function ratingEnd(el: ElementJson, at: number): string {
  const values = el.rateValues ?? [];
  const v = values.at(at);
  return v && typeof v === "object" ? String(v.value) : String(v ?? "");
}
