import { rmSync } from "node:fs";
import { build } from "vite";

let built: Promise<string> | undefined;

/**
 * Builds the client (into a folder of this process, so parallel runs never share one), so browser tests
 * never run against a stale dist/. The slow project's global setup calls it once for the whole run
 * (test/e2e/global-setup.ts); a test started outside that project builds its own, once per worker.
 */
export function buildClient(): Promise<string> {
  built ??= (async () => {
    const outDir = clientOutDir();
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

/** The folder buildClient writes into for this process. */
export function clientOutDir(): string {
  return new URL(`../../test-output/client-${process.pid}/`, import.meta.url).pathname;
}
