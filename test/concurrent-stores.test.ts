import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp } from "../server/app.ts";
import type { Store } from "../server/store/store.ts";
import {
  allRatings,
  catalogueForm,
  DURING,
  fixedClock,
  openTestStore,
  postJson,
  setUpWorld,
  tempDir,
} from "./helpers.ts";
import { queryTestDatabase } from "./postgres-helpers.ts";

// Two stores on one database are two app processes behind a load balancer: each has its own pool and
// group commit. Only PostgreSQL is shared that way: vitest.config.ts runs this file only under
// npm run test:postgres (SQLite has one writer).
describe("two app processes on one PostgreSQL database", () => {
  const dir = tempDir();
  const clock = fixedClock(DURING);
  const path = `${dir.path}/shared.db`;
  let one: Store;
  let two: Store;
  let campaignIds: number[];

  beforeAll(async () => {
    const world = await setUpWorld(path, clock);
    one = world.store;
    two = await openTestStore(path);
    campaignIds = [world.staff.id, world.parent.id];
  });
  afterAll(async () => {
    await one.close();
    await two.close();
    dir.remove();
  });

  // Rate limits off: 120 submissions from one test "IP" on two codes are the point here.
  const appOf = (store: Store) =>
    createApp({
      store,
      clock,
      logError: () => {},
      submitLimits: { perIpPerMinute: 0, perPersonalCodePerMinute: 0 },
    });

  // The live aggregates, which every submission updates (results read the released state, built from
  // the responses themselves at release time): what concurrent writers could get wrong.
  const snapshot = async () => {
    const read = (sql: string) => queryTestDatabase<Record<string, unknown>>(path, sql);
    return {
      counts: await read("SELECT campaign_id, unit_id, n FROM agg_responses WHERE n <> 0 ORDER BY 1, 2"),
      scores: (
        await read(
          "SELECT campaign_id, unit_id, criterion, n, sum, sumsq FROM agg_scores WHERE n <> 0 ORDER BY 1, 2, 3",
        )
      ).map((s) => ({
        ...s,
        sum: Number(Number(s.sum).toFixed(6)),
        sumsq: Number(Number(s.sumsq).toFixed(4)),
      })),
      levels: await read(
        "SELECT campaign_id, unit_id, criterion, level, n FROM agg_levels WHERE n <> 0 ORDER BY 1, 2, 3, 4",
      ),
      answers: await read(
        "SELECT campaign_id, unit_id, question, value, n FROM agg_answers WHERE n <> 0 ORDER BY 1, 2, 3, 4",
      ),
    };
  };

  test("concurrent submissions and revisions through both give aggregates equal to a rebuild", async () => {
    const apps = [appOf(one), appOf(two)];
    const parent = catalogueForm("happy-school-parent");
    const staff = catalogueForm("happy-school-staff");
    const sends = [];
    for (let i = 0; i < 60; i++) {
      const app = apps[i % 2] as (typeof apps)[number];
      sends.push(
        postJson(app, "/api/a/PARENT000001/responses", {
          answers: allRatings(parent, 1 + (i % 5)),
          clientId: `parent-client-${i}`,
        }),
      );
      // Two staff codes revised over and over from both processes.
      sends.push(
        postJson(app, `/api/a/STAFF0000${1 + (i % 2)}/responses`, {
          answers: allRatings(staff, 1 + ((i * 3) % 5)),
          clientId: `staff-client-${i}`,
          // The key the first answer proposes; every revision must bring it (whichever process stored it).
          revisionKey: "concurrent-stores-key",
        }),
      );
    }
    const refused = [];
    for (const res of await Promise.all(sends)) if (res.status !== 201) refused.push(await res.text());
    expect(refused).toEqual([]);
    const live = await snapshot();
    const [staffId, parentId] = campaignIds;
    expect(live.counts).toEqual([
      { campaign_id: staffId, unit_id: 1, n: 2 },
      { campaign_id: staffId, unit_id: 2, n: 2 },
      { campaign_id: parentId, unit_id: 1, n: 60 },
      { campaign_id: parentId, unit_id: 2, n: 60 },
    ]);
    await two.aggregates.rebuild();
    expect(await snapshot()).toEqual(live);
  }, 90_000);

  test("one clientId sent to both at once is stored once, and both answer the first receipt", async () => {
    const apps = [appOf(one), appOf(two)];
    const body = { answers: allRatings(catalogueForm("happy-school-parent"), 4), clientId: "sent-to-both" };
    const before = (await one.countRows()).responses;
    const [a, b] = await Promise.all(apps.map((app) => postJson(app, "/api/a/PARENT000001/responses", body)));
    expect((await one.countRows()).responses).toBe(before + 1);
    expect([a?.status, b?.status].sort()).toEqual([200, 201]);
    const ids = await Promise.all(
      [a, b].map(async (r) => ((await r?.json()) as { responseId?: number } | undefined)?.responseId),
    );
    expect(ids[0]).toBe(ids[1]);
  }, 30_000);

  test("the unit tree one keeps in memory follows a unit the other adds (unit_writes)", async () => {
    const province = await one.units.get("P");
    const codes = async (store: Store) =>
      [...(await store.units.tree(province?.id ?? 0)).units.values()].map((u) => u.code).sort();
    expect(await codes(one)).toEqual(["P", "S1"]);
    await two.units.create({ code: "S7", name: "Trường 7", kind: "school", parentCode: "P" }, clock.now());
    expect(await codes(one)).toEqual(["P", "S1", "S7"]);
    await two.units.rename("S7", "Trường Bảy");
    expect(
      (await one.units.tree(province?.id ?? 0)).units.get((await one.units.get("S7"))?.id ?? 0)?.name,
    ).toBe("Trường Bảy");
  });
});
