import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateGroup } from "../generate-answers.ts";
import { expectNoSeriousViolations } from "./axe.ts";
import { type DemoServer, launchBrowser, SHOTS_DIR, startDemoServer } from "./harness.ts";
import { expectVisibleFocus, focusedName, tabTo } from "./keyboard.ts";

// WCAG 2.2 AA on the respondents' side: axe on every state of the form page, keyboard-only answering,
// target size and paste into the code entry. The manager side is in a11y-manager.test.ts.

let server: DemoServer;
let browser: Browser;
const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

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

/** The demo's codes of one kind, each used by one test only (a staff code answers once). */
const codeOf = (kind: string, nth: number) => {
  const found = server.codes.filter((c) => c.kind === kind)[nth];
  if (!found) throw new Error(`no ${nth}th ${kind} code`);
  return found;
};

const questionNames = (page: Page) =>
  page
    .locator(".sd-question[data-name]")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-name") ?? ""));

/** Waits until the survey shows another page (its first question changed) or left the form; fails on errors. */
async function waitForPageChange(page: Page, before: string[]): Promise<void> {
  const errors = page.locator(".sd-question--error");
  await expect
    .poll(async () => {
      if ((await errors.count()) > 0) return true;
      if ((await page.locator(".sd-question[data-name]").count()) === 0) return true;
      return (await questionNames(page)).join() !== before.join();
    }, POLL)
    .toBe(true);
  expect(await errors.allInnerTexts()).toEqual([]);
}

async function openForm(context: BrowserContext, url: string, locale: "vi" | "en"): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.locator(".sd-question").first().waitFor();
  if (locale === "en") {
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), POLL).toBe("en");
  }
  return page;
}

describe("the form page passes axe's WCAG 2.2 AA rules in Chromium", { timeout: SLOW_STEP }, () => {
  test.each([
    ["vi", 0],
    ["en", 1],
  ] as const)("in %s: every page, the error state and the result screen", async (locale, nth) => {
    const context = await browser.newContext(phone);
    const page = await openForm(context, codeOf("staff", nth).url, locale);

    // "Next" with nothing answered: every question of page 1 shows its error.
    await page.locator(".sd-navigation__next-btn").click();
    await page.locator(".sd-question--error").first().waitFor();
    await expectNoSeriousViolations(page, `${locale} page 1 with errors`);

    for (let n = 1; ; n++) {
      const names = await questionNames(page);
      await expectNoSeriousViolations(page, `${locale} page ${n}`);
      for (const name of names) {
        const items = page.locator(`.sd-question[data-name="${name}"] .sd-rating__item`);
        if ((await items.count()) > 0) await items.nth(3).click();
      }
      // The selected buttons have their own colours: checked once they are there.
      if (n === 1) await expectNoSeriousViolations(page, `${locale} page 1 answered`);
      const next = page.locator(".sd-navigation__next-btn");
      if (!(await next.isVisible())) break;
      await next.click();
      await waitForPageChange(page, names);
    }
    await page.locator(".sd-navigation__complete-btn").click();
    await page.getByTestId("result").waitFor();
    await expectNoSeriousViolations(page, `${locale} result`);
    await context.close();
  });

  test("a parent's thank-you page, the offline notice and an unknown code's page", async () => {
    const context = await browser.newContext(phone);
    const page = await openForm(context, codeOf("parent", 0).url, "vi");
    for (;;) {
      for (const name of await questionNames(page)) {
        const items = page.locator(`.sd-question[data-name="${name}"] .sd-rating__item`);
        if ((await items.count()) > 0) await items.nth(4).click();
      }
      const next = page.locator(".sd-navigation__next-btn");
      if (!(await next.isVisible())) break;
      const names = await questionNames(page);
      await next.click();
      await waitForPageChange(page, names);
    }
    await context.setOffline(true);
    await page.locator(".sd-navigation__complete-btn").click();
    await page.getByTestId("offline").waitFor();
    await expectNoSeriousViolations(page, "offline notice");
    // Back online, the page sends the queued answer by itself.
    await context.setOffline(false);
    await page.getByTestId("thank-you").waitFor();
    await expectNoSeriousViolations(page, "thank-you");

    await page.goto(`${server.url}/a/KHONGCOMA1`);
    await page.getByTestId("error-page").waitFor();
    await expectNoSeriousViolations(page, "unknown code");
    await context.close();
  });
});

/** A new open campaign of `formId` at one school, made through the API as the demo admin; its first code. */
async function codeForNewCampaign(formId: string, kind: string): Promise<string> {
  const admin = server.accounts.find((a) => a.username === "admin");
  const signIn = await fetch(`${server.url}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: admin?.password }),
  });
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const headers = {
    "content-type": "application/json",
    cookie: signIn.headers.get("set-cookie")?.split(";")[0] ?? "",
    "x-csrf-token": csrfToken,
  };
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const res = await fetch(`${server.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
    expect(res.status, path).toBe(201);
    return (await res.json()) as T;
  };
  const now = Date.now();
  const { campaign } = await post<{ campaign: { id: number } }>("/api/campaigns", {
    formId,
    kind,
    unit: "TH-MINHCAM",
    period: `Kiểm tra trợ năng ${formId}`,
    opensAt: new Date(now - 3_600_000).toISOString(),
    closesAt: new Date(now + 30 * 86_400_000).toISOString(),
  });
  const { codes } = await post<{ codes: { code: string }[] }>(`/api/campaigns/${campaign.id}/codes`, {
    unit: "TH-MINHCAM",
    count: 1,
  });
  const code = codes[0]?.code;
  if (!code) throw new Error(`no code for ${formId}`);
  return code;
}

describe("every question type of the catalogue passes axe's WCAG 2.2 AA rules", {
  timeout: SLOW_STEP,
}, () => {
  // Between them these forms hold every question type the catalogue uses: radiogroup, checkbox, text
  // (with formats and patterns), comment, dropdown, boolean, expression, matrixdynamic, panels.
  // The generator knows each question's own rules, not those across questions or formats in a message:
  // `fix` settles those.
  type Answers = Record<string, unknown>;
  test.each<[string, string, (a: Answers) => Answers]>([
    ["unit-periodic-report", "unit", (a) => ({ ...a, complaints_resolved: a.complaints_received ?? 0 })],
    ["emulation-registration", "staff", (a) => ({ ...a, school_year: "2025-2026" })],
    ["dvk-individual-award", "staff", (a) => a],
  ])(
    "%s: page 1 with its errors, then every page with valid answers, then the result",
    async (formId, kind, fix) => {
      const code = await codeForNewCampaign(formId, kind);
      const context = await browser.newContext(phone);
      const page = await openForm(context, `${server.url}/a/${code}`, "vi");
      await page.locator(".sd-navigation__next-btn, .sd-navigation__complete-btn").first().click();
      await page.locator(".sd-question--error").first().waitFor();
      await expectNoSeriousViolations(page, `${formId} page 1 with errors`);

      // Valid answers (the differential test's generator) go in as the device's draft, which the page restores.
      const info = await page.evaluate(async (c) => (await fetch(`/api/a/${c}`)).json(), code);
      const answers = fix((generateGroup(info.form.json, 18, 0)[0]?.answers ?? {}) as Answers);
      await page.evaluate(
        ([key, draft]) => localStorage.setItem(key as string, JSON.stringify(draft)),
        [
          `tieuchi:draft:${code}:${info.form.id}@${info.form.version}`,
          { answers, page: 0, savedAt: Date.now() },
        ],
      );
      await page.reload();
      await page.locator(".sd-question").first().waitFor();
      for (let n = 1; ; n++) {
        await expectNoSeriousViolations(page, `${formId} page ${n}`);
        const next = page.locator(".sd-navigation__next-btn");
        if (!(await next.isVisible())) break;
        const names = await questionNames(page);
        await next.click();
        await waitForPageChange(page, names);
      }
      await page.locator(".sd-navigation__complete-btn").click();
      await page.getByTestId("result").waitFor();
      await expectNoSeriousViolations(page, `${formId} result`);
      await context.close();
    },
  );
});

describe("the form page for keyboard, touch and password-manager users", { timeout: SLOW_STEP }, () => {
  test("a staff member answers every page and submits with the keyboard only, always seeing where focus is", async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const page = await openForm(context, codeOf("staff", 2).url, "vi");
    const chosen = new Map<string, string>();
    for (;;) {
      const names = await questionNames(page);
      for (const [i, name] of names.entries()) {
        const q = `.sd-question[data-name="${name}"]`;
        const textarea = page.locator(`${q} textarea`);
        if ((await textarea.count()) > 0) {
          await tabTo(page, `${q} textarea`);
          await page.keyboard.type("Góp ý gõ bằng bàn phím");
          continue;
        }
        // Tab enters the group on its first button; Space picks it, each arrow moves one up and picks.
        await tabTo(page, `${q} input[type="radio"]`);
        await page.keyboard.press("Space");
        for (let k = 0; k < i % 5; k++) await page.keyboard.press("ArrowRight");
        await expectVisibleFocus(page);
        chosen.set(name, String((i % 5) + 1));
        if (chosen.size === 2) await page.screenshot({ path: join(SHOTS_DIR, "keyboard-focus-form.png") });
        expect(await page.locator(`${q} input[type="radio"]:checked`).getAttribute("value"), name).toBe(
          chosen.get(name),
        );
      }
      const next = page.locator(".sd-navigation__next-btn");
      const last = !(await next.isVisible());
      await tabTo(page, last ? ".sd-navigation__complete-btn" : ".sd-navigation__next-btn");
      await page.keyboard.press("Enter");
      if (last) break;
      await waitForPageChange(page, names);
    }
    await page.getByTestId("result").waitFor();
    const [stored] = server.query<{ answers: string }>(
      "SELECT answers FROM responses WHERE personal_code = ?",
      codeOf("staff", 2).code,
    );
    const answers = JSON.parse(stored?.answers ?? "{}") as Record<string, unknown>;
    for (const [name, value] of chosen) expect(String(answers[name]), name).toBe(value);
    expect(Object.values(answers)).toContain("Góp ý gõ bằng bàn phím");
    await context.close();
  });

  test("every rating button is at least 24×24 px on a 360-px phone", async () => {
    const context = await browser.newContext(phone);
    const page = await openForm(context, codeOf("parent", 1).url, "vi");
    const items = page.locator(".sd-rating__item");
    expect(await items.count()).toBeGreaterThan(0);
    const boxes = await items.evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { width: r.width, height: r.height };
      }),
    );
    const small = boxes.filter((b) => b.width < 24 || b.height < 24);
    expect(small).toEqual([]);
    const first = await items.first().boundingBox();
    expect(first?.width).toBeGreaterThanOrEqual(24);
    expect(first?.height).toBeGreaterThanOrEqual(24);
    await context.close();
  });

  test("the revision key can be pasted into the code entry, which then opens the earlier answer", async () => {
    const link = codeOf("staff", 3);
    // First answer: the page shows the key once.
    const first = await browser.newContext(phone);
    const page = await openForm(first, link.url, "vi");
    for (;;) {
      for (const name of await questionNames(page)) {
        const items = page.locator(`.sd-question[data-name="${name}"] .sd-rating__item`);
        if ((await items.count()) > 0) await items.nth(2).click();
      }
      const next = page.locator(".sd-navigation__next-btn");
      if (!(await next.isVisible())) break;
      const names = await questionNames(page);
      await next.click();
      await waitForPageChange(page, names);
    }
    await page.locator(".sd-navigation__complete-btn").click();
    const shown = await page.getByTestId("revision-key").innerText();
    const key = /:\s*([A-Z0-9-]{6,})/.exec(shown)?.[1];
    expect(key, shown).toBeDefined();
    await first.close();

    // Another device: the code entry asks for the key; pasting it (Ctrl+V from the clipboard) works.
    const other = await browser.newContext(phone);
    await other.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    const again = await other.newPage();
    await again.goto(link.url);
    const entry = again.locator("#revision-key");
    await entry.waitFor();
    await expectNoSeriousViolations(again, "code entry");
    await again.evaluate((k) => navigator.clipboard.writeText(` ${k.toLowerCase()} `), key ?? "");
    await entry.focus();
    await again.keyboard.press("ControlOrMeta+V");
    expect((await entry.inputValue()).trim().toUpperCase(), await focusedName(again)).toBe(key);
    await again.keyboard.press("Enter");
    await again.getByRole("button", { name: "Xem kết quả đã gửi" }).waitFor();
    await other.close();
  });
});
