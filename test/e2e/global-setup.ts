// Global setup of the slow project (vitest.config.ts): builds the client once, before any of its files
// runs, and hands the folder to every worker. Without it each file that starts a server built its own
// (test files are isolated: a module-level cache lasts one file), five builds of a few seconds each.
import { rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { buildClient, clientOutDir } from "./build-client.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The built client, for the servers the tests start (CLIENT_DIR); absent outside the slow project. */
    clientDir?: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  project.provide("clientDir", await buildClient());
  return () => rmSync(clientOutDir(), { recursive: true, force: true });
}
