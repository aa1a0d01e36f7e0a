import { openPostgresStore } from "./postgres.ts";
import { openSqliteStore } from "./sqlite.ts";
import type { Store } from "./store.ts";

export interface StoreSettings {
  /** postgres://… (or postgresql://…) selects PostgreSQL; unset means SQLite at `databasePath`. */
  databaseUrl?: string | undefined;
  databasePath: string;
}

export const isPostgresUrl = (url: string | undefined): url is string =>
  url !== undefined && /^postgres(ql)?:\/\//.test(url);

/** The one way the app opens its database: PostgreSQL when DATABASE_URL says so, else the SQLite file. */
export function openStore(settings: StoreSettings): Promise<Store> {
  if (isPostgresUrl(settings.databaseUrl)) return openPostgresStore(settings.databaseUrl);
  return Promise.resolve(openSqliteStore(settings.databasePath));
}
