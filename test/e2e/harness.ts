import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { type Browser, chromium, type Page } from "playwright-core";
import { inject } from "vitest";
import type { DemoAccount, DemoCode } from "../../server/demo/seed.ts";
import { tempDir } from "../helpers.ts";
import { buildClient } from "./build-client.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
export const SHOTS_DIR = join(ROOT, "test-output", "screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's chromium (.ci/run does) or set CHROMIUM_PATH`,
    );
  mkdirSync(SHOTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
}

/** Collects what a page logs as an error, CSP violations included, so tests can demand there are none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

/** Signs a demo account in through the sign-in page and waits for the campaign list. */
export async function signInDemo(page: Page, server: DemoServer, username: string): Promise<void> {
  const account = server.accounts.find((a) => a.username === username);
  if (!account) throw new Error(`no demo account ${username}`);
  await page.goto(`${server.url}/`);
  await page.locator("#signin-username").fill(account.username);
  await page.locator("#signin-password").fill(account.password);
  await page.getByTestId("signin").locator('button[type="submit"]').click();
  await page.getByTestId("campaigns").waitFor();
}

export interface DemoServer {
  url: string;
  dbPath: string;
  codes: DemoCode[];
  accounts: DemoAccount[];
  /** Read-only queries against the server's live database. */
  query<T>(sql: string, ...params: unknown[]): T[];
  stop(): Promise<void>;
}

/** Runs `npm run demo`'s entry point as a child process on a temp database and a free port. */
export async function startDemoServer(): Promise<DemoServer> {
  const dir = tempDir("tieuchi-e2e-");
  const dbPath = join(dir.path, "tieuchi.db");
  const demo = await spawnDemo(dbPath);
  const read = <T>(file: string): T => JSON.parse(readFileSync(join(dir.path, file), "utf8"));
  return {
    url: demo.url,
    dbPath,
    codes: read<DemoCode[]>("demo-codes.json"),
    accounts: read<DemoAccount[]>("demo-accounts.json"),
    query: <T>(sql: string, ...params: unknown[]) => queryReadOnly<T>(dbPath, sql, ...params),
    stop: async () => {
      demo.child.kill("SIGTERM");
      await demo.exited;
      dir.remove();
    },
  };
}

export interface DemoProcess {
  child: ChildProcess;
  url: string;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process printed so far, stdout and stderr. */
  output(): string;
}

/**
 * Starts `server/cli/demo.ts` on a database (seeded if empty; its demo-codes.json goes beside it) and a free
 * port; resolves once it listens. Starting it again on the same database reuses the data.
 */
export async function spawnDemo(dbPath: string, env: Record<string, string> = {}): Promise<DemoProcess> {
  // Built once by the slow project's global setup; a file run on its own elsewhere builds it here.
  const [port, clientDir] = await Promise.all([freePort(), inject("clientDir") ?? buildClient()]);
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "server/cli/demo.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_PATH: dbPath,
      PORT: String(port),
      CLIENT_DIR: clientDir,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  try {
    // On a Citus cluster sharing the 2 cores, the first start (migrations distributing every table, then
    // the demo's seeding through the coordinator) took over a minute.
    await waitForOutput(child, /listening on/, env.DATABASE_URL ? 300_000 : 60_000);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return { child, url: `http://localhost:${port}`, exited, output: () => out };
}

/** Runs one query on a database through its own read-only connection. */
export function queryReadOnly<T>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Resolves when a child process prints `pattern`; rejects if it exits first or takes longer than `ms`. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start in ${ms} ms:\n${out}`)), ms);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (pattern.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Answers every rating question on the current page with `pick(name)`, then moves on; returns when done. */
export async function fillRatings(page: Page, pick: (name: string) => number): Promise<void> {
  for (;;) {
    const names = await page
      .locator(".sd-question[data-name]")
      .evaluateAll((els) =>
        els.filter((e) => e.querySelector(".sd-rating__item")).map((e) => e.getAttribute("data-name") ?? ""),
      );
    for (const name of names) {
      await page
        .locator(`.sd-question[data-name="${name}"] .sd-rating__item`)
        .nth(pick(name) - 1)
        .click();
    }
    const next = page.locator(".sd-navigation__next-btn");
    if (await next.isVisible()) {
      await next.click();
      continue;
    }
    await page.locator(".sd-navigation__complete-btn").click();
    return;
  }
}
