import { describe, expect, test } from "vitest";
import { withheldGroups } from "../server/results/anonymity.ts";

const groups = (...ns: number[]) => ns.map((n, i) => ({ id: `g${i}`, n }));

describe("withheldGroups with k = 5", () => {
  test.each<[string, number[], string[]]>([
    ["all groups large: nothing withheld", [10, 7, 5], []],
    ["empty groups are not withheld (nothing to hide)", [10, 0, 6], []],
    ["one small group drags the smallest shown one with it", [10, 3, 6], ["g1", "g2"]],
    ["two small groups that add up to k are enough on their own", [10, 2, 3], ["g1", "g2"]],
    ["two small groups under k together drag one more", [10, 1, 2, 8], ["g1", "g2", "g3"]],
    ["a lone small group with no sibling to pair is withheld alone", [3], ["g0"]],
    ["ties are broken by id, so every request withholds the same groups", [7, 7, 1], ["g0", "g2"]],
  ])("%s", (_label, ns, expected) => {
    expect([...withheldGroups(groups(...ns), 5)].sort()).toEqual(expected);
  });

  test("subtracting the shown groups from the total never isolates fewer than k responses", () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 2000; trial++) {
      const gs = groups(...Array.from({ length: 1 + Math.floor(rand() * 6) }, () => Math.floor(rand() * 12)));
      const withheld = withheldGroups(gs, 5);
      const hidden = gs.filter((g) => withheld.has(g.id)).reduce((a, g) => a + g.n, 0);
      expect(hidden === 0 || hidden >= 5 || gs.every((g) => g.n === 0 || withheld.has(g.id))).toBe(true);
      for (const g of gs) if (!withheld.has(g.id)) expect(g.n === 0 || g.n >= 5).toBe(true);
    }
  });
});
