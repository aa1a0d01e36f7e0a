import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { FormJson } from "../../forms/types.ts";
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

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const rating = (name: string, title: string, weight = 1) => ({
  type: "rating",
  name,
  criterion: "TC1",
  weight,
  rateMin: 1,
  rateMax: 5,
  isRequired: true,
  title: { default: title, en: title },
});
const v1: FormJson = {
  title: { default: "Tiêu chí riêng của Sở (thử)", en: "The province's own criteria (trial)" },
  audience: "staff",
  criteria: [{ id: "TC1", title: { default: "Môi trường", en: "Environment" } }],
  levels: [
    { min: 80, label: { default: "Tốt", en: "Good" } },
    { min: 0, label: { default: "Chưa đạt", en: "Not yet" } },
  ],
  pages: [
    {
      elements: [
        rating("an_toan", "Trường học an toàn"),
        rating("than_thien", "Thầy cô thân thiện"),
        rating("sach_se", "Khuôn viên sạch sẽ"),
      ],
    },
  ],
};
// Reworded an_toan, rescored than_thien, removed sach_se, added thu_vien.
const v2: FormJson = {
  ...v1,
  pages: [
    {
      elements: [
        rating("an_toan", "Trường học an toàn, không bạo lực"),
        rating("than_thien", "Thầy cô thân thiện", 2),
        rating("thu_vien", "Thư viện mở cửa đủ giờ"),
      ],
    },
  ],
};

const signIn = (page: Page, username: string) => signInDemo(page, server, username);

async function upload(page: Page, id: string, json: FormJson) {
  const form = page.getByTestId("upload-form");
  await form.locator("#up-id").fill(id);
  await form.locator("#up-text").fill(JSON.stringify(json));
  await form.locator('button[type="submit"]').click();
  await form.locator(".form-ok").filter({ hasText: id }).waitFor();
}

describe("the form management page in Chromium", () => {
  test("a province admin uploads two versions, lists them, compares them, previews one, and a campaign previews its form", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await signIn(page, "admin");

    await page.getByRole("link", { name: "Phiếu", exact: true }).click();
    await page.getByTestId("forms-page").waitFor();
    await page.getByTestId("forms-list").waitFor();
    await upload(page, "tieu-chi-so-thu", v1);
    await page.getByTestId("upload-form").locator("#up-text").fill(JSON.stringify(v2));
    await page.getByTestId("upload-form").locator('button[type="submit"]').click();
    await expect
      .poll(() => page.getByTestId("upload-form").locator(".form-ok").innerText())
      .toMatch(/phiên bản/);

    // List: the new form, owned by the province, with two versions published by "admin".
    const row = page.locator('tr[data-form="tieu-chi-so-thu"]');
    await expect.poll(() => row.innerText()).toContain("Sở Giáo dục và Đào tạo Quảng Ninh");
    await row.getByRole("button").click();
    const versions = page.getByTestId("versions-tieu-chi-so-thu");
    await expect.poll(() => versions.locator("tbody tr").count()).toBe(2);
    expect(await versions.locator("tbody").innerText()).toContain("admin");

    // Diff: older → newer.
    await versions.getByRole("button", { name: "So sánh" }).click();
    const diff = versions.getByTestId("diff");
    await diff.waitFor();
    const sectionText = (key: string) => diff.locator(`[data-diff="${key}"]`).innerText();
    expect(await sectionText("added")).toContain("Thư viện mở cửa đủ giờ");
    expect(await sectionText("removed")).toContain("Khuôn viên sạch sẽ");
    expect(await sectionText("reworded")).toContain("không bạo lực");
    expect(await sectionText("rescored")).toMatch(/Thầy cô thân thiện.*trọng số/);
    await page.screenshot({ path: join(SHOTS_DIR, "forms-diff.png"), fullPage: true });

    // Preview of the newest version: the respondent's survey in a phone-sized frame.
    await versions.locator("tbody tr").first().getByRole("button", { name: "Xem trước" }).click();
    const preview = versions.getByTestId("form-preview");
    await preview.locator('.sd-question[data-name="thu_vien"]').waitFor();
    expect((await preview.boundingBox())?.width).toBeLessThanOrEqual(400);
    expect(await preview.locator('.sd-question[data-name="sach_se"]').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS_DIR, "forms-preview.png"), fullPage: true });

    // Campaign creation at a school: the province's form is offered, and previewed.
    await page.goto(`${server.url}/manage/campaigns/new`);
    await page.getByTestId("new-campaign").waitFor();
    await page.locator("#nc-unit").selectOption("TH-MINHCAM");
    await expect
      .poll(() => page.locator('#nc-formId option[value="tieu-chi-so-thu"]').count(), { timeout: 10_000 })
      .toBe(1);
    await page.locator("#nc-formId").selectOption("tieu-chi-so-thu");
    await page.getByRole("button", { name: "Xem trước" }).click();
    await page.getByTestId("form-preview").locator('.sd-question[data-name="an_toan"]').waitFor();
    expect(await page.getByTestId("form-preview").innerText()).toContain("không bạo lực");
    await page.locator("#nc-period").fill("2026–2027 HK1 (phiếu của Sở)");
    await page.getByTestId("new-campaign").locator('button[type="submit"]').click();
    await page.waitForURL(/\/manage\/campaigns\/\d+/);

    // Back on the forms page the newest version lists the campaign.
    await page.goto(`${server.url}/manage/forms?unit=TH-MINHCAM`);
    await page.locator('tr[data-form="tieu-chi-so-thu"]').getByRole("button").click();
    await expect
      .poll(() => page.getByTestId("versions-tieu-chi-so-thu").locator("tbody tr").first().innerText())
      .toContain("phiếu của Sở");

    const stored = server.query<{ unit: string; by: string }>(
      "SELECT u.code AS unit, a.username AS by FROM form_versions f JOIN units u ON u.id = f.unit_id JOIN accounts a ON a.id = f.published_by WHERE f.form_id = 'tieu-chi-so-thu'",
    );
    expect(stored).toEqual([
      { unit: "SGD-QN", by: "admin" },
      { unit: "SGD-QN", by: "admin" },
    ]);
    const unexpected = errors.filter((e) => !/status of 401/.test(e));
    expect(unexpected, unexpected.join("\n")).toEqual([]);
    await page.close();
  });

  // Defence in depth: the pages' CSP already forbids inline script and frames; the client sanitises the
  // form's HTML (client/safe-html.ts) through the same survey model the form page uses (createSurvey).
  test("an uploaded form's script, event handlers, frames, forms and javascript: links never reach the page, answers piped in included", async () => {
    const attack = (where: string) =>
      `<b id="kept-${where}">ok</b><img id="img-${where}" src="x" onerror="window.__pwned='${where}'">` +
      `<script>window.__pwned='script-${where}'</script><iframe id="frame-${where}" src="https://example.org"></iframe>` +
      `<form id="form-${where}" action="https://example.org/steal"><input name="password"></form>` +
      `<a id="link-${where}" href="javascript:window.__pwned='link-${where}'">link</a>`;
    const form: FormJson = {
      title: { default: `Phiếu thử ${attack("title")}` },
      description: attack("description"),
      pages: [
        {
          elements: [
            { type: "text", name: "note", title: attack("question"), description: attack("qdesc") },
            { type: "html", name: "info", html: `${attack("html")}<div id="piped">{note}</div>` },
          ],
        },
      ],
    } as unknown as FormJson;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, "admin");
    await page.goto(`${server.url}/manage/forms`);
    await page.getByTestId("forms-list").waitFor();
    await upload(page, "phieu-doc-hai", form);
    await page.locator('tr[data-form="phieu-doc-hai"]').getByRole("button").click();
    const versions = page.getByTestId("versions-phieu-doc-hai");
    await versions.locator("tbody tr").first().getByRole("button", { name: "Xem trước" }).click();
    const preview = versions.getByTestId("form-preview");
    await preview.locator("#kept-html").waitFor();
    await preview.locator('.sd-question[data-name="note"] input').fill(attack("answer"));
    await preview.locator('.sd-question[data-name="note"] input').blur();
    await expect.poll(() => preview.locator("#piped").innerText()).toContain("link");

    const inPreview = (selector: string) => preview.locator(selector).count();
    for (const where of ["html", "answer"]) {
      expect(await inPreview(`#kept-${where}`), where).toBe(1);
      expect(await inPreview(`#img-${where}[onerror]`), where).toBe(0);
      expect(await inPreview(`#frame-${where}, #form-${where}`), where).toBe(0);
      expect(await inPreview(`#link-${where}[href^="javascript"]`), where).toBe(0);
    }
    // Titles and descriptions are plain text: their markup shows as text, no element is made from it.
    for (const where of ["title", "description", "question", "qdesc"])
      expect(await inPreview(`#img-${where}, #kept-${where}, #link-${where}`), where).toBe(0);
    // survey-react-ui's own <form> (no action) holds the survey: only the uploaded one must go.
    expect(await inPreview('img[onerror], iframe, script, form[action], input[name="password"]')).toBe(0);
    await preview.locator("#link-html").click();
    expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
    await page.close();
  });

  test("a school manager sees the forms but no upload", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, "bgh.minhcam");
    await page.goto(`${server.url}/manage/forms`);
    await page.getByTestId("forms-list").waitFor();
    expect(await page.getByTestId("upload-form").count()).toBe(0);
    await page.close();
  });
});
