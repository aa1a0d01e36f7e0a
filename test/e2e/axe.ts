import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults, Result } from "axe-core";
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** The WCAG 2.2 AA rule set: every level-A and level-AA rule of WCAG 2.0, 2.1 and 2.2. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

const source = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Runs axe-core on the page as it is now. Evaluated through the DevTools protocol rather than a <script>
 * tag: the app's CSP forbids inline scripts, and the check must see the page under its real CSP.
 */
export async function runAxe(page: Page): Promise<AxeResults> {
  const loaded = await page.evaluate(() => "axe" in window);
  if (!loaded) await page.evaluate(source);
  return page.evaluate(
    (tags) =>
      (window as unknown as { axe: typeof import("axe-core") }).axe.run(document, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations"],
      }),
    WCAG_TAGS,
  );
}

/** One line per violation and node: rule id, impact, the element and what to do. */
export function describeViolations(violations: Result[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map(
      (n) =>
        `${v.id} [${v.impact}] ${n.target.join(" ")}: ${v.help} — ${n.failureSummary?.replace(/\s+/g, " ") ?? ""}`,
    ),
  );
}

/**
 * Fails when axe finds a serious or critical WCAG 2.2 A/AA violation, listing each with its target; the
 * minor and moderate ones are printed (not failed on) so they are seen in the log.
 */
export async function expectNoSeriousViolations(page: Page, label: string): Promise<void> {
  const { violations } = await runAxe(page);
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const lesser = violations.filter((v) => !serious.includes(v));
  if (lesser.length > 0)
    console.log(`axe, ${label} (minor/moderate):\n${describeViolations(lesser).join("\n")}`);
  expect(describeViolations(serious), `axe, ${label}`).toEqual([]);
}
