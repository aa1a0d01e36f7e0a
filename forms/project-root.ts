// Node-only. Where tieuchi's own files are (forms, migrations, the built client), found from this
// module's location so that the same code works from the sources (run by tsx) and from the server
// bundle in dist/ (run by node, see server/cli/build.ts), whose modules all share the bundle's location.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "tieuchi"
    )
      return dir;
    if (dirname(dir) === dir) throw new Error(`tieuchi's package.json is not above ${from}`);
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const fromRoot = (...parts: string[]) => join(PROJECT_ROOT, ...parts);
