import type { Clock } from "./clock.ts";
import type { ProxyTrust } from "./http/client-ip.ts";
import type { Results } from "./results/results.ts";
import type { Store } from "./store/store.ts";
import type { Session } from "./store/types.ts";

/** What every route can read from the context: the app's parts and the request's session. */
export type AppEnv = {
  Variables: {
    store: Store;
    clock: Clock;
    session: Session | null;
    trustProxy: ProxyTrust;
    publicUrl: string | undefined;
    results: Results;
  };
};
