import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { verifyPassword } from "../server/auth/password.ts";
import { runAccountCommand } from "../server/cli/account-commands.ts";
import type { Store } from "../server/store/store.ts";
import { DURING, fixedClock, openTestStore, tempDir } from "./helpers.ts";

const dir = tempDir();
const now = fixedClock(DURING).now();
let store: Store;

async function run(command: string, username?: string, more: Record<string, unknown> = {}) {
  const lines: string[] = [];
  const code = await runAccountCommand(store, { command, username, ...more }, now, (l) => lines.push(l));
  return { code, out: lines.join("\n") };
}

beforeAll(async () => {
  store = await openTestStore(`${dir.path}/cli.db`);
  await store.units.create({ code: "P", name: "Sở", kind: "province" }, now);
  await store.units.create({ code: "S1", name: "Trường", kind: "school", parentCode: "P" }, now);
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

describe("npm run admin -- account commands", () => {
  test("create, reset (printed once), change role, disable, enable, list, end sessions — each audited", async () => {
    expect((await run("create-user", "hieutruong", { role: "manager", unit: "S1" })).code).toBe(0);
    const id = (await store.accounts.find("hieutruong"))?.account.id ?? 0;
    await store.accounts.createSession(
      { tokenHash: "h".repeat(43), accountId: id, csrfToken: "t", expiresAt: new Date(+now + 3600_000) },
      now,
    );
    expect((await run("list-sessions", "hieutruong")).out).toMatch(/^h{16}\tsince/);

    const reset = await run("reset-password", "hieutruong");
    const password = reset.out.match(/password: (\S+)/)?.[1] ?? "";
    expect(
      await verifyPassword(password, (await store.accounts.find("hieutruong"))?.passwordHash ?? ""),
    ).toBe(true);
    expect((await run("list-sessions", "hieutruong")).out).toBe("");

    expect((await run("set-role", "hieutruong", { role: "viewer", unit: "P" })).code).toBe(0);
    expect((await run("disable", "hieutruong")).code).toBe(0);
    expect(await store.accounts.findForLogin("hieutruong")).toBeUndefined();
    expect((await run("list-users")).out).toMatch(/^hieutruong\tviewer\tP\tdisabled /);
    expect((await run("enable", "hieutruong")).code).toBe(0);
    expect((await store.accounts.findForLogin("hieutruong"))?.account).toMatchObject({
      role: "viewer",
      unitCode: "P",
    });
    expect((await run("end-sessions", "hieutruong")).out).toMatch(/Ended 0/);

    const actions = (await store.audit.list("all")).map((e) => `${e.username} ${e.action}`);
    expect(actions.reverse()).toEqual([
      "(CLI) account.create",
      "(CLI) account.password_reset",
      "(CLI) account.role",
      "(CLI) account.disable",
      "(CLI) account.enable",
      "(CLI) account.sessions_end",
    ]);
    expect(JSON.stringify(await store.audit.list("all"))).not.toContain(password);
  });

  test.each([
    ["an unknown command", "frobnicate", "hieutruong", {}],
    ["set-role without a role", "set-role", "hieutruong", {}],
    [
      "a unit and every unit at once",
      "set-role",
      "hieutruong",
      { role: "admin", unit: "P", everyUnit: true },
    ],
    ["no name", "disable", undefined, {}],
  ])("%s prints the usage", async (_label, command, username, more) => {
    expect((await run(command, username, more)).code).toBe("usage");
  });

  test("an unknown account is an error worded for the operator", async () => {
    await expect(run("disable", "khongco")).rejects.toThrow(/No account khongco/);
  });
});
