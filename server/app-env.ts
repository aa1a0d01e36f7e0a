import type { Clock } from "./clock.ts";
import type { Store } from "./store/store.ts";

/** What every route can read from the context: the app's parts. */
export type AppEnv = { Variables: { store: Store; clock: Clock } };
