// Vitest global setup: build the client once per run, so browser tests never test a stale dist/.
import { rmSync } from "node:fs";
import { build } from "vite";

export const E2E_CLIENT_DIR = new URL("../../test-output/client/", import.meta.url).pathname;

export default async function setup(): Promise<void> {
  rmSync(E2E_CLIENT_DIR, { recursive: true, force: true });
  await build({
    configFile: new URL("../../vite.config.ts", import.meta.url).pathname,
    logLevel: "warn",
    build: { outDir: E2E_CLIENT_DIR, emptyOutDir: true },
  });
}
