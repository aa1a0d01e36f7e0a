import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { loadCatalogue } from "../forms/catalogue.ts";
import { createApp } from "./app.ts";
import { DEFAULT_LOGIN_LIMITS } from "./auth/routes.ts";
import { systemClock } from "./clock.ts";
import { type Config, databaseName } from "./config.ts";
import { stopOnSignal } from "./http/shutdown.ts";
import { DEFAULT_SUBMIT_LIMITS } from "./respondent/routes.ts";
import { openStore as openDatabase } from "./store/open-store.ts";
import type { Store } from "./store/store.ts";
import { DEFAULT_POOL_LIMITS } from "./validation/pool.ts";

/** Opens the database and records any new version of the catalogue's forms. */
export async function openStore(config: Config): Promise<Store> {
  const store = await openDatabase(config);
  await store.forms.addVersions(loadCatalogue(), systemClock.now());
  return store;
}

/** Serves the app until SIGINT/SIGTERM, then stops taking requests, lets open ones finish and closes the store. */
export function startServer(store: Store, config: Config): Promise<Server> {
  const app = createApp({
    store,
    clientDir: config.clientDir,
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    anonymityThreshold: config.anonymityThreshold,
    campaignsPerUnitPerHour: config.campaignsPerUnitPerHour,
    loginLimits: { ...DEFAULT_LOGIN_LIMITS, perIpPerMinute: config.loginRateLimit },
    submitLimits: {
      ...DEFAULT_SUBMIT_LIMITS,
      perIpPerMinute: config.submitRateLimit,
      // SUBMIT_RATE_LIMIT=0 turns every respondent limit off, this one included.
      parentBurstPer10Minutes: config.submitRateLimit > 0 ? config.parentBurstLimit : 0,
    },
    validationLimits: {
      ...DEFAULT_POOL_LIMITS,
      workers: config.validationWorkers,
      budgetMs: config.validationBudgetMs,
    },
    ...(config.logRequests && { logRequest: (line: string) => console.log(line) }),
  });
  return new Promise((resolveStarted) => {
    const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
      console.log(`tieuchi listening on http://localhost:${info.port} (database ${databaseName(config)})`);
      resolveStarted(server as Server);
    }) as Server;
    stopOnSignal(server, () => store.close());
  });
}
