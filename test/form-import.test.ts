import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { FormImportPreview } from "../api/form-import.ts";
import { createApp } from "../server/app.ts";
import { openSqliteStore } from "../server/store/sqlite.ts";
import type { Store } from "../server/store/store.ts";
import { catalogueForm, DURING, fixedClock, tempDir } from "./helpers.ts";
import { type Agent, addAccount, anonymous, signIn } from "./manager-helpers.ts";

const dir = tempDir();
const clock = fixedClock(DURING);
let store: Store;
let admin: Agent;
let viewer: Agent;
let visitor: Agent;
const staff = catalogueForm("happy-school-staff");

beforeAll(async () => {
  store = openSqliteStore(`${dir.path}/form-import.db`);
  await store.forms.addVersions([staff], clock.now());
  await store.units.create({ code: "SGD", name: "Sở GDĐT", kind: "province" }, clock.now());
  await addAccount(store, "quantri", "admin", "SGD", clock.now());
  await addAccount(store, "xem", "viewer", "SGD", clock.now());
  const app = createApp({ store, clock, logError: () => {} });
  admin = await signIn(app, "quantri");
  viewer = await signIn(app, "xem");
  visitor = anonymous(app);
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

const upload = (who: Agent, bytes: Uint8Array | string, name = "tieu-chi.xlsx") => {
  const body = new FormData();
  body.set("file", new File([bytes as BlobPart], name));
  return who.request("/api/forms/import", { method: "POST", body });
};

async function exported(formId = "happy-school-staff"): Promise<ExcelJS.Workbook> {
  const res = await visitor.request(`/api/forms/${formId}/template.xlsx`);
  expect(res.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  return book;
}

const bytesOf = async (book: ExcelJS.Workbook) => new Uint8Array(await book.xlsx.writeBuffer());
const items = (book: ExcelJS.Workbook) => book.getWorksheet("Câu hỏi") as ExcelJS.Worksheet;
/** The column number of an items header. */
const col = (book: ExcelJS.Workbook, header: string) => {
  let found = 0;
  items(book)
    .getRow(1)
    .eachCell((c, i) => {
      if (c.value === header) found = i;
    });
  return found;
};

describe("templates", () => {
  test("the empty template is an XLSX with the settings, items and guide sheets", async () => {
    const res = await visitor.request("/api/forms/template.xlsx");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("mau-tieu-chi.xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((s) => s.name)).toEqual(["Thiết lập", "Câu hỏi", "Hướng dẫn"]);
    expect(items(book).getRow(1).getCell(6).value).toBe("Mã câu hỏi");
  });

  test("a form exported to XLSX imports back unchanged, as the stored version", async () => {
    const res = await upload(admin, await bytesOf(await exported()));
    expect(res.status).toBe(200);
    const body = (await res.json()) as FormImportPreview;
    expect(body.problems).toEqual([]);
    expect(body.form).toEqual(staff.json);
    expect(body).toMatchObject({ formId: staff.id, version: staff.version, currentVersion: staff.version });
  });

  test("a form exported to CSV imports back unchanged", async () => {
    const csv = await (await visitor.request("/api/forms/happy-school-staff/template.csv")).text();
    const body = (await (await upload(admin, csv, "x.csv")).json()) as FormImportPreview;
    expect(body.problems).toEqual([]);
    expect(body.version).toBe(staff.version);
  });

  test("an unknown form has no template", async () => {
    expect((await visitor.request("/api/forms/no-such-form/template.xlsx")).status).toBe(404);
  });
});

describe("problems per row and column", () => {
  test.each([
    {
      what: "an unknown scale",
      edit: (b: ExcelJS.Workbook) => {
        items(b).getRow(3).getCell(col(b, "Thang điểm")).value = "1-5 sao";
      },
      message: /^Dòng 3, cột Thang điểm: không có thang “1-5 sao”/,
    },
    {
      what: "an empty required column",
      edit: (b: ExcelJS.Workbook) => {
        items(b).getRow(5).getCell(col(b, "Nội dung")).value = null;
      },
      message: /^Dòng 5, cột Nội dung: thiếu nội dung/,
    },
    {
      what: "a duplicate question id",
      edit: (b: ExcelJS.Workbook) => {
        items(b).getRow(4).getCell(col(b, "Mã câu hỏi")).value = "tc1_01";
      },
      message: /^Dòng 4, cột Mã câu hỏi: mã “tc1_01” trùng với dòng 2/,
    },
    {
      what: "a formula",
      edit: (b: ExcelJS.Workbook) => {
        items(b).getRow(6).getCell(col(b, "Trọng số")).value = { formula: "1/2", result: 0.5 };
      },
      message: /^Dòng 6, cột Trọng số: ô chứa công thức/,
    },
    {
      what: "merged cells",
      edit: (b: ExcelJS.Workbook) => {
        items(b).mergeCells(7, col(b, "Mã tiêu chí"), 9, col(b, "Mã tiêu chí"));
      },
      message: /^Dòng 7, cột Mã tiêu chí: ô gộp/,
    },
    {
      what: "a level rule it cannot read",
      edit: (b: ExcelJS.Workbook) => {
        const settings = b.getWorksheet("Thiết lập") as ExcelJS.Worksheet;
        settings.eachRow((row) => {
          if (row.getCell(1).value === "Mức" && row.getCell(2).value === "Tốt")
            row.getCell(5).value = "tất cả > 65";
        });
      },
      message: /^Trang tính Thiết lập, dòng \d+, cột Điều kiện: điều kiện “tất cả > 65”/,
    },
  ])("$what is named on its row, and nothing is stored", async ({ edit, message }) => {
    const book = await exported();
    edit(book);
    const before = (await store.forms.list()).length;
    const res = await upload(admin, await bytesOf(book));
    expect(res.status).toBe(200);
    const { problems } = (await res.json()) as FormImportPreview;
    expect(problems.map((p) => p.message)).toContainEqual(expect.stringMatching(message));
    expect((await store.forms.list()).length).toBe(before);
  });
});

describe("files that are not a criteria spreadsheet get a clear 4xx", () => {
  test.each([
    ["a PNG", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]), 415, "not_a_spreadsheet"],
    ["a broken zip", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9]), 415, "not_a_spreadsheet"],
    ["an empty file", new Uint8Array(), 400, "file_empty"],
    ["a CSV without the items header", "a,b\n1,2\n", 422, "items_missing"],
  ])("%s is refused", async (_what, bytes, status, code) => {
    const res = await upload(admin, bytes);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  test("an XLSX without the two sheets", async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet("Sheet1").addRow(["x"]);
    const res = await upload(admin, await bytesOf(book));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("sheets_missing");
  });

  test("10,000 question rows are refused whole", async () => {
    const book = await exported();
    for (let i = 0; i < 10_000; i++) items(book).addRow(["p1", "", "TC1", "", "", `q${i}`, "Câu", "", "1-5"]);
    const res = await upload(admin, await bytesOf(book));
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("too_many_rows");
    expect(error.message).toMatch(/tối đa 1\.000 câu hỏi/);
  });

  test("an XLSX that would unzip to gigabytes is refused before it is inflated", async () => {
    const bytes = await bytesOf(await exported());
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // The central directory's first entry now declares 2 GB uncompressed, as a zip bomb's does.
    for (let i = 0; i < bytes.length - 4; i++)
      if (view.getUint32(i, true) === 0x02014b50) {
        view.setUint32(i + 24, 0x7fffffff, true);
        break;
      }
    const res = await upload(admin, bytes);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("spreadsheet_too_large");
  });

  test("a request without the file field, or not multipart", async () => {
    const res = await admin.request("/api/forms/import", { method: "POST", body: new FormData() });
    expect(res.status).toBe(400);
    expect((await admin.request("/api/forms/import", { method: "POST", json: {} })).status).toBe(415);
  });
});

test("only an admin may import", async () => {
  const book = await bytesOf(await exported());
  expect((await upload(viewer, book)).status).toBe(403);
  expect((await upload(visitor, book)).status).toBe(401);
});
