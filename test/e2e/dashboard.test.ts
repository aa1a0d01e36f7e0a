import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { allRatings, catalogueForm } from "../helpers.ts";
import {
  type DemoServer,
  launchBrowser,
  SHOTS_DIR,
  signInDemo,
  startDemoServer,
  watchErrors,
} from "./harness.ts";

let server: DemoServer;
let browser: Browser;
const SCRIPT_ANSWER = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  // A parent at Minh Cầm (which has enough parents to be shown) answers with markup, and four more
  // parents answer: at least k changes, so the school's next release includes the markup answer.
  const link = server.codes.find((c) => c.kind === "parent" && c.unit === "TH-MINHCAM");
  for (let i = 0; i < 5; i++) {
    const res = await fetch(
      `${link?.url.replace(/^http:\/\/localhost:\d+/, server.url)}/responses`.replace("/a/", "/api/a/"),
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          answers: {
            ...allRatings(catalogueForm("happy-school-parent"), 4),
            ...(i === 0 ? { suggestions: SCRIPT_ANSWER } : {}),
          },
          clientId: `e2e-script-answer-${i}`,
        }),
      },
    );
    expect(res.status).toBe(201);
  }
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const signIn = (page: Page, username: string) => signInDemo(page, server, username);

/** Canvases that drew nothing look like a blank canvas of their size. */
function blankCanvases(page: Page): Promise<string[]> {
  return page.$$eval("canvas[data-chart]", (canvases) =>
    (canvases as HTMLCanvasElement[])
      .filter((c) => {
        const blank = document.createElement("canvas");
        blank.width = c.width;
        blank.height = c.height;
        return c.width === 0 || c.toDataURL() === blank.toDataURL();
      })
      .map((c) => c.dataset.chart ?? "?"),
  );
}

const parentCampaignId = () => server.codes.find((c) => c.kind === "parent")?.campaignId;

describe("the dashboard in Chromium", () => {
  test("the province admin sees every chart drawn, drills down to a school, and markup in answers stays text", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await signIn(page, "admin");
    await page.goto(`${server.url}/manage/campaigns/${parentCampaignId()}/results?unit=SGD-QN`);
    await page.getByTestId("dashboard").waitFor();
    await page.locator('canvas[data-chart="trend"]').waitFor();
    for (const section of ["tiles", "criteria-chart", "ranking", "likert", "trend", "gap", "completion"])
      expect(await page.getByTestId(section).count(), section).toBeGreaterThan(0);
    await expect.poll(() => page.locator("canvas[data-chart]").count()).toBeGreaterThanOrEqual(6);
    await page.waitForTimeout(800); // let chart animations finish before reading pixels
    expect(await blankCanvases(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS_DIR, "dashboard-province.png"), fullPage: true });

    // Drill down: province → commune → school, through the ranking table.
    await page.getByTestId("ranking").getByRole("link", { name: "Xã Ba Chẽ" }).click();
    await page.waitForURL(/unit=XA-BACHE/);
    await page.getByTestId("ranking").getByRole("link", { name: "Trường Tiểu học Minh Cầm" }).click();
    await page.waitForURL(/unit=TH-MINHCAM/);
    await page.getByTestId("quotes").waitFor();
    expect(await page.getByTestId("quotes").innerText()).toContain(SCRIPT_ANSWER);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.waitForTimeout(800);
    expect(await blankCanvases(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS_DIR, "dashboard-school.png"), fullPage: true });

    // A withheld school says why instead of showing scores.
    await page.goto(`${server.url}/manage/campaigns/${parentCampaignId()}/results?unit=XA-HAILANG`);
    await page.getByTestId("ranking").waitFor();
    expect(await page.getByTestId("ranking").innerText()).toMatch(/Ẩn/);

    const unexpected = errors.filter((e) => !/status of 401/.test(e));
    expect(unexpected, unexpected.join("\n")).toEqual([]);
    await page.close();
  });

  test("the print report renders its charts for a school", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    await signIn(page, "admin");
    await page.goto(`${server.url}/manage/campaigns/${parentCampaignId()}/report?unit=TH-MINHCAM`);
    await page.getByTestId("report").waitFor();
    await expect.poll(() => page.locator("canvas[data-chart]").count()).toBeGreaterThan(0);
    await page.emulateMedia({ media: "print" });
    expect(await blankCanvases(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS_DIR, "report-print.png"), fullPage: true });
    await page.close();
  });

  test("a school manager sees the school only: another school's results are refused", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, "bgh.minhcam");
    const status = await page.evaluate(async (id) => {
      const own = await fetch(`/api/campaigns/${id}/results?unit=TH-MINHCAM`);
      const other = await fetch(`/api/campaigns/${id}/results?unit=TH-HAILANG`);
      const province = await fetch(`/api/campaigns/${id}/results?unit=SGD-QN`);
      return [own.status, other.status, province.status];
    }, parentCampaignId());
    expect(status).toEqual([200, 403, 403]);
    await page.close();
  });
});
