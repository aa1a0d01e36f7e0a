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
 * Starts the slow project's files first (and, within a project, vitest's own order: longest last run
 * first): the differential test is one file of a few minutes on one worker, and the fast files fill the
 * other worker meanwhile, instead of the long file starting when everything else is done.
 */
class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const slow = (f: TestSpecification) => f.project.name === "slow";
    return [...sorted.filter(slow), ...sorted.filter((f) => !slow(f))];
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
        test: { name: "fast", include: ["test/**/*.test.ts"], exclude: [...configDefaults.exclude, ...SLOW] },
      },
      {
        extends: true,
        test: { name: "slow", include: SLOW, globalSetup: ["test/e2e/global-setup.ts"] },
      },
    ],
  },
});
