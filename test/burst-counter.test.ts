import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, test } from "vitest";
import { createApp } from "../server/app.ts";
import { firstCountedMinute, isBurst, minuteOf } from "../server/respondent/burst.ts";
import { openSqliteStore } from "../server/store/sqlite.ts";
import type { Store } from "../server/store/store.ts";
import { allRatings, catalogueForm, DURING, fixedClock, setUpWorld, tempDir } from "./helpers.ts";

// Issue 13, item 3: the burst counter behind "held to review" is stored, so that neither a restart nor
// a second app process resets it, and it keeps one window of rows at most.

describe("isBurst", () => {
  test.each([
    ["nobody before", [], "d1", 3, false],
    ["two other devices, limit 3", ["a", "b"], "d1", 3, false],
    ["three other devices, limit 3", ["a", "b", "c"], "d1", 3, true],
    ["the same device again is not another device", ["d1", "a", "b"], "d1", 3, false],
    ["a device seen in two minutes counts once", ["a", "a", "b"], "d1", 3, false],
    ["requests without a token each count", [null, null, null], undefined, 3, true],
    ["a limit of 0 is off", ["a", "b", "c"], "d1", 0, false],
  ] as const)("%s", (_, recent, device, limit, expected) => {
    expect(isBurst(recent, device, limit)).toBe(expected);
  });
});

describe("the counted window", () => {
  const t = Date.parse("2026-11-23T08:00:30.000Z");
  test.each([
    ["an answer's minute is its start", minuteOf(t), "2026-11-23T08:00:00.000Z"],
    [
      "10 minutes later its minute is still counted",
      firstCountedMinute(t + 10 * 60_000 - 1, 10 * 60_000),
      "2026-11-23T08:00:00.000Z",
    ],
    [
      "a minute after its last instant it is not",
      firstCountedMinute(t + 11 * 60_000, 10 * 60_000),
      "2026-11-23T08:01:00.000Z",
    ],
  ])("%s", (_, ms, iso) => {
    expect(new Date(ms).toISOString()).toBe(iso);
  });
});

describe("a stored burst counter", () => {
  const dir = tempDir();
  const dbPath = `${dir.path}/bursts.db`;
  const clock = fixedClock(DURING);
  const form = catalogueForm("happy-school-parent");
  const stores: Store[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close().catch(() => {});
    dir.remove();
  });
  const appOn = (store: Store) =>
    createApp({
      store,
      clock,
      logError: () => {},
      trustProxy: true,
      submitLimits: {
        perIpPerMinute: 100_000,
        perPersonalCodePerMinute: 100_000,
        parentBurstPer10Minutes: 3,
      },
    });
  let seq = 0;
  const answer = async (app: ReturnType<typeof createApp>, device: string) => {
    const res = await app.request("/api/a/PARENT000001/responses", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.50" },
      body: JSON.stringify({
        answers: allRatings(form, 3),
        clientId: `burst-${++seq}-x`,
        deviceToken: `phone-${device}-token`,
      }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { held?: boolean };
  };
  const rowsOnDisk = () => {
    const db = new BetterSqlite3(dbPath, { readonly: true });
    const rows = db.prepare("SELECT key, minute, device FROM burst_hits").all() as {
      key: string;
      minute: number;
    }[];
    db.close();
    return rows;
  };

  test("a restart keeps the count, a second process shares it, and old minutes are pruned", async () => {
    const { store } = await setUpWorld(dbPath, clock);
    stores.push(store);
    const first = appOn(store);
    expect((await answer(first, "a")).held).toBeUndefined();
    expect((await answer(first, "b")).held).toBeUndefined();
    await store.close();
    stores.length = 0;

    // Restarted: two processes on one database now; the third device answers through the second.
    const [one, two] = [openSqliteStore(dbPath), openSqliteStore(dbPath)];
    stores.push(one, two);
    const [appOne, appTwo] = [appOn(one), appOn(two)];
    expect((await answer(appTwo, "c")).held).toBeUndefined();
    // Three other devices from this address within 10 minutes: the fourth is held, in either process.
    expect((await answer(appOne, "d")).held).toBe(true);
    expect((await answer(appTwo, "e")).held).toBe(true);
    // Nothing of the address is stored, only its hash; one row per device and minute.
    expect(rowsOnDisk().map((r) => r.key)).not.toContain("203.0.113.50");
    expect(JSON.stringify(rowsOnDisk())).not.toContain("203.0.113");
    expect(rowsOnDisk()).toHaveLength(5);

    clock.set("2026-11-23T08:11:00.000Z");
    expect((await answer(appOne, "f")).held).toBeUndefined();
    // The window moved on: only this minute's row is left (bounded growth).
    expect(rowsOnDisk()).toHaveLength(1);
    clock.set(DURING);
  });
});
