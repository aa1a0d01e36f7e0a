import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { allRatings, catalogueForm } from "../helpers.ts";
import { type DemoServer, launchBrowser, SHOTS_DIR, startDemoServer, watchErrors } from "./harness.ts";

// Issue 18 items 10 and 14: a parent link's response count as its manager sees it, and every manager
// page on a 360-px phone without sideways scrolling.
let server: DemoServer;
let browser: Browser;
const SHOTS = process.env.MANAGER_SHOTS_DIR ?? SHOTS_DIR;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page: Page, username: string) {
  const account = server.accounts.find((a) => a.username === username);
  if (!account) throw new Error(`no demo account ${username}`);
  await page.goto(`${server.url}/`);
  await page.locator("#signin-username").fill(account.username);
  await page.locator("#signin-password").fill(account.password);
  await page.getByTestId("signin").locator('button[type="submit"]').click();
  await page.getByTestId("campaigns").waitFor();
}

const parentLink = (unit: string) => {
  const link = server.codes.find((c) => c.kind === "parent" && c.unit === unit);
  if (!link) throw new Error(`no parent link at ${unit}`);
  return link;
};

/** Counted parent answers of a school in a campaign, straight from the database. */
const stored = (campaignId: number, unit: string) =>
  server.query<{ n: number }>(
    `SELECT count(*) AS n FROM responses r JOIN units u ON u.id = r.unit_id
     WHERE r.campaign_id = ? AND u.code = ? AND r.personal_code IS NULL AND r.held = 0`,
    campaignId,
    unit,
  )[0]?.n ?? -1;

describe("a school's parent link in Chromium (item 10)", () => {
  test("shows how many parents answered through it, and one more after a parent answers", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await signIn(page, "bgh.minhcam");
    const link = parentLink("TH-MINHCAM");
    // The simulated answers came through a link of their own; the printed link starts with its own count.
    const total = stored(link.campaignId, "TH-MINHCAM");
    expect(total).toBeGreaterThan(0);
    await page.goto(`${server.url}/manage/campaigns/${link.campaignId}?unit=TH-MINHCAM`);
    const counts = page.getByTestId("link-responses");
    await counts.first().waitFor();
    const perLink = async () => (await counts.allInnerTexts()).map((t) => Number.parseInt(t, 10));
    expect((await perLink()).reduce((a, b) => a + b, 0)).toBe(total);
    expect(await page.getByTestId("codes-summary").innerText()).toContain(`${total}`);
    const mine = page.locator(`tr[data-code="${link.code}"]`).getByTestId("link-responses");
    const before = Number.parseInt(await mine.innerText(), 10);

    const res = await fetch(`${server.url}/api/a/${link.code}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        answers: allRatings(catalogueForm("happy-school-parent"), 4),
        clientId: "manager-phone-e2e-1",
        deviceToken: "manager-phone-e2e-device",
      }),
    });
    expect(res.status).toBe(201);
    await page.reload();
    await expect.poll(() => mine.innerText()).toMatch(new RegExp(`^${before + 1}\\b`));
    expect(stored(link.campaignId, "TH-MINHCAM")).toBe(total + 1);
    expect((await perLink()).reduce((a, b) => a + b, 0)).toBe(total + 1);
    // The sign-in page asks for a session first: its 401 is expected.
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await page.close();
  });
});

describe("manager pages on a 360-px phone (item 14)", () => {
  /** The elements that stick out past the viewport's right edge, for a failure message. */
  const overflowing = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll("body *")]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          // Inside a scrolling box (a wide table) it scrolls there, not the page.
          return r.right > 361 && !el.parentElement?.closest(".table-wrap");
        })
        .slice(0, 12)
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} → ${Math.round(el.getBoundingClientRect().right)}`,
        ),
    );

  test("every manager page fits 360 px: the document never scrolls sideways", async () => {
    const page = await browser.newPage({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    const errors = watchErrors(page);
    const staff = server.codes.find((c) => c.kind === "staff" && c.unit === "TH-MINHCAM");
    const parent = parentLink("TH-MINHCAM");
    const widths: Record<string, number> = {};
    const problems: Record<string, string[]> = {};
    const measure = async (name: string, ready: () => Promise<unknown>) => {
      await ready();
      await page.waitForLoadState("networkidle");
      widths[name] = await page.evaluate(() => document.documentElement.scrollWidth);
      if (widths[name] > 360) problems[name] = [`${widths[name]}`, ...(await overflowing(page))];
    };

    await page.goto(`${server.url}/`);
    await measure("sign-in", () => page.locator("#signin-username").waitFor());
    await signIn(page, "admin");
    await measure("campaigns", () => page.getByTestId("campaigns").waitFor());
    await page.screenshot({ path: join(SHOTS, "campaigns-360.png"), fullPage: true });
    const pages: [string, string, string][] = [
      ["new campaign", "/manage/campaigns/new", '[data-testid="new-campaign"]'],
      ["staff campaign", `/manage/campaigns/${staff?.campaignId}?unit=TH-MINHCAM`, '[data-testid="codes"]'],
      [
        "parent campaign",
        `/manage/campaigns/${parent.campaignId}?unit=TH-MINHCAM`,
        '[data-testid="link-responses"]',
      ],
      [
        "print",
        `/manage/campaigns/${parent.campaignId}/print?unit=TH-MINHCAM`,
        '[data-testid="print-sheet"]',
      ],
      ["results", `/manage/campaigns/${staff?.campaignId}/results?unit=TH-MINHCAM`, "canvas"],
      ["report", `/manage/campaigns/${staff?.campaignId}/report?unit=TH-MINHCAM`, "h1"],
      ["units", "/manage/units", "table"],
      ["accounts", "/manage/accounts", "table"],
      ["audit", "/manage/audit", '[data-testid="audit"]'],
      ["my account", "/manage/me", "h1"],
    ];
    for (const [name, path, ready] of pages) {
      await page.goto(`${server.url}${path}`);
      await measure(name, () => page.locator(ready).first().waitFor());
      if (name === "parent campaign" || name === "audit" || name === "units")
        await page.screenshot({ path: join(SHOTS, `${name.replace(/ /g, "-")}-360.png`), fullPage: true });
    }
    expect(problems).toEqual({});
    expect(Object.entries(widths).filter(([, w]) => w > 360)).toEqual([]);
    expect(Object.keys(widths)).toHaveLength(pages.length + 2);
    // The sign-in page asks for a session first: its 401 is expected.
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await page.close();
  }, 180_000);
});

describe("campaign editing, duplicating, reprinting and the audit filters in Chromium (items 11–13)", () => {
  test("an admin edits a campaign, duplicates it, reprints lost sheets, and finds the duplicate in the log", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    page.on("dialog", (d) => void d.accept());
    await signIn(page, "admin");
    const staff = server.codes.find((c) => c.kind === "staff" && c.unit === "TH-MINHCAM");
    await page.goto(`${server.url}/manage/campaigns/${staff?.campaignId}?unit=TH-MINHCAM`);
    await page.getByTestId("codes").waitFor();

    await page.getByRole("button", { name: "Sửa thông tin" }).click();
    await page.locator("#ec-title").fill("Khảo sát thử nghiệm");
    await page.locator("#ec-expected").fill("30");
    await page.getByTestId("edit-campaign").locator('button[type="submit"]').click();
    await expect.poll(() => page.locator("h1").first().innerText()).toBe("Khảo sát thử nghiệm");

    // Ten demo codes nobody answered: one click gives each a new code, shown once for the QR sheet.
    await page.getByTestId("reprint-unanswered").click();
    await expect.poll(() => page.locator(".form-ok").first().innerText()).toMatch(/Đã cấp lại \d+ mã/);

    await page.getByRole("button", { name: "Nhân bản cho đợt sau" }).click();
    await page.locator("#dc-period").fill("2026–2027 HK2");
    await page.getByTestId("duplicate-campaign").locator('button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.endsWith(`/${staff?.campaignId}`));
    await expect.poll(() => page.locator("h1").first().innerText()).toBe("Khảo sát thử nghiệm");

    await page.goto(`${server.url}/manage/audit`);
    await page.getByTestId("audit").waitFor();
    await page.locator("#af-action").selectOption("campaign.");
    await page.getByTestId("audit-filters").locator('button[type="submit"]').click();
    await expect
      .poll(() => page.getByTestId("audit").locator("tbody").innerText())
      .toContain("Nhân bản đợt đánh giá");
    const log = await page.getByTestId("audit").locator("tbody").innerText();
    expect(log).toContain("Sửa đợt đánh giá");
    expect(log).not.toMatch(/campaign\.|codes\.|roster: true|campaignId/);

    await page.goto(`${server.url}/manage/units`);
    await page.locator("#cu-kind").waitFor();
    const kinds = await page
      .locator("#cu-kind option")
      .evaluateAll((os) => os.map((o) => o.textContent ?? ""));
    expect(kinds).toEqual(expect.arrayContaining(["Sở GDĐT", "Phòng GDĐT", "Xã, phường", "Trường"]));
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await page.close();
  }, 120_000);
});
