import type { Form, FormJson } from "../../forms/types.ts";
import type { Unit } from "./types.ts";

export function toForm(row: { form_id: string; version: string; json: string }): Form {
  return { id: row.form_id, version: row.version, json: JSON.parse(row.json) as FormJson };
}

export function toUnit(row: {
  id: number;
  code: string;
  name: string;
  kind: string;
  parent_id: number | null;
}): Unit {
  return { id: row.id, code: row.code, name: row.name, kind: row.kind, parentId: row.parent_id };
}
