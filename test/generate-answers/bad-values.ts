// Bad values for the answer generator (test/generate-answers.ts): one wrong value per question type,
// `__proto__` keys and deep nesting.
import type { Rand } from "./random.ts";
import {
  asQ,
  COMPUTED_TYPES,
  clone,
  type MatrixRow,
  MULTI_CHOICE,
  NO_VALUE_TYPES,
  SINGLE_CHOICE,
  type SQ,
} from "./shapes.ts";
import { bounds, choiceItems, rowQuestions, valueFor } from "./values.ts";

/** A JSON object literal with an own `__proto__` key (object spread or assignment would set the prototype). */
export function withProtoKey(answers: Record<string, unknown>, payload: unknown): Record<string, unknown> {
  const rest = JSON.stringify(answers);
  return JSON.parse(`{"__proto__":${JSON.stringify(payload)}${rest === "{}" ? "}" : `,${rest.slice(1)}`}`);
}

export function deep(levels: number, leaf: unknown, asArray: boolean): unknown {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = asArray ? [v] : { a: v };
  return v;
}

export const NAN_LIKE = ["NaN", "Infinity", "-Infinity", "1e999", "", "   ", "12abc", "0x1F", "１２"];

/** One wrong value for a question, chosen for its type; null when nothing applies. */
export function badValue(
  question: unknown,
  current: unknown,
  r: Rand,
): { value: unknown; how: string } | null {
  const q = asQ(question);
  const type = q.getType();
  const valid = current ?? valueFor(q, r);
  const options: { value: unknown; how: string }[] = [];
  const add = (how: string, value: unknown) => options.push({ how, value });
  add("object for scalar", { value: valid ?? 1 });
  add("deep nesting", deep(r.int(50, 400), valid ?? "x", r.chance(0.5)));
  if (!Array.isArray(valid)) add("array for scalar", [valid ?? "x"]);
  if (type === "rating") {
    const values = (q.visibleRateValues ?? []).map((i) => i.value);
    const nums = values.filter((v): v is number => typeof v === "number");
    if (nums.length) {
      const max = Math.max(...nums);
      const min = Math.min(...nums);
      add("rating above max", max + 1);
      add("rating below min", min - 1);
      if (!values.includes(0)) add("rating 0", 0);
      if (nums.length > 1)
        add("rating between values", (nums[0] as number) + ((nums[1] as number) - (nums[0] as number)) / 2);
      add("rating as text", String(r.pick(nums)));
    }
    if (values.some((v) => typeof v === "string")) {
      const s = values.find((v) => typeof v === "string") as string;
      if (Number.isFinite(Number(s))) add("rating text as number", Number(s));
      add("rating unknown text", `${s}x`);
    }
    add("rating NaN-like", r.pick(NAN_LIKE));
  } else if (
    SINGLE_CHOICE.has(type) ||
    type === "imagepicker" ||
    MULTI_CHOICE.has(type) ||
    type === "ranking"
  ) {
    const values = choiceItems(q).map((c) => c.value);
    const multi = MULTI_CHOICE.has(type) || type === "ranking" || (type === "imagepicker" && !!q.multiSelect);
    const one = values.length ? r.pick(values) : "a";
    const swapped =
      typeof one === "number"
        ? String(one)
        : Number.isFinite(Number(one)) && one !== ""
          ? Number(one)
          : 12345;
    if (multi) {
      add("unknown choice in list", [...(Array.isArray(valid) ? valid : []), "__khong_co__"]);
      add("choice type swapped in list", [swapped]);
      add("duplicate choice", [one, one]);
      add("list as scalar", one);
      const max = q.maxSelectedChoices ?? 0;
      if (max > 0 && values.length > max) add("too many choices", values.slice(0, max + 1));
      add("list of objects", [{ value: one }]);
    } else {
      add("unknown choice", r.pick(["__khong_co__", 987654, "khác hẳn"]));
      add("choice type swapped", swapped);
      if (values.length > 1) add("two choices for one", values.slice(0, 2));
    }
  } else if (type === "boolean") {
    add("boolean as text", r.pick(["true", "false", "yes", "có"]));
    add("boolean as number", r.pick([0, 1]));
  } else if (type === "text" || type === "comment") {
    const number = q.inputType === "number" || q.inputType === "range";
    if (number) {
      add("number as text", r.pick(NAN_LIKE.concat(["12", "-3"])));
      add("number as boolean", true);
      const { min, max } = bounds(q);
      if (max !== undefined) add("number above max", max + r.int(1, 1000));
      if (min !== undefined) add("number below min", min - r.int(1, 1000));
    } else {
      add("text as number", r.int(-5, 100000));
      add("text as boolean", false);
      const max = q.getMaxLength?.() ?? 0;
      if (max && max > 0) add("text over maxLength", "x".repeat(max + 1));
      if (q.inputType === "email" || q.validators?.some((v) => v.getType() === "emailvalidator"))
        add("bad email", r.pick(["khong-phai-email", "a@", "@b.vn", "a b@c.vn"]));
      if (q.inputType === "date")
        add(
          "bad date",
          r.pick(["2024-13-45", "17/05/2024", "hôm qua", "2024-02-30", "2023-02-29", "20240517", "2024-5-7"]),
        );
      if (q.inputType === "time") add("bad time", r.pick(["25:61", "8h30", "noon"]));
      if (q.inputType === "datetime-local")
        add("bad datetime", r.pick(["2024-05-17 08:30", "2024-05-17T24:99"]));
    }
  } else if (type === "matrix") {
    const rows = ((q.visibleRows ?? []) as MatrixRow[]).map((row) => String(row.name));
    const columns = (q.visibleColumns ?? []).map((c) => c.value);
    const base = (valid ?? {}) as Record<string, unknown>;
    add("matrix unknown row", { ...base, __dong_la__: columns[0] ?? 1 });
    if (rows.length)
      add("matrix unknown column", {
        ...base,
        [r.pick(rows)]: q.isMultiSelect ? ["__cot_la__"] : "__cot_la__",
      });
    if (rows.length && columns.length && !q.isMultiSelect)
      add("matrix cell as list", { ...base, [r.pick(rows)]: [columns[0]] });
    if (rows.length && columns.length && q.isMultiSelect)
      add("matrix cell as scalar", { ...base, [r.pick(rows)]: columns[0] });
    add("matrix as list", [base]);
  } else if (type === "multipletext") {
    const base = (valid ?? {}) as Record<string, unknown>;
    add("multipletext unknown item", { ...base, __muc_la__: "x" });
    const item = q.items?.length ? r.pick(q.items) : undefined;
    if (item) {
      const editor = asQ(item.editor);
      add("multipletext item as object", { ...base, [item.name]: { v: 1 } });
      const inner = badValue(editor, base[item.name], r);
      if (inner && !inner.how.startsWith("deep"))
        add(`multipletext item: ${inner.how}`, { ...base, [item.name]: inner.value });
    }
    add("multipletext as list", [base]);
  } else if (type === "matrixdropdown") {
    const base = clone((valid ?? {}) as Record<string, Record<string, unknown>>);
    const rows = (q.visibleRows ?? []) as MatrixRow[];
    add("matrix unknown row", { ...base, __dong_la__: {} });
    add("matrix row as text", { ...base, [String(rows[0]?.rowName ?? "r")]: "x" });
    if (rows.length) {
      const row = r.pick(rows);
      const name = String(row.rowName);
      add("matrix unknown cell", { ...base, [name]: { ...(base[name] ?? {}), __cot_la__: 1 } });
      const cells = rowQuestions(row).filter((c) => !COMPUTED_TYPES.has(c.question.getType()));
      if (cells.length) {
        const cell = r.pick(cells);
        const inner = badValue(cell.question, base[name]?.[cell.key], r);
        if (inner)
          add(`cell ${cell.key}: ${inner.how}`, {
            ...base,
            [name]: { ...(base[name] ?? {}), [cell.key]: inner.value },
          });
        const hidden = cells.filter((c) => !c.question.isVisible);
        if (hidden.length) {
          const h = r.pick(hidden);
          const v = valueFor(h.question, r);
          if (v !== undefined)
            add(`hidden cell ${h.key}`, { ...base, [name]: { ...(base[name] ?? {}), [h.key]: v } });
        }
      }
    }
  } else if (type === "matrixdynamic" || type === "paneldynamic") {
    const base = clone((Array.isArray(valid) ? valid : []) as Record<string, unknown>[]);
    const max = type === "matrixdynamic" ? q.maxRowCount : q.maxPanelCount;
    add("rows as object", { ...(base[0] ?? { x: 1 }) });
    if (max !== undefined && max < 60)
      add(
        "too many rows",
        Array.from({ length: max + 1 }, (_, i) => base[i % Math.max(1, base.length)] ?? {}),
      );
    add("unknown key in row", [...base, { __cot_la__: 1 }]);
    add("row as text", [...base, "x"]);
    const items: { key: string; question: SQ }[][] =
      type === "matrixdynamic"
        ? ((q.visibleRows ?? []) as MatrixRow[]).map(rowQuestions)
        : (q.panels ?? []).map((p) =>
            p.questions.map((pq) => ({ key: asQ(pq).getValueName(), question: asQ(pq) })),
          );
    const i = items.length ? r.int(0, items.length - 1) : -1;
    const row = items[i];
    if (row?.length) {
      const cells = row.filter(
        (c) => !COMPUTED_TYPES.has(c.question.getType()) && !NO_VALUE_TYPES.has(c.question.getType()),
      );
      if (cells.length) {
        const cell = r.pick(cells);
        const inner = badValue(cell.question, base[i]?.[cell.key], r);
        if (inner) {
          const rows = clone(base);
          while (rows.length <= i) rows.push({});
          (rows[i] as Record<string, unknown>)[cell.key] = inner.value;
          add(`row ${i} ${cell.key}: ${inner.how}`, rows);
        }
      }
      const hidden = row.filter((c) => !c.question.isVisible && !NO_VALUE_TYPES.has(c.question.getType()));
      if (hidden.length) {
        const h = r.pick(hidden);
        const v = valueFor(h.question, r);
        if (v !== undefined) {
          const rows = clone(base);
          while (rows.length <= i) rows.push({});
          (rows[i] as Record<string, unknown>)[h.key] = v;
          add(`hidden ${h.key} in row ${i}`, rows);
        }
      }
    }
  } else if (type === "file") {
    add("file as text", "minh-chung.pdf");
  }
  return options.length ? r.pick(options) : null;
}

/**
 * One group: a good answer and `badCount` bad ones, all from `seed`. A fresh model per group, so the
 * group depends on nothing but the form, the seed and the options.
 */
