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
    parentBurstLimit: 150,
    clientDir: DEFAULT_CLIENT_DIR,
  });
});

test.each([
  [{ PORT: "8080" }, { port: 8080 }],
  [{ PORT: "" }, { port: 3000 }],
  [{ DATABASE_PATH: "/tmp/x.db" }, { databasePath: "/tmp/x.db" }],
  [{ PUBLIC_URL: "https://tieuchi.example.edu.vn/" }, { publicUrl: "https://tieuchi.example.edu.vn" }],
  [{ TRUST_PROXY: "1" }, { trustProxy: true }],
  [{ TRUST_PROXY: "true" }, { trustProxy: true }],
  [{ LOG_REQUESTS: "0" }, { logRequests: false }],
  [
    { SUBMIT_RATE_LIMIT: "0", LOGIN_RATE_LIMIT: "0" },
    { submitRateLimit: 0, loginRateLimit: 0 },
  ],
  [{ ANONYMITY_THRESHOLD: "10" }, { anonymityThreshold: 10 }],
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
  [{ TRUST_PROXY: "yes" }, 'TRUST_PROXY must be 1 or true (on), 0 or false (off), not "yes"'],
  [{ PUBLIC_URL: "tieuchi.example.edu.vn" }, "PUBLIC_URL must be an http:// or https:// address"],
])("%j is refused: %s", (env, message) => {
  expect(() => readConfig(env)).toThrow(message);
});

test("every wrong setting is named at once", () => {
  expect(() => readConfig({ PORT: "x", LOG_REQUESTS: "maybe" })).toThrow(/PORT must .*\n.*LOG_REQUESTS must/);
});
