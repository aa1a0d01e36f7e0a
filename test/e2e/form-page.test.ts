import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type DemoServer,
  fillRatings,
  launchBrowser,
  SHOTS_DIR,
  startDemoServer,
  watchErrors,
} from "./harness.ts";

let server: DemoServer;
let browser: Browser;
const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const linkOf = (kind: string, unit: string, nth = 0) => {
  const found = server.codes.filter((c) => c.kind === kind && c.unit === unit)[nth];
  if (!found) throw new Error(`no ${kind} code for ${unit}`);
  return found;
};

describe("the form page in Chromium on a 360-px phone", () => {
  test("a parent answers every question through the school's link, sees the thank-you, and the response is stored", async () => {
    const link = linkOf("parent", "TH-MINHCAM");
    const count = () =>
      server.query<{ n: number; codes: number }>(
        `SELECT count(*) AS n, count(r.personal_code) AS codes FROM responses r JOIN units u ON u.id = r.unit_id
         WHERE u.code = ? AND r.campaign_id = ?`,
        "TH-MINHCAM",
        link.campaignId,
      )[0];
    const before = count();
    const page = await browser.newPage(phone);
    const errors = watchErrors(page);
    await page.goto(link.url);
    await page.locator(".sd-question").first().waitFor();
    await fillRatings(page, () => 4);
    await page.getByTestId("thank-you").waitFor();
    await page.screenshot({ path: join(SHOTS_DIR, "parent-thank-you.png"), fullPage: true });

    // Stored once, and without the parent's code.
    expect(count()).toEqual({ n: (before?.n ?? 0) + 1, codes: 0 });
    const noScroll = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(noScroll).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("a staff member sees scores per criterion equal to a hand computation", async () => {
    const link = linkOf("staff", "MN-DAPTHANH");
    const page = await browser.newPage(phone);
    const errors = watchErrors(page);
    await page.goto(link.url);
    await page.locator(".sd-question").first().waitFor();
    // TC1 all 5 → 100; TC2 all 3 → 50; TC3 all 4 → 75; total (100 + 50 + 75) / 3 = 75 → "Khá" (≥ 65).
    await fillRatings(page, (name) => (name.startsWith("tc1_") ? 5 : name.startsWith("tc2_") ? 3 : 4));
    const result = page.getByTestId("result");
    await result.waitFor();
    await page.screenshot({ path: join(SHOTS_DIR, "staff-result.png"), fullPage: true });
    const text = (await result.innerText()).replace(/\s+/g, " ");
    expect(text).toMatch(/75\/100/);
    expect(text).toContain("Khá");
    const criteria = await page.locator(".criteria li strong").allInnerTexts();
    expect(criteria).toEqual(["100", "50", "75"]);

    const [stored] = server.query<{ total: number; level: string }>(
      "SELECT total, level FROM responses WHERE personal_code = ?",
      link.code,
    );
    expect(stored).toEqual({ total: 75, level: "Khá" });
    expect(errors).toEqual([]);
    await page.close();
  });

  test("answers are saved on the device after each change and restored when the page is reopened", async () => {
    const link = linkOf("staff", "MN-DAPTHANH", 1);
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(link.url);
    await page.locator('.sd-question[data-name="tc1_01"] .sd-rating__item').nth(1).click();
    await page.locator('.sd-question[data-name="tc1_02"] .sd-rating__item').nth(4).click();
    await page.reload();
    await page.locator(".sd-question").first().waitFor();
    const selected = page.locator(".sd-rating__item--selected");
    await expect.poll(() => selected.count()).toBe(2);
    expect(
      await page.locator('.sd-question[data-name="tc1_02"] .sd-rating__item--selected').innerText(),
    ).toBe("5");
    await context.close();
  });

  test.each([["an unknown code", "/a/KHONGCOMA1", "code_not_found"]])(
    "shows a clear Vietnamese page for %s",
    async (_label, path, code) => {
      const page = await browser.newPage(phone);
      await page.goto(`${server.url}${path}`);
      const error = page.getByTestId("error-page");
      await error.waitFor();
      expect(await error.getAttribute("data-code")).toBe(code);
      expect(await error.innerText()).toMatch(/[ãạảáàđêôơư]/);
      await page.screenshot({ path: join(SHOTS_DIR, `error-${code}.png`) });
      await page.close();
    },
  );

  test("the form page loads no Chart.js", async () => {
    const page = await browser.newPage(phone);
    const scripts: string[] = [];
    page.on("response", async (r) => {
      if (r.request().resourceType() === "script") scripts.push(await r.text());
    });
    await page.goto(linkOf("parent", "MN-HAILANG").url);
    await page.locator(".sd-question").first().waitFor();
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.some((s) => /chart\.js|Chart\.register|new Chart\(/.test(s))).toBe(false);
    await page.close();
  });
});
