import { existsSync } from "node:fs";
import { join } from "node:path";
import { fromRoot } from "../../forms/project-root.ts";

/** Builds the client with vite into `clientDir` unless it is there already (its index.html). */
export async function buildClientIfMissing(clientDir: string): Promise<void> {
  if (existsSync(join(clientDir, "index.html"))) return;
  console.log("Building the client (first run only)…");
  const { build } = await import("vite");
  await build({ configFile: fromRoot("vite.config.ts"), logLevel: "warn", build: { outDir: clientDir } });
}
