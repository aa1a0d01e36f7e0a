import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectNoSeriousViolations } from "./axe.ts";
import { type DemoServer, launchBrowser, SHOTS_DIR, startDemoServer } from "./harness.ts";
import { expectVisibleFocus, focusedName, tabTo } from "./keyboard.ts";

// WCAG 2.2 AA on the managers' side: axe on every page, and a campaign created with the keyboard only.
// The form page is in a11y-form.test.ts.

let server: DemoServer;
let browser: Browser;
const laptop = { viewport: { width: 1280, height: 900 } };

// Each test walks many pages and runs axe on each: minutes on the shared 2-core machine under load
// (a hang detector, not a speed check, like vitest.config.ts's 60 s).
const SLOW_STEP = 240_000;
const POLL = { timeout: 20_000 };

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const account = (username: string) => {
  const found = server.accounts.find((a) => a.username === username);
  if (!found) throw new Error(`no demo account ${username}`);
  return found;
};

async function signIn(page: Page, username: string) {
  await page.goto(`${server.url}/`);
  await page.locator("#signin-username").fill(username);
  await page.locator("#signin-password").fill(account(username).password);
  await page.getByTestId("signin").locator('button[type="submit"]').click();
  await page.getByTestId("campaigns").waitFor();
}

const parentCampaignId = () => server.codes.find((c) => c.kind === "parent")?.campaignId;

describe("the managers' pages pass axe's WCAG 2.2 AA rules in Chromium", { timeout: SLOW_STEP }, () => {
  test("the sign-in page focuses the username on arrival, and has no violation, nor with an error", async () => {
    const page = await browser.newPage(laptop);
    await page.goto(`${server.url}/`);
    await page.locator("#signin-username").waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), POLL).toBe("signin-username");
    await expectNoSeriousViolations(page, "sign-in");
    await page.keyboard.press("Enter");
    await page.locator('#signin-username[aria-invalid="true"]').waitFor();
    await expectNoSeriousViolations(page, "sign-in with an error");
    await page.close();
  });

  test("every page a province admin opens: campaigns, a campaign, a new one, results, units, accounts, audit, own account, forms, criteria import", async () => {
    const page = await browser.newPage(laptop);
    await signIn(page, "admin");
    await expectNoSeriousViolations(page, "campaigns");

    const id = parentCampaignId();
    const pages: [string, string, string][] = [
      ["campaign", `/manage/campaigns/${id}?unit=TH-MINHCAM`, "codes"],
      ["new campaign", "/manage/campaigns/new", "new-campaign"],
      ["dashboard (province)", `/manage/campaigns/${id}/results?unit=SGD-QN`, "ranking"],
      ["dashboard (school)", `/manage/campaigns/${id}/results?unit=TH-MINHCAM`, "dashboard"],
      ["units", "/manage/units", "units"],
      ["accounts", "/manage/accounts", "accounts"],
      ["audit", "/manage/audit", "audit"],
      ["own account", "/manage/me", "sessions"],
      ["forms", "/manage/forms?unit=SGD-QN", "forms-list"],
      ["criteria import", "/manage/forms/import", "import-upload"],
    ];
    for (const [label, path, testId] of pages) {
      await page.goto(`${server.url}${path}`);
      await page.getByTestId(testId).first().waitFor();
      // Charts and late sections settle first (a chart's legend, a list loading after the page).
      await page.waitForLoadState("networkidle");
      await expectNoSeriousViolations(page, label);
    }

    // A form's error state: the new campaign without a period.
    await page.goto(`${server.url}/manage/campaigns/new`);
    await page.locator("#nc-formId option").first().waitFor({ state: "attached" });
    await page.locator("#nc-period").fill("");
    await page.getByTestId("new-campaign").locator('button[type="submit"]').click();
    await page.locator('#nc-period[aria-invalid="true"]').waitFor();
    await expectNoSeriousViolations(page, "new campaign with an error");
    await page.close();
  });
});

describe("the managers' pages by keyboard", { timeout: SLOW_STEP }, () => {
  test("a school manager signs in, creates a campaign and makes its codes with the keyboard only, focus always visible", async () => {
    const page = await browser.newPage(laptop);
    const { username, password } = account("bgh.minhcam");
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), POLL).toBe("signin-username");
    await page.keyboard.type(username);
    await tabTo(page, "#signin-password");
    await page.keyboard.type(password);
    await page.keyboard.press("Enter");
    await page.getByTestId("campaigns").waitFor();

    await tabTo(page, 'a[href="/manage/campaigns/new"]');
    await page.keyboard.press("Enter");
    await page.getByTestId("new-campaign").waitFor();
    await page.locator('#nc-formId option[value="five-no-staff"]').waitFor({ state: "attached" });

    // A radio group is one Tab stop; the arrows move the choice.
    await tabTo(page, 'input[name="kind"]');
    for (let i = 0; i < 4 && !(await page.locator('input[name="kind"][value="staff"]').isChecked()); i++)
      await page.keyboard.press("ArrowDown");
    expect(await page.locator('input[name="kind"][value="staff"]').isChecked()).toBe(true);
    await expectVisibleFocus(page);

    await tabTo(page, "#nc-formId");
    await page.screenshot({ path: join(SHOTS_DIR, "keyboard-focus-manager.png") });
    await chooseByArrows(page, "#nc-formId", "five-no-staff");
    await tabTo(page, "#nc-unit");
    await chooseByArrows(page, "#nc-unit", "TH-MINHCAM");
    await tabTo(page, "#nc-period");
    await page.keyboard.type("2026–2027 HK2 (bàn phím)");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/manage\/campaigns\/\d+/);
    const campaignId = Number(page.url().match(/campaigns\/(\d+)/)?.[1]);

    await tabTo(page, "#gen-count");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("3");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("codes").locator("tbody tr").count(), POLL).toBe(3);

    const [campaign] = server.query<{ form_id: string; kind: string; period: string }>(
      "SELECT f.form_id, c.kind, c.period FROM campaigns c JOIN form_versions f ON f.id = c.form_version_id WHERE c.id = ?",
      campaignId,
    );
    expect(campaign).toEqual({ form_id: "five-no-staff", kind: "staff", period: "2026–2027 HK2 (bàn phím)" });
    const [codes] = server.query<{ n: number }>(
      "SELECT count(*) AS n FROM access_codes WHERE campaign_id = ?",
      campaignId,
    );
    expect(codes?.n).toBe(3);
    await page.close();
  });
});

/** Moves a closed <select>'s choice with the arrow keys (down, then up) until it holds `value`. */
async function chooseByArrows(page: Page, selector: string, value: string): Promise<void> {
  const select = page.locator(selector);
  for (const key of ["ArrowDown", "ArrowUp"])
    for (let i = 0; i < 40 && (await select.inputValue()) !== value; i++) await page.keyboard.press(key);
  expect(await select.inputValue(), await focusedName(page)).toBe(value);
  await expectVisibleFocus(page);
}
