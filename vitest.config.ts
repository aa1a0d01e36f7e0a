import { configDefaults, defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files that start browsers or servers, or run for minutes: Chromium end-to-end, crash safety, backup,
 * the differential validation test. `npx vitest run --project fast` runs the rest (pure logic and routes
 * in-process) in well under a minute.
 */
const SLOW = [
  "test/e2e/**/*.test.ts",
  "test/crash-safety.test.ts",
  "test/backup.test.ts",
  "test/external-forms.test.ts",
];

/**
 * Files that need a PostgreSQL server (two app processes sharing one database; a SIGKILLed app on
 * PostgreSQL): only `npm run test:postgres` runs them (it sets TEST_DATABASE_URL); `npm test` needs
 * nothing but SQLite.
 */
const POSTGRES_ONLY = process.env.TEST_DATABASE_URL
  ? []
  : ["test/concurrent-stores.test.ts", "test/copy-to-postgres.test.ts"];

/**
 * Starts the differential test first, then the other slow files, then the fast ones (each group in
 * vitest's own order: failed or longest last time first): the differential test is one file of a few
 * minutes on one worker, and the rest fills the other worker meanwhile. In vitest's order (it had
 * passed last time) it started 3 minutes into a 13.5-minute run under load and ran alone for the last 4.
 */
class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) =>
      f.moduleId.endsWith("/external-forms.test.ts") ? 0 : f.project.name === "slow" ? 1 : 2;
    return [0, 1, 2].flatMap((r) => sorted.filter((f) => rank(f) === r));
  }
}

export default defineConfig({
  test: {
    environment: "node",
    // A hang detector, not a speed check: on the shared 2-core machine, with both workers busy beside
    // other work, a Chromium step, a CLI started with tsx or a 10,000-case fuzz test took over 20 s.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // vitest's default is one worker less than the cores: one worker on this project's 2-core machine.
    maxWorkers: "100%",
    sequence: { sequencer: SlowFirst },
    projects: [
      {
        extends: true,
        test: {
          name: "fast",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...SLOW, ...POSTGRES_ONLY],
        },
      },
      {
        extends: true,
        test: { name: "slow", include: SLOW, globalSetup: ["test/e2e/global-setup.ts"] },
      },
    ],
  },
});
