// Bundles a server entry for plain node: `npm run build` makes dist/server/index.mjs (server/cli/build.ts), which
// `npm start` runs with plain node. Running TypeScript through tsx costs a module-loader thread and
// about 70 MB of memory for the server's whole life (measured by bench/export.ts). Packages stay in
// node_modules; tieuchi's own files (forms, migrations, the client) are found from the project root.
import { build } from "esbuild";
import { fromRoot } from "../../forms/project-root.ts";

/** What `npm start` runs with plain node, and where it is built from. */
export const SERVER_ENTRY = "server/index.ts";
export const SERVER_BUNDLE = "dist/server/index.mjs";
export const VALIDATION_WORKER_ENTRY = "server/validation/worker.ts";
export const VALIDATION_WORKER_BUNDLE = "dist/server/validation-worker.mjs";

/** Bundles one entry of tieuchi's (relative to the project root) into `outfile`; returns its path. */
export async function bundle(entry: string, outfile: string): Promise<string> {
  const out = fromRoot(outfile);
  await build({
    entryPoints: [fromRoot(entry)],
    outfile: out,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: true,
    logLevel: "warning",
  });
  return out;
}
