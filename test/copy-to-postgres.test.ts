import pg from "pg";
import { afterAll, expect, test } from "vitest";
import { copySqliteToPostgres } from "../server/store/copy-to-postgres.ts";
import { openPostgresStore } from "../server/store/postgres.ts";
import { openSqliteStore } from "../server/store/sqlite.ts";
import { allRatings, catalogueForm, DURING, fixedClock, makeApp, postJson, tempDir } from "./helpers.ts";

// A school's SQLite database copied into an empty PostgreSQL one (npm run copy-to-postgres): the same
// results on both, and the copy goes on taking answers. Runs only under npm run test:postgres.
const url = process.env.TEST_DATABASE_URL as string;
const schema = `copy_w${process.env.VITEST_POOL_ID ?? "0"}`;
const target = `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
const dir = tempDir();

async function resetSchema(drop = false) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  if (!drop) await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
}
afterAll(async () => {
  await resetSchema(true);
  dir.remove();
});

test("a SQLite database copied into an empty PostgreSQL one gives the same results and keeps working", async () => {
  const clock = fixedClock(DURING);
  const path = `${dir.path}/school.db`;
  const sqlite = openSqliteStore(path);
  const now = clock.now();
  await sqlite.forms.addVersions([catalogueForm("happy-school-parent")], now);
  await sqlite.units.create({ code: "P", name: "Sở", kind: "province" }, now);
  await sqlite.units.create({ code: "S1", name: "Trường", kind: "school", parentCode: "P" }, now);
  const campaign = await sqlite.campaigns.create(
    {
      formId: "happy-school-parent",
      unitCode: "P",
      kind: "parent",
      period: "2026-2027",
      opensAt: new Date("2026-09-01"),
      closesAt: new Date("2026-12-31"),
    },
    now,
  );
  await sqlite.campaigns.addCodes(campaign.id, "S1", "parent", ["PARENT000001"], now);
  const app = makeApp(sqlite, clock);
  for (let i = 0; i < 7; i++) {
    const res = await postJson(app, "/api/a/PARENT000001/responses", {
      answers: allRatings(catalogueForm("happy-school-parent"), 1 + (i % 5)),
      clientId: `copy-client-${i}`,
    });
    expect(res.status, await res.text()).toBe(201);
  }
  await sqlite.releases.releaseDue(campaign.id, 5, false, now);
  const before = await sqlite.aggregates.counts(campaign.id, [1, 2]);
  await sqlite.close();

  await resetSchema();
  const copied = await copySqliteToPostgres(path, target);
  expect(copied.differences).toEqual([]);
  expect(copied.rows.responses).toBe(7);
  expect(copied.rows.rel_responses).toBe(2);

  const moved = await openPostgresStore(target);
  try {
    expect(await moved.aggregates.counts(campaign.id, [1, 2])).toEqual(before);
    // New ids continue after the copied ones.
    const next = await postJson(makeApp(moved, clock), "/api/a/PARENT000001/responses", {
      answers: allRatings(catalogueForm("happy-school-parent"), 3),
      clientId: "after-the-move",
    });
    expect(next.status).toBe(201);
    expect((await next.json()).responseId).toBe(8);
  } finally {
    await moved.close();
  }
});
