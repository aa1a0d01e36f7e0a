import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp } from "../server/app.ts";
import type { Store } from "../server/store/store.ts";
import { planUnitImport } from "../server/units/unit-import.ts";
import { DURING, fixedClock, openTestStore, tempDir } from "./helpers.ts";
import { type Agent, addAccount, signIn } from "./manager-helpers.ts";

const dir = tempDir();
const clock = fixedClock(DURING);
let store: Store;
let admin: Agent;
let viewer: Agent;

beforeAll(async () => {
  store = await openTestStore(`${dir.path}/import.db`);
  await store.units.create({ code: "SGD", name: "Sở GDĐT Quảng Ninh", kind: "province" }, clock.now());
  await addAccount(store, "quantri", "admin", "SGD", clock.now());
  await addAccount(store, "xem", "viewer", "SGD", clock.now());
  const app = createApp({ store, clock, logError: () => {} });
  admin = await signIn(app, "quantri");
  viewer = await signIn(app, "xem");
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

const GOOD = `\uFEFFcode,name,kind,parent_code
XA-BC,Xã Ba Chẽ,commune,SGD
TH-MC,"Trường Tiểu học Minh Cầm, điểm chính",school,XA-BC
MN-DT,Trường Mầm non Đạp Thanh,school,XA-BC\r
`;

describe("POST /api/units/import", () => {
  test("imports a good UTF-8 file with Vietnamese names, parents first, and logs it", async () => {
    const res = await admin.request("/api/units/import", { method: "POST", csv: GOOD });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ created: 3 });
    const { units } = await (await admin.request("/api/units")).json();
    expect(units).toContainEqual({
      code: "TH-MC",
      name: "Trường Tiểu học Minh Cầm, điểm chính",
      kind: "school",
      parentCode: "XA-BC",
      depth: 2,
    });
    const { entries } = await (await admin.request("/api/audit")).json();
    expect(entries[0]).toMatchObject({ username: "quantri", action: "unit.import", details: { count: 3 } });
  });

  test("a file with every kind of problem lists each with its line, and imports nothing", async () => {
    const bad = [
      "code,name,kind,parent_code",
      "XA-BC,Xã trùng,commune,SGD", // 2: exists already
      "A1,Trường A,school,NOWHERE", // 3: unknown parent
      "B1,,school,SGD", // 4: empty name
      "C1,Trường C,school,C2", // 5: cycle with 6
      "C2,Trường C2,school,C1", // 6: cycle with 5
      "D1,Trường D,school,SGD", // 7: fine on its own
      "D1,Trường D lại,school,SGD", // 8: duplicate within the file
      "bad code!,Trường E,school,SGD", // 9: invalid code
      "F1,Trường F", // 10: too few fields
    ].join("\n");
    const before = await store.countRows();
    const res = await admin.request("/api/units/import", { method: "POST", csv: bad });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    const byLine = (line: number) =>
      error.problems
        .filter((p: { line: number }) => p.line === line)
        .map((p: { message: string }) => p.message)
        .join(" | ");
    expect(byLine(2)).toMatch(/duplicate code XA-BC: it exists already/);
    expect(byLine(3)).toMatch(/unknown parent NOWHERE/);
    expect(byLine(4)).toMatch(/empty name/);
    expect(byLine(5)).toMatch(/cycle/);
    expect(byLine(6)).toMatch(/cycle/);
    expect(byLine(7)).toBe("");
    expect(byLine(8)).toMatch(/duplicate code D1: also on line 7/);
    expect(byLine(9)).toMatch(/code "bad code!"/);
    expect(byLine(10)).toMatch(/expected 4 fields, found 2/);
    expect(await store.countRows()).toEqual(before);
  });

  test("a wrong header is refused", async () => {
    const res = await admin.request("/api/units/import", {
      method: "POST",
      csv: "ma,ten,loai,cha\nA,B,C,\n",
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.problems[0]).toEqual({
      line: 1,
      code: "header",
      values: {},
      message: "the first line must be code,name,kind,parent_code",
    });
  });

  test("a viewer is refused before the file is read, so its errors tell nothing about other codes", async () => {
    const res = await viewer.request("/api/units/import", {
      method: "POST",
      csv: "code,name,kind,parent_code\nSGD,Trùng,province,\nX1,Trường,school,NOWHERE\n",
    });
    expect(res.status).toBe(403);
    const body = JSON.stringify(await res.json());
    expect(body).not.toMatch(/SGD|NOWHERE|duplicate/);
  });

  test("an empty import (header only) creates nothing and writes no audit entry", async () => {
    const before = await store.countRows();
    const res = await admin.request("/api/units/import", {
      method: "POST",
      csv: "code,name,kind,parent_code\n",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ created: 0 });
    expect(await store.countRows()).toEqual(before);
  });

  test("an import under a unit outside the admin's subtree is refused whole", async () => {
    await store.units.create({ code: "OTHER", name: "Sở khác", kind: "province" }, clock.now());
    const before = await store.countRows();
    const csv = "code,name,kind,parent_code\nOK1,Trường 1,school,SGD\nNO1,Trường 2,school,OTHER\n";
    expect((await admin.request("/api/units/import", { method: "POST", csv })).status).toBe(403);
    expect(await store.countRows()).toEqual(before);
  });
});

describe("moving and merging units", () => {
  test("moving a unit under its own descendant is refused as a cycle", async () => {
    const res = await admin.request("/api/units/XA-BC", { method: "PATCH", json: { parentCode: "TH-MC" } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("cycle");
  });

  test("a merged unit leaves the tree and its children move to the target", async () => {
    await admin.request("/api/units/import", {
      method: "POST",
      csv: "code,name,kind,parent_code\nXA-OLD,Xã cũ,commune,SGD\nTH-OLD,Trường cũ,school,XA-OLD\n",
    });
    expect(
      (await admin.request("/api/units/XA-OLD/merge", { method: "POST", json: { into: "XA-BC" } })).status,
    ).toBe(200);
    const { units } = await (await admin.request("/api/units")).json();
    const codes = units.map((u: { code: string }) => u.code);
    expect(codes).not.toContain("XA-OLD");
    expect(units.find((u: { code: string }) => u.code === "TH-OLD").parentCode).toBe("XA-BC");
    // The merged unit stays under the target, so its past responses count there.
    const old = await store.units.get("XA-OLD");
    const target = await store.units.get("XA-BC");
    expect(await store.units.subtreeIds(target?.id ?? -1)).toContain(old?.id);
  });
});

describe("planUnitImport", () => {
  test("orders parents before children whatever the file order", () => {
    const plan = planUnitImport(
      "code,name,kind,parent_code\nS,School,school,C\nC,Commune,commune,P\nP,Province,province,\n",
      new Set(),
    );
    expect(plan.units.map((u) => u.code)).toEqual(["P", "C", "S"]);
  });
});
