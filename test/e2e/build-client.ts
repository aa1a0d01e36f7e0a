import { rmSync } from "node:fs";
import { build } from "vite";

let built: Promise<string> | undefined;

/**
 * Builds the client once per test worker (into its own folder, so parallel workers never share one),
 * so browser tests never run against a stale dist/. Only tests that start a server need it.
 */
export function buildClient(): Promise<string> {
  built ??= (async () => {
    const outDir = new URL(`../../test-output/client-${process.pid}/`, import.meta.url).pathname;
    rmSync(outDir, { recursive: true, force: true });
    await build({
      configFile: new URL("../../vite.config.ts", import.meta.url).pathname,
      logLevel: "warn",
      build: { outDir, emptyOutDir: true },
    });
    return outDir;
  })();
  return built;
}
