import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type DemoServer,
  fillRatings,
  launchBrowser,
  SHOTS_DIR,
  startDemoServer,
  watchErrors,
} from "./harness.ts";

// Issue 18, items 1–8: the form page on a 360-px phone, offline included.
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

const responsesOf = (unit: string, campaignId: number) =>
  server.query<{ n: number }>(
    `SELECT count(*) AS n FROM responses r JOIN units u ON u.id = r.unit_id WHERE u.code = ? AND r.campaign_id = ?`,
    unit,
    campaignId,
  )[0]?.n ?? 0;

/** Rates every question of the current page `value`, without moving on. */
async function ratePage(page: Page, value: number): Promise<void> {
  const names = await page
    .locator(".sd-question[data-name]")
    .evaluateAll((els) =>
      els.filter((e) => e.querySelector(".sd-rating__item")).map((e) => e.getAttribute("data-name") ?? ""),
    );
  for (const name of names)
    await page
      .locator(`.sd-question[data-name="${name}"] .sd-rating__item`)
      .nth(value - 1)
      .click();
}

describe("the form page's everyday use on a 360-px phone", () => {
  test("shows 'Trang n/N', the description on the first page only, and moves focus to the new page's first question", async () => {
    const link = linkOf("staff", "TH-MINHCAM", 2);
    const page = await browser.newPage(phone);
    const errors = watchErrors(page);
    await page.goto(link.url);
    await page.locator(".sd-question").first().waitFor();
    const progress = page.getByTestId("form-progress");
    expect(await progress.innerText()).toContain("Trang 1/3");
    const description = page.locator(".sd-header__text .sd-description");
    expect(await description.isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS_DIR, "respondent-page-1.png") });

    await ratePage(page, 4);
    await page.locator(".sd-navigation__next-btn").click();
    await expect.poll(() => progress.innerText()).toContain("Trang 2/3");
    expect(await description.isVisible()).toBe(false);
    const first = await page.locator(".sd-question[data-name]").first().getAttribute("data-name");
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-name") ?? null))
      .toBe(first);
    expect(await progress.locator("[aria-live]").count()).toBe(1);
    await page.screenshot({ path: join(SHOTS_DIR, "respondent-page-2.png") });
    expect(errors).toEqual([]);
    await page.close();
  });

  test("a typed comment is saved while typing, said so, and restored after a reload", async () => {
    const link = linkOf("staff", "TH-MINHCAM", 3);
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(link.url);
    await page.locator(".sd-question").first().waitFor();
    await ratePage(page, 5);
    await page.locator(".sd-navigation__next-btn").click();
    await ratePage(page, 5);
    await page.locator(".sd-navigation__next-btn").click();
    const box = page.locator('.sd-question[data-name="suggestions"] textarea');
    await box.pressSequentially("Cần thêm sân chơi");
    // Still in the field (no blur), the draft is saved.
    await expect.poll(() => page.getByTestId("draft-status").innerText()).toBe("Đã lưu trên máy");
    expect(await box.evaluate((e) => e === document.activeElement)).toBe(true);
    await page.reload();
    await page.locator(".sd-question").first().waitFor();
    expect(await page.getByTestId("draft-status").innerText()).toBe("Đã khôi phục bản nháp");
    expect(await page.locator('.sd-question[data-name="suggestions"] textarea').inputValue()).toBe(
      "Cần thêm sân chơi",
    );
    await context.close();
  });

  test("a parent reopening the link on the same phone is told it was sent from it and may revise the sent answers", async () => {
    const link = linkOf("parent", "MN-DAPTHANH");
    const before = responsesOf("MN-DAPTHANH", link.campaignId);
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(link.url);
    await page.locator(".sd-question").first().waitFor();
    await fillRatings(page, () => 2);
    await page.getByTestId("thank-you").waitFor();

    await page.goto(link.url);
    const notice = page.getByTestId("answered-notice");
    await notice.waitFor();
    expect(await notice.innerText()).toContain("từ thiết bị này");
    expect(await page.locator(".sd-question").count()).toBe(0);
    await notice.getByRole("button", { name: "Sửa phiếu đã gửi" }).click();
    await page.locator(".sd-question").first().waitFor();
    // The answers sent from this phone come back to be changed.
    const selected = page.locator(".sd-rating__item--selected");
    await expect.poll(() => selected.count()).toBeGreaterThan(0);
    expect(await selected.first().innerText()).toBe("2");
    await fillRatings(page, () => 5);
    await page.getByTestId("thank-you").waitFor();
    // Revised, not a second response.
    expect(responsesOf("MN-DAPTHANH", link.campaignId)).toBe(before + 1);
    await context.close();
  });

  test("a form opened once opens offline, is answered and submitted there, and is stored once when the network is back", async () => {
    const link = linkOf("parent", "TH-MINHCAM");
    const before = responsesOf("TH-MINHCAM", link.campaignId);
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(link.url);
    await page.locator(".sd-question").first().waitFor();
    const accessPath = new URL(link.url).pathname.replace(/^\/a\//, "/api/a/");
    // The service worker has taken the page over and keeps this form.
    await expect
      .poll(() => page.evaluate(async (path) => !!(await caches.match(path)), accessPath), {
        timeout: 30_000,
      })
      .toBe(true);

    await context.setOffline(true);
    await page.reload();
    await page.locator(".sd-question").first().waitFor();
    await page.getByTestId("offline-form").waitFor();
    await fillRatings(page, () => 3);
    const queued = page.getByTestId("offline");
    await queued.waitFor();
    expect(await queued.innerText()).toContain("ngoại tuyến");
    await page.screenshot({ path: join(SHOTS_DIR, "respondent-offline.png") });
    expect(responsesOf("TH-MINHCAM", link.campaignId)).toBe(before);

    await context.setOffline(false);
    await page.getByTestId("thank-you").waitFor({ timeout: 30_000 });
    expect(responsesOf("TH-MINHCAM", link.campaignId)).toBe(before + 1);
    // Whatever the worker kept was sent or dropped: one response still.
    await page.waitForTimeout(1000);
    expect(responsesOf("TH-MINHCAM", link.campaignId)).toBe(before + 1);
    expect(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
    await context.close();
  });

  test("the award result says 'Không áp dụng' for the roles the person does not hold", async () => {
    const account = server.accounts.find((a) => a.username === "bgh.minhcam");
    if (!account) throw new Error("no demo account bgh.minhcam");
    const context = await browser.newContext(phone);
    const api = context.request;
    const session = await api.post(`${server.url}/api/session`, {
      data: { username: account.username, password: account.password },
    });
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const headers = { "x-csrf-token": csrfToken };
    const now = Date.now();
    const created = await api.post(`${server.url}/api/campaigns`, {
      headers,
      data: {
        formId: "dvk-individual-award",
        unit: "TH-MINHCAM",
        kind: "staff",
        period: "Khen thưởng 2026",
        opensAt: new Date(now - 3_600_000).toISOString(),
        closesAt: new Date(now + 7 * 86_400_000).toISOString(),
      },
    });
    expect(created.status()).toBe(201);
    const { campaign } = (await created.json()) as { campaign: { id: number } };
    const made = await api.post(`${server.url}/api/campaigns/${campaign.id}/codes`, {
      headers,
      data: { unit: "TH-MINHCAM", count: 1 },
    });
    const [code] = ((await made.json()) as { codes: { code: string; url: string }[] }).codes;
    if (!code) throw new Error("no code made");
    // A leader and civil servant; not a party or union member.
    const answers = JSON.parse(
      readFileSync(new URL("../fixtures/answers/dvk-individual-award.json", import.meta.url), "utf8"),
    );
    const key = "AWARDKEY2345";
    const sent = await api.post(`${server.url}/api/a/${code.code}/responses`, {
      data: { answers, clientId: "award-result-0001", revisionKey: key },
    });
    expect(sent.status()).toBe(201);

    const page = await context.newPage();
    await page.addInitScript(({ c, k }) => localStorage.setItem(`tieuchi:revision-key:${c}`, k), {
      c: code.code,
      k: key,
    });
    await page.goto(code.url);
    await page.getByRole("button", { name: "Xem kết quả đã gửi" }).click();
    const result = page.getByTestId("result");
    await result.waitFor();
    const rows = await page.locator(".criteria li .criterion-head").allInnerTexts();
    const row = (title: RegExp) => rows.find((r) => title.test(r)) ?? "";
    expect(row(/đảng viên/i)).toMatch(/Không áp dụng/);
    expect(row(/đoàn viên/i)).toMatch(/Không áp dụng/);
    expect(rows.filter((r) => /Không áp dụng/.test(r))).toHaveLength(2);
    expect(rows.join(" ")).not.toMatch(/Chưa trả lời/);
    // What blocks the award is named by title, not by internal id.
    const blocking = await page.getByTestId("result-blocking").innerText();
    expect(blocking).toContain("Cán bộ lãnh đạo, quản lý");
    expect(blocking).not.toMatch(/LEADER|CIVIL_SERVANT|EXEMPLAR/);
    await page.screenshot({ path: join(SHOTS_DIR, "respondent-award-result.png"), fullPage: true });
    await context.close();
  });

  test.each([
    ["a link cut short to /a/", "/a/"],
    ["a code cut short", "/a/7KQ2"],
    ["an unknown path", "/khong-co-trang-nay"],
  ])("answers %s with 404 and a respondent-facing page, not the sign-in", async (_label, path) => {
    const page = await browser.newPage(phone);
    const response = await page.goto(`${server.url}${path}`);
    expect(response?.status()).toBe(404);
    const error = page.getByTestId("error-page");
    await error.waitFor();
    expect(await error.innerText()).toMatch(/Không tìm thấy/);
    expect(await page.getByTestId("signin").count()).toBe(0);
    await page.close();
  });

  test("the sign-in page starts with the cursor in the username", async () => {
    const page = await browser.newPage();
    const response = await page.goto(server.url);
    expect(response?.status()).toBe(200);
    await page.getByTestId("signin").waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("signin-username");
    await page.close();
  });

  test("built scripts come precompressed with Brotli and cached for good", async () => {
    const page = await browser.newPage(phone);
    const scripts: { encoding?: string; cache?: string }[] = [];
    page.on("response", async (r) => {
      if (r.request().resourceType() === "script") {
        const h = await r.allHeaders();
        scripts.push({ encoding: h["content-encoding"], cache: h["cache-control"] });
      }
    });
    await page.goto(linkOf("parent", "MN-HAILANG").url);
    await page.locator(".sd-question").first().waitFor();
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts)
      expect(s).toEqual({ encoding: "br", cache: "public, max-age=31536000, immutable" });
    await page.close();
  });
});
