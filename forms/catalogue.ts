// Node-only: reads the reviewed form files. The browser gets forms from the API instead.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { checkForm, FORM_ID_PATTERN } from "./check.ts";
import { fromRoot } from "./project-root.ts";
import type { Form, FormJson } from "./types.ts";
import { formVersion } from "./version.ts";

export const CATALOGUE_DIR = fromRoot("forms");

export class CatalogueError extends Error {}

/** Loads and checks every `*.json` form of a folder; throws one error naming every broken file. */
export function loadCatalogue(dir: string = CATALOGUE_DIR): Form[] {
  const forms: Form[] = [];
  const failures: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const id = basename(file, ".json");
    try {
      forms.push(readForm(id, readFileSync(join(dir, file), "utf8")));
    } catch (err) {
      failures.push(`${file}: ${(err as Error).message}`);
    }
  }
  if (failures.length > 0) throw new CatalogueError(`broken forms:\n${failures.join("\n")}`);
  return forms;
}

/** Parses and checks one catalogue form; throws with every problem listed. */
export function readForm(id: string, text: string): Form {
  if (!FORM_ID_PATTERN.test(id))
    throw new CatalogueError(`form id "${id}" must be lowercase letters, digits and -`);
  let json: FormJson;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CatalogueError(`not valid JSON (${(err as Error).message})`);
  }
  const problems = checkForm(json, { requireTranslations: true });
  if (problems.length > 0) throw new CatalogueError(problems.join("; "));
  return { id, version: formVersion(json), json };
}
