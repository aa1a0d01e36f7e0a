import BetterSqlite3 from "better-sqlite3";
import { afterAll, expect, test } from "vitest";
import { migrateSqlite } from "../server/store/migrate.ts";
import { openSqliteStore } from "../server/store/sqlite.ts";
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

const dir = tempDir();
afterAll(() => dir.remove());

test("responses survive closing and reopening the database, and a replay after restart is still 200", async () => {
  const dbPath = `${dir.path}/restart.db`;
  const clock = fixedClock(DURING);
  const staffForm = catalogueForm("happy-school-staff");
  const { store } = await setUpWorld(dbPath, clock);
  const app = makeApp(store, clock);
  const payload = { answers: allRatings(staffForm, 4), clientId: "restart-client-1" };
  const first = await postJson(app, "/api/a/STAFF00001/responses", payload);
  expect(first.status).toBe(201);
  const firstBody = await first.json();
  const counts = await store.countRows();
  await store.close();

  const reopened = openSqliteStore(dbPath);
  try {
    expect(await reopened.countRows()).toEqual(counts);
    const app2 = makeApp(reopened, clock);
    const replay = await postJson(app2, "/api/a/STAFF00001/responses", payload);
    expect(replay.status).toBe(200);
    // The revision key leaves the server once, with the first answer; the replay is the same without it.
    const { revisionKey, ...stored } = firstBody;
    expect(await replay.json()).toEqual(stored);
    const opened = await (
      await app2.request("/api/a/STAFF00001", { headers: { "x-revision-key": revisionKey } })
    ).json();
    expect(opened.previous.answers).toEqual(payload.answers);
    expect(opened.previous.scores).toEqual(firstBody.scores);
    expect(await reopened.countRows()).toEqual(counts);
  } finally {
    await reopened.close();
  }
});

test("migrations are applied once: a second start applies none", () => {
  const db = new BetterSqlite3(`${dir.path}/migrations.db`);
  try {
    expect(migrateSqlite(db)).toContain("001-initial.sql");
    expect(migrateSqlite(db)).toEqual([]);
  } finally {
    db.close();
  }
});
