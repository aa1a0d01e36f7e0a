import { describe, expect, test } from "vitest";
import { formToSheet } from "../forms/form-to-sheet.ts";
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
