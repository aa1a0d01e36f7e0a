import { resolve } from "node:path";

export interface Config {
  port: number;
  databasePath: string;
  /** Base of the links printed for respondents, e.g. https://tieuchi.example.edu.vn */
  publicUrl: string;
}

/** Every command reads its settings here, from the same environment variables. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  return {
    port,
    databasePath: resolve(env.DATABASE_PATH ?? "./data/tieuchi.db"),
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ""),
  };
}
