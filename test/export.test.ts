import { gunzipSync, inflateSync } from "node:zlib";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp } from "../server/app.ts";
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
import { type Agent, addAccount, signIn } from "./manager-helpers.ts";

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
afterAll(async () => {
  await store.close();
  dir.remove();
});

describe("GET /api/campaigns/:id/export.csv", () => {
  test("is UTF-8 with a BOM and parses back to the stored answers, Vietnamese intact, with no access codes", async () => {
    const res = await manager.request(`/api/campaigns/${staffCampaign}/export.csv?unit=XA`);
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
    const col = (name: string) => header.indexOf(name);
    for (const [i, row] of rows.entries()) {
      const answers = sent[i]?.answers ?? {};
      expect(row[col("unit_name")]).toBe("Trường Tiểu học Minh Cầm");
      expect(row[col("tc1_01")]).toBe(String(answers.tc1_01));
      expect(row[col("suggestions")]).toBe(answers.suggestions);
      expect(Number(row[col("score_total")])).toBe(((Number(answers.tc1_01) - 1) / 4) * 100);
    }
    expect(header).toEqual(expect.arrayContaining(["score_TC1", "score_TC2", "score_TC3", "level"]));
  });

  test("blanks the unit of parents' responses whose school is under the anonymity threshold", async () => {
    const text = await (await manager.request(`/api/campaigns/${parentCampaign}/export.csv`)).text();
    const [header = [], ...rows] = parseCsv(text.replace(/^\uFEFF/, "")).filter((r) => r.length > 1);
    const units = rows.map((r) => r[header.indexOf("unit_code")]);
    expect(units.filter((u) => u === "THCS-BC")).toHaveLength(8);
    expect(units.filter((u) => u === "")).toHaveLength(7);
    for (const hidden of ["MN-DT", "Đạp Thanh", "TH-MC", "Minh Cầm"]) expect(text).not.toContain(hidden);
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
      const path = `/api/campaigns/${staffCampaign}/export.csv?unit=XA`;
      const plain = new Uint8Array(await (await manager.request(path)).arrayBuffer());
      const res = await manager.request(path, { headers: { "accept-encoding": accept } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-encoding")).toBe(encoding);
      expect(res.headers.get("vary")).toMatch(/Accept-Encoding/);
      const sent = new Uint8Array(await res.arrayBuffer());
      const decode = { gzip: gunzipSync, deflate: inflateSync }[encoding ?? ""];
      expect(decode ? new Uint8Array(decode(sent)) : sent).toEqual(plain);
    },
  );

  test("the .xlsx version holds the same rows", async () => {
    const res = await manager.request(`/api/campaigns/${staffCampaign}/export.xlsx?unit=XA`);
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(sent.length + 1);
    expect(sheet?.getRow(2).getCell(2).value).toBe("Trường Tiểu học Minh Cầm");
  });

  test("a viewer may read results but not export raw answers", async () => {
    await addAccount(store, "xem", "viewer", "XA", clock.now());
    const viewer = await signIn(app, "xem");
    expect((await viewer.request(`/api/campaigns/${staffCampaign}/results?unit=XA`)).status).toBe(200);
    expect((await viewer.request(`/api/campaigns/${staffCampaign}/export.csv?unit=XA`)).status).toBe(403);
  });
});
