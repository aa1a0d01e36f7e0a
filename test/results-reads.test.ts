// The reads behind results that are kept or shaped for speed (issue 19 item 3): the unit tree kept in
// memory must follow every unit write, in this process or another, and quotes read in the campaign's
// order must be the ones the unit-by-unit read gives.
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, expect, test } from "vitest";
import type { Store } from "../server/store/store.ts";
import { DURING, fixedClock, setUpWorld, tempDir } from "./helpers.ts";

const dirs: { remove(): void }[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) d.remove();
});

async function world() {
  const dir = tempDir();
  dirs.push(dir);
  const dbPath = join(dir.path, "t.db");
  const clock = fixedClock(DURING);
  const { store } = await setUpWorld(dbPath, clock);
  stores.push(store);
  const province = await store.units.get("P");
  if (!province) throw new Error("no province");
  return { store, dbPath, clock, province };
}

const codesUnder = async (store: Store, rootId: number, parentId: number) =>
  ((await store.units.tree(rootId)).children.get(parentId) ?? []).map((u) => u.code).sort();

test("the unit tree kept in memory follows units created, moved and merged through the store", async () => {
  const { store, clock, province } = await world();
  expect(await codesUnder(store, province.id, province.id)).toEqual(["S1"]);
  await store.units.create({ code: "D", name: "Xã Đông", kind: "commune", parentCode: "P" }, clock.now());
  expect(await codesUnder(store, province.id, province.id)).toEqual(["D", "S1"]);
  await store.units.move("S1", "D");
  const commune = await store.units.get("D");
  expect(await codesUnder(store, province.id, province.id)).toEqual(["D"]);
  expect(await codesUnder(store, province.id, commune?.id ?? 0)).toEqual(["S1"]);
  await store.units.create({ code: "S2", name: "Trường 2", kind: "school", parentCode: "D" }, clock.now());
  await store.units.merge("S2", "S1");
  const tree = await store.units.tree(province.id);
  // A merged unit leaves the shown tree but its id stays in the subtree (its responses still count).
  expect(await codesUnder(store, province.id, commune?.id ?? 0)).toEqual(["S1"]);
  expect(tree.ids).toContain((await store.units.get("S2"))?.id);
});

test("the unit tree kept in memory follows a unit another process adds (PRAGMA data_version)", async () => {
  const { store, dbPath, province } = await world();
  expect(await codesUnder(store, province.id, province.id)).toEqual(["S1"]);
  const other = new Database(dbPath);
  other
    .prepare(
      "INSERT INTO units (code, name, kind, parent_id, created_at) VALUES ('S9', 'Trường 9', 'school', ?, ?)",
    )
    .run(province.id, DURING);
  other.close();
  expect(await codesUnder(store, province.id, province.id)).toEqual(["S1", "S9"]);
});

/** Released responses of `units` units, each unit's every other one with a quote, in a random order. */
function releaseResponses(dbPath: string, campaignId: number, units: number) {
  const db = new Database(dbPath);
  const insert = db.prepare(
    `INSERT INTO released_responses (campaign_id, unit_id, response_id, sort_key, released_on, answers, scores, total, level, contribution)
     VALUES (?, ?, ?, ?, '2026-11-23', '{}', '[]', NULL, NULL, ?)`,
  );
  const rows: { unit: number; sortKey: number; texts: { question: string; text: string }[] }[] = [];
  let id = 0;
  for (let unit = 1000; unit < 1000 + units; unit++)
    for (let i = 0; i < 4; i++) {
      id++;
      const sortKey = (id * 7919) % 10007; // distinct, not in order of id
      const texts = i % 2 === 0 ? [{ question: "q", text: `unit ${unit} response ${id}` }] : [];
      insert.run(
        campaignId,
        unit,
        id,
        sortKey,
        JSON.stringify({ scores: [], levels: [], answers: [], texts }),
      );
      rows.push({ unit, sortKey, texts });
    }
  db.close();
  return rows;
}

test.each([
  ["a few units, read unit by unit", 20],
  ["many units, read in the campaign's order", 70],
])("quotes of %s are the released ones of those units in the campaign's order", async (_how, count) => {
  const { store, dbPath } = await world();
  const campaign = (await store.campaigns.list("all"))[0];
  if (!campaign) throw new Error("no campaign");
  const rows = releaseResponses(dbPath, campaign.id, 100);
  // Every other unit of the first `count`, so units outside the set hold quotes too.
  const units = Array.from({ length: count }, (_, i) => 1000 + 2 * i);
  const wanted = new Set(units);
  const expected = rows
    .filter((r) => wanted.has(r.unit))
    .sort((a, b) => a.sortKey - b.sortKey)
    .flatMap((r) => r.texts)
    .slice(0, 50);
  expect(expected.length).toBeGreaterThan(count >= 50 ? 49 : 19);
  expect(await store.aggregates.texts(campaign.id, units, 50)).toEqual(expected);
});
