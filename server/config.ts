import { resolve } from "node:path";
import { fromRoot } from "../forms/project-root.ts";

export const DEFAULT_CLIENT_DIR = fromRoot("dist/client");

export interface Config {
  port: number;
  databasePath: string;
  /** Base of the links given out for respondents, e.g. https://tieuchi.example.edu.vn; else the request's origin. */
  publicUrl: string | undefined;
  trustProxy: boolean;
  /** Sign-in attempts per minute per IP; 0 turns the limit off. */
  loginRateLimit: number;
  /** One log line per request (LOG_REQUESTS=0 turns it off, e.g. for benchmarks). */
  logRequests: boolean;
  /** Respondent requests per minute per IP (and per parent link); 0 turns respondent limits off. */
  submitRateLimit: number;
  /** Groups under this many responses are withheld from results. */
  anonymityThreshold: number;
  /** The built client to serve (tests point it at their own build). */
  clientDir: string;
}

/** Every command reads its settings here, from the same environment variables. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intSetting(env, "PORT", 3000, 65535),
    databasePath: resolve(env.DATABASE_PATH ?? "./data/tieuchi.db"),
    publicUrl: env.PUBLIC_URL?.replace(/\/$/, "") || undefined,
    trustProxy: env.TRUST_PROXY === "1" || env.TRUST_PROXY === "true",
    loginRateLimit: intSetting(env, "LOGIN_RATE_LIMIT", 20, 1_000_000),
    logRequests: env.LOG_REQUESTS !== "0",
    submitRateLimit: intSetting(env, "SUBMIT_RATE_LIMIT", 600, 10_000_000),
    anonymityThreshold: Math.max(1, intSetting(env, "ANONYMITY_THRESHOLD", 5, 1000)),
    clientDir: env.CLIENT_DIR ? resolve(env.CLIENT_DIR) : DEFAULT_CLIENT_DIR,
  };
}

/** Where links printed on this machine point when PUBLIC_URL is not set. */
export function linkBase(config: Config): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}

function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new Error(`${name} must be a whole number from 0 to ${max}, not "${raw}"`);
  return n;
}
