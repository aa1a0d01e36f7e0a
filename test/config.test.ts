import { resolve } from "node:path";
import { expect, test } from "vitest";
import { DEFAULT_CLIENT_DIR, readConfig } from "../server/config.ts";

test("no settings give the documented defaults", () => {
  expect(readConfig({})).toEqual({
    port: 3000,
    databasePath: resolve("./data/tieuchi.db"),
    publicUrl: undefined,
    trustProxy: false,
    loginRateLimit: 20,
    logRequests: true,
    submitRateLimit: 600,
    anonymityThreshold: 5,
    campaignsPerUnitPerHour: 20,
    parentBurstLimit: 150,
    clientDir: DEFAULT_CLIENT_DIR,
    validationWorkers: 1,
    validationBudgetMs: 5000,
  });
});

test.each([
  [{ PORT: "8080" }, { port: 8080 }],
  [{ PORT: "" }, { port: 3000 }],
  [{ DATABASE_PATH: "/tmp/x.db" }, { databasePath: "/tmp/x.db" }],
  [{ PUBLIC_URL: "https://tieuchi.example.edu.vn/" }, { publicUrl: "https://tieuchi.example.edu.vn" }],
  [{ TRUST_PROXY: "1" }, { trustProxy: true }],
  [{ TRUST_PROXY: "true" }, { trustProxy: true }],
  [{ TRUST_PROXY: "2" }, { trustProxy: { hops: 2 } }],
  [{ TRUST_PROXY: "10.0.0.1, fd00::2" }, { trustProxy: { proxies: ["10.0.0.1", "fd00::2"] } }],
  [
    { VALIDATION_WORKERS: "2", VALIDATION_BUDGET_MS: "2000" },
    { validationWorkers: 2, validationBudgetMs: 2000 },
  ],
  [{ LOG_REQUESTS: "0" }, { logRequests: false }],
  [
    { SUBMIT_RATE_LIMIT: "0", LOGIN_RATE_LIMIT: "0" },
    { submitRateLimit: 0, loginRateLimit: 0 },
  ],
  [{ ANONYMITY_THRESHOLD: "10" }, { anonymityThreshold: 10 }],
  [{ CAMPAIGNS_PER_UNIT_PER_HOUR: "0" }, { campaignsPerUnitPerHour: 0 }],
])("%j is read", (env, expected) => {
  expect(readConfig(env)).toMatchObject(expected);
});

test.each([
  [{ PORT: "abc" }, 'PORT must be a whole number between 1 and 65535, not "abc"'],
  [{ PORT: "0" }, "PORT must be a whole number between 1 and 65535"],
  [{ PORT: "70000" }, "PORT must be a whole number between 1 and 65535"],
  [{ LOGIN_RATE_LIMIT: "-1" }, "LOGIN_RATE_LIMIT must be a whole number between 0 and 1000000"],
  [{ SUBMIT_RATE_LIMIT: "2.5" }, "SUBMIT_RATE_LIMIT must be a whole number between 0 and 10000000"],
  [{ ANONYMITY_THRESHOLD: "0" }, "ANONYMITY_THRESHOLD must be a whole number between 1 and 1000"],
  [{ TRUST_PROXY: "yes" }, "TRUST_PROXY must be 0 or false (off), 1 or true (one proxy)"],
  [{ VALIDATION_BUDGET_MS: "10" }, "VALIDATION_BUDGET_MS must be a whole number between 100 and 600000"],
  [{ PUBLIC_URL: "tieuchi.example.edu.vn" }, "PUBLIC_URL must be an http:// or https:// address"],
])("%j is refused: %s", (env, message) => {
  expect(() => readConfig(env)).toThrow(message);
});

test("every wrong setting is named at once", () => {
  expect(() => readConfig({ PORT: "x", LOG_REQUESTS: "maybe" })).toThrow(/PORT must .*\n.*LOG_REQUESTS must/);
});
