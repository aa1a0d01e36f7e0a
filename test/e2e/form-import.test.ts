import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type DemoServer, launchBrowser, SHOTS_DIR, startDemoServer, watchErrors } from "./harness.ts";

let server: DemoServer;
let browser: Browser;
const FORM_ID = "kt-thu-nghiem";

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page: Page, username: string, password?: string) {
  const account = server.accounts.find((a) => a.username === username);
  await page.goto(`${server.url}/`);
  await page.locator("#signin-username").fill(username);
  await page.locator("#signin-password").fill(password ?? account?.password ?? "");
  await page.getByTestId("signin").locator('button[type="submit"]').click();
  await page.getByTestId("campaigns").waitFor();
}

/** The template as the test fills it: two criteria, four items, levels whose rule decides the result. */
function fill(book: ExcelJS.Workbook, broken: boolean) {
  const settings = book.getWorksheet("Thiết lập") as ExcelJS.Worksheet;
  const set = (key: string, ...values: (string | number)[]) => {
    let found: ExcelJS.Row | undefined;
    settings.eachRow((row) => {
      if (!found && row.getCell(1).value === key) found = row;
    });
    (found ?? settings.addRow([key])).values = [key, ...values];
  };
  set("Mã biểu mẫu", FORM_ID);
  set("Tiêu đề", "Kiểm tra trường học thử nghiệm");
  set("Đối tượng", "Cán bộ, giáo viên, nhân viên");
  settings.addRow(["Mức", "Tốt", "Good", 70, "tất cả ≥ 80"]);
  settings.addRow(["Mức", "Đạt", "Satisfactory", 50, "tất cả ≥ 50"]);
  settings.addRow(["Mức", "Chưa đạt", "Not yet", 0]);
  const items = book.getWorksheet("Câu hỏi") as ExcelJS.Worksheet;
  const header = (items.getRow(1).values as unknown[]).slice(1) as string[];
  const add = (cells: Record<string, string | number>) => items.addRow(header.map((h) => cells[h] ?? null));
  add({
    Trang: "1",
    "Mã tiêu chí": "TC1",
    "Tên tiêu chí": "Môi trường",
    "Mã câu hỏi": "tc1_a",
    "Nội dung": "Trường xanh, sạch, đẹp.",
    "Thang điểm": "1-5",
    "Nhãn hai đầu thang": "Hoàn toàn không đồng ý | Hoàn toàn đồng ý",
    "Bắt buộc": "Có",
  });
  // Row 3: a scale the template does not have (fixed later to "1-5").
  add({
    "Mã tiêu chí": "TC1",
    "Mã câu hỏi": "tc1_b",
    "Nội dung": "Học sinh được an toàn.",
    "Thang điểm": broken ? "5 sao" : "1-5",
    "Bắt buộc": "Có",
  });
  add({
    "Mã tiêu chí": "TC2",
    "Tên tiêu chí": "Dạy và học",
    "Mã câu hỏi": "tc2_a",
    "Nội dung": "Kế hoạch dạy học được công khai.",
    "Thang điểm": "Đạt/Chưa đạt",
    "Bắt buộc": "Có",
  });
  // Row 5: the item text left empty (filled later).
  add({
    "Mã tiêu chí": "TC2",
    "Mã câu hỏi": "tc2_b",
    "Nội dung": broken ? "" : "Có sinh hoạt chuyên môn hằng tháng.",
    "Thang điểm": "Có/Không",
    "Bắt buộc": "Có",
  });
}

async function upload(page: Page, book: ExcelJS.Workbook) {
  const buffer = Buffer.from(await book.xlsx.writeBuffer());
  await page
    .locator("#criteria-file")
    .setInputFiles({ name: "tieu-chi.xlsx", mimeType: "application/octet-stream", buffer });
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/api/forms/import")),
    page.getByRole("button", { name: "Xem trước" }).click(),
  ]);
  await page.getByTestId("import-status").waitFor();
}

describe("criteria spreadsheet → preview → publish → campaign → answer, in Chromium", () => {
  test("a province admin fills the template, sees two problems on their rows, fixes them, and the published form gives the spreadsheet's level", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const errors = watchErrors(page);
    await signIn(page, "admin");
    await page.getByRole("link", { name: "Nhập tiêu chí" }).click();
    await page.getByRole("heading", { name: "Nhập bộ tiêu chí từ bảng tính" }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Tải tệp mẫu trống (.xlsx)" }).click(),
    ]);
    const template = readFileSync(await download.path());
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(template as unknown as ArrayBuffer);
    fill(book, true);
    await upload(page, book);
    const problems = await page.getByTestId("import-problems").locator("li").allInnerTexts();
    expect(problems).toEqual([
      expect.stringMatching(/^Dòng 3, cột Thang điểm: không có thang “5 sao”/),
      expect.stringMatching(/^Dòng 5, cột Nội dung: thiếu nội dung/),
    ]);
    expect(await page.getByRole("button", { name: "Xuất bản" }).isDisabled()).toBe(true);

    const fixed = new ExcelJS.Workbook();
    await fixed.xlsx.load(template as unknown as ArrayBuffer);
    fill(fixed, false);
    await upload(page, fixed);
    expect(await page.getByTestId("import-problems").count()).toBe(0);
    await expect
      .poll(() => page.getByTestId("import-status").innerText())
      .toContain(`Biểu mẫu mới “${FORM_ID}”`);
    const preview = page.getByTestId("form-preview");
    await preview.locator(".sd-question").first().waitFor();
    expect(await preview.locator(".sd-question").count()).toBe(4);
    expect((await preview.boundingBox())?.width).toBeLessThanOrEqual(380);
    expect(await page.getByTestId("level-rules").innerText()).toContain("Tốt: điểm tổng ≥ 70; tất cả ≥ 80");
    await page.screenshot({ path: join(SHOTS_DIR, "form-import-preview.png"), fullPage: true });

    // The province admin publishes it for the province (a form owned by the unit of its first version).
    await page.getByRole("button", { name: "Xuất bản" }).click();
    await page.getByText(`Đã xuất bản “${FORM_ID}”`).waitFor();
    expect(server.query("SELECT COUNT(*) AS n FROM form_versions WHERE form_id = ?", FORM_ID)).toEqual([
      { n: 1 },
    ]);

    // The province admin creates a campaign with the new form for one school and makes a staff code.
    await page.goto(`${server.url}/manage/campaigns/new`);
    await page.getByTestId("new-campaign").waitFor();
    await page.locator('input[name="kind"][value="staff"]').check();
    await page.locator("#nc-formId").selectOption(FORM_ID);
    await page.locator("#nc-unit").selectOption("TH-MINHCAM");
    await page.locator("#nc-period").fill("2026–2027 HK1 (tiêu chí nhập từ bảng tính)");
    await page.getByTestId("new-campaign").locator('button[type="submit"]').click();
    await page.waitForURL(/\/manage\/campaigns\/\d+/);
    await page.locator("#gen-count").fill("1");
    await page.getByTestId("create-count").locator('button[type="submit"]').click();
    await page.getByTestId("print-link").click();
    const cardText = await page.getByTestId("qr-card").first().innerText();
    const code = cardText.match(/\b[2-9A-HJ-NP-Z]{10}\b/)?.[0];
    expect(code, cardText).toBeDefined();

    // A staff member answers on a phone: TC1 100, TC2 50 → total 75; "Tốt" needs every criterion ≥ 80.
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await phone.goto(`${server.url}/a/${code}`);
    await phone.locator(".sd-question").first().waitFor();
    for (const name of ["tc1_a", "tc1_b"])
      await phone.locator(`.sd-question[data-name="${name}"] .sd-rating__item`).nth(4).click();
    await phone.locator('.sd-question[data-name="tc2_a"]').getByText("Đạt", { exact: true }).click();
    await phone.locator('.sd-question[data-name="tc2_b"]').getByText("Không", { exact: true }).click();
    await phone.locator(".sd-navigation__complete-btn").click();
    await phone.getByTestId("result-level").waitFor();
    expect(await phone.getByTestId("result-level").innerText()).toBe("Đạt");
    expect(await phone.getByTestId("result-blocking").innerText()).toContain("Tốt");
    await phone.close();

    const unexpected = errors.filter((e) => !/status of (401|403)/.test(e));
    expect(unexpected, unexpected.join("\n")).toEqual([]);
    await page.close();
  }, 300_000);
});
