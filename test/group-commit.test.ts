import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { GroupCommit } from "../server/store/group-commit.ts";
import type { Store } from "../server/store/store.ts";
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

describe("GroupCommit", () => {
  test("items added in one turn share one run; each promise gets its own result", async () => {
    const runs: number[][] = [];
    const commit = new GroupCommit<number, number>(async (batch) => {
      runs.push(batch);
      return batch.map((x) => x * 10);
    });
    const results = await Promise.all([1, 2, 3].map((x) => commit.add(x)));
    expect(results).toEqual([10, 20, 30]);
    expect(runs).toEqual([[1, 2, 3]]);
  });

  test("a failing batch is retried item by item: only the bad item fails", async () => {
    const commit = new GroupCommit<number, number>(async (batch) => {
      if (batch.includes(13)) throw new Error("unlucky");
      return batch;
    });
    const settled = await Promise.allSettled([1, 13, 2].map((x) => commit.add(x)));
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(commit.stats.retriedBatches).toBe(1);
  });

  test("batches are capped, so one huge burst becomes several transactions", async () => {
    const sizes: number[] = [];
    const commit = new GroupCommit<number, number>(async (batch) => {
      sizes.push(batch.length);
      return batch;
    }, 4);
    await Promise.all(Array.from({ length: 10 }, (_, i) => commit.add(i)));
    expect(sizes).toEqual([4, 4, 2]);
  });

  test("after a busy batch, the next one waits a moment so items arriving meanwhile share it", async () => {
    const sizes: number[] = [];
    const commit = new GroupCommit<number, number>(
      async (batch) => {
        sizes.push(batch.length);
        return batch;
      },
      500,
      3,
      30,
    );
    await Promise.all([1, 2, 3].map((x) => commit.add(x)));
    // Busy: three items, arriving over three turns, now make one batch.
    const later = [commit.add(4)];
    await new Promise((resolve) => setImmediate(resolve));
    later.push(commit.add(5));
    await new Promise((resolve) => setImmediate(resolve));
    later.push(commit.add(6));
    await Promise.all(later);
    // Not busy any more: the next item commits on the next turn, alone.
    await Promise.all([commit.add(7), commit.add(8)]);
    const idle = commit.add(9);
    await new Promise((resolve) => setImmediate(resolve));
    await idle;
    expect(sizes).toEqual([3, 3, 2, 1]);
  });
});

describe("group commit of submissions", () => {
  const dir = tempDir();
  const clock = fixedClock(DURING);
  let store: Store;
  beforeAll(async () => {
    ({ store } = await setUpWorld(`${dir.path}/group.db`, clock));
  });
  afterAll(async () => {
    await store.close();
    dir.remove();
  });

  test("concurrent submissions are stored in fewer transactions than submissions, every one acknowledged and stored", async () => {
    const app = makeApp(store, clock);
    const answers = allRatings(catalogueForm("happy-school-parent"), 4);
    const before = { ...store.responses.commitStats };
    const rows = (await store.countRows()).responses;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        postJson(app, "/api/a/PARENT000001/responses", { answers, clientId: `group-${i}-xyz` }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(201));
    const ids = new Set(await Promise.all(results.map(async (r) => (await r.json()).responseId)));
    expect(ids.size).toBe(40);
    expect((await store.countRows()).responses).toBe(rows + 40);
    const stats = store.responses.commitStats;
    expect(stats.items - before.items).toBe(40);
    expect(stats.transactions - before.transactions).toBeLessThan(40);
  });
});
