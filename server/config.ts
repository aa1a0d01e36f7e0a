import { isIP } from "node:net";
import { resolve } from "node:path";
import { z } from "zod";
import { fromRoot } from "../forms/project-root.ts";
import type { ProxyTrust } from "./http/client-ip.ts";

export const DEFAULT_CLIENT_DIR = fromRoot("dist/client");

/** A wrong setting in the environment, worded for the operator; the commands print it without a stack. */
export class ConfigError extends Error {}

// Every variable arrives as a string or not at all; an empty string counts as not set.
const unset = (raw: string | undefined): raw is undefined | "" => raw === undefined || raw === "";

const wholeNumber = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (unset(raw)) return fallback;
      const n = Number(raw);
      if (Number.isInteger(n) && n >= min && n <= max) return n;
      ctx.addIssue({
        code: "custom",
        message: `${name} must be a whole number between ${min} and ${max}, not "${raw}"`,
      });
      return z.NEVER;
    });

const onOff = (name: string, fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (unset(raw)) return fallback;
      if (raw === "1" || raw === "true") return true;
      if (raw === "0" || raw === "false") return false;
      ctx.addIssue({
        code: "custom",
        message: `${name} must be 1 or true (on), 0 or false (off), not "${raw}"`,
      });
      return z.NEVER;
    });

// Off; 1 or true: one proxy; 2–10: that many proxies in a row; else the proxies' own addresses.
const proxyTrust = z
  .string()
  .optional()
  .transform((raw, ctx): ProxyTrust | true => {
    if (unset(raw) || raw === "0" || raw === "false") return false;
    if (raw === "1" || raw === "true") return true;
    if (/^\d+$/.test(raw) && Number(raw) >= 2 && Number(raw) <= 10) return { hops: Number(raw) };
    const proxies = raw.split(",").map((a) => a.trim());
    if (proxies.every((a) => isIP(a) !== 0)) return { proxies };
    ctx.addIssue({
      code: "custom",
      message: `TRUST_PROXY must be 0 or false (off), 1 or true (one proxy), the number of proxies in a row (2–10), or the proxies' addresses separated by commas, not "${raw}"`,
    });
    return z.NEVER;
  });

const ENV = z.object({
  PORT: wholeNumber("PORT", 1, 65535, 3000),
  DATABASE_PATH: z
    .string()
    .optional()
    .transform((raw) => resolve(unset(raw) ? "./data/tieuchi.db" : raw)),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (unset(raw)) return undefined;
      if (/^postgres(ql)?:\/\/./.test(raw) && URL.canParse(raw)) return raw;
      ctx.addIssue({
        code: "custom",
        message: `DATABASE_URL must be a postgres:// address such as postgres://tieuchi@db.example:5432/tieuchi, or unset for SQLite`,
      });
      return z.NEVER;
    }),
  PUBLIC_URL: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (unset(raw)) return undefined;
      if (/^https?:\/\/[^/]/.test(raw) && URL.canParse(raw)) return raw.replace(/\/$/, "");
      ctx.addIssue({
        code: "custom",
        message: `PUBLIC_URL must be an http:// or https:// address such as https://tieuchi.example.edu.vn, not "${raw}"`,
      });
      return z.NEVER;
    }),
  TRUST_PROXY: proxyTrust,
  LOGIN_RATE_LIMIT: wholeNumber("LOGIN_RATE_LIMIT", 0, 1_000_000, 20),
  LOG_REQUESTS: onOff("LOG_REQUESTS", true),
  SUBMIT_RATE_LIMIT: wholeNumber("SUBMIT_RATE_LIMIT", 0, 10_000_000, 600),
  ANONYMITY_THRESHOLD: wholeNumber("ANONYMITY_THRESHOLD", 1, 1000, 5),
  CAMPAIGNS_PER_UNIT_PER_HOUR: wholeNumber("CAMPAIGNS_PER_UNIT_PER_HOUR", 0, 100_000, 20),
  VALIDATION_WORKERS: wholeNumber("VALIDATION_WORKERS", 1, 64, 1),
  VALIDATION_BUDGET_MS: wholeNumber("VALIDATION_BUDGET_MS", 100, 600_000, 5000),
  PARENT_BURST_LIMIT: wholeNumber("PARENT_BURST_LIMIT", 0, 1_000_000, 150),
  CLIENT_DIR: z
    .string()
    .optional()
    .transform((raw) => (unset(raw) ? DEFAULT_CLIENT_DIR : resolve(raw))),
});

export interface Config {
  port: number;
  databasePath: string;
  /** postgres://… : the store runs on PostgreSQL (or a Citus coordinator) instead of the SQLite file. */
  databaseUrl: string | undefined;
  /** Base of the links given out for respondents, e.g. https://tieuchi.example.edu.vn; else the request's origin. */
  publicUrl: string | undefined;
  /** Which X-Forwarded-For entries to believe: true is one proxy (server/http/client-ip.ts). */
  trustProxy: ProxyTrust | true;
  /** Sign-in attempts per minute per IP; 0 turns the limit off. */
  loginRateLimit: number;
  /** One log line per request (LOG_REQUESTS=0 turns it off, e.g. for benchmarks). */
  logRequests: boolean;
  /** Respondent requests per minute per IP (and per parent link); 0 turns respondent limits off. */
  submitRateLimit: number;
  /** Groups under this many responses are withheld from results. */
  anonymityThreshold: number;
  /** New campaigns per unit per hour; 0 turns the limit off. */
  campaignsPerUnitPerHour: number;
  /** Parent devices per 10 minutes from one address to one school's link before new answers are held; 0: none held. */
  parentBurstLimit: number;
  /** The built client to serve (tests point it at their own build). */
  clientDir: string;
  /** Worker threads for answers survey-core itself must check, and the time one check may take. */
  validationWorkers: number;
  validationBudgetMs: number;
}

/** Every command reads its settings here, from the same environment variables; throws a ConfigError naming each wrong one. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ENV.safeParse(env);
  if (!parsed.success)
    throw new ConfigError(
      `Wrong setting(s) in the environment:\n${parsed.error.issues.map((i) => `  ${i.message}`).join("\n")}`,
    );
  const e = parsed.data;
  return {
    port: e.PORT,
    databasePath: e.DATABASE_PATH,
    databaseUrl: e.DATABASE_URL,
    publicUrl: e.PUBLIC_URL,
    trustProxy: e.TRUST_PROXY,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    logRequests: e.LOG_REQUESTS,
    submitRateLimit: e.SUBMIT_RATE_LIMIT,
    anonymityThreshold: e.ANONYMITY_THRESHOLD,
    campaignsPerUnitPerHour: e.CAMPAIGNS_PER_UNIT_PER_HOUR,
    parentBurstLimit: e.PARENT_BURST_LIMIT,
    clientDir: e.CLIENT_DIR,
    validationWorkers: e.VALIDATION_WORKERS,
    validationBudgetMs: e.VALIDATION_BUDGET_MS,
  };
}

/** What backup and restore say when DATABASE_URL is set: PostgreSQL has its own tools for both. */
export const POSTGRES_BACKUP =
  "DATABASE_URL is set: this command copies the SQLite file only. On PostgreSQL use its own tools:\n" +
  '  pg_dump -Fc -f tieuchi.dump "$DATABASE_URL"          (a consistent copy while the server runs)\n' +
  '  pg_restore --clean --if-exists -d "$DATABASE_URL" tieuchi.dump   (stop the app servers first)\n' +
  "On Citus, back up the coordinator and every worker (or use your provider's snapshots).";

/** The database for messages: the SQLite path, or the PostgreSQL host and database (never a password). */
export function databaseName(config: Config): string {
  if (!config.databaseUrl) return config.databasePath;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.host}${url.pathname}`;
}

/** Where links printed on this machine point when PUBLIC_URL is not set. */
export function linkBase(config: Config): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}
