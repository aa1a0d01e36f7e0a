import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, expect, test } from "vitest";
import {
  allRatings,
  catalogueForm,
  DURING,
  fixedClock,
  makeApp,
  postJson,
  setUpWorld,
  tempDir,
} from "./helpers.ts";

const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

async function worldWithOneResponse() {
  const dir = tempDir();
  dirs.push(dir);
  const dbPath = join(dir.path, "t.db");
  const clock = fixedClock(DURING);
  const { store } = await setUpWorld(dbPath, clock);
  await store.units.create({ code: "D", name: "Xã Đông", kind: "commune", parentCode: "P" }, clock.now());
  const answers = allRatings(catalogueForm("happy-school-staff"), 4);
  const res = await postJson(makeApp(store, clock), "/api/a/STAFF00001/responses", {
    answers,
    clientId: "client-0001",
  });
  expect(res.status).toBe(201);
  return { store, dbPath };
}

test.each(["move", "merge"] as const)(
  "a %s whose re-aggregation fails leaves the tree and the figures as they were",
  async (action) => {
    const { store, dbPath } = await worldWithOneResponse();
    const before = await store.units.get("S1");
    // A stored answer that cannot be read makes the rebuild inside the move's transaction throw.
    const raw = new Database(dbPath);
    raw.prepare("UPDATE responses SET answers = '{not json'").run();
    raw.close();
    const act = action === "move" ? store.units.move("S1", "D") : store.units.merge("S1", "D");
    await expect(act).rejects.toThrow();
    expect((await store.units.get("S1"))?.parentId).toBe(before?.parentId);
    const counts = await store.aggregates.liveCounts(1, [before?.id ?? -1]);
    expect(counts.get(before?.id ?? -1)).toBe(1);
  },
);

test("a move carries its responses to the new ancestors in the same step", async () => {
  const { store } = await worldWithOneResponse();
  await store.units.move("S1", "D");
  const d = await store.units.get("D");
  const counts = await store.aggregates.liveCounts(1, [d?.id ?? -1]);
  expect(counts.get(d?.id ?? -1)).toBe(1);
});
