import { readConfig } from "./config.ts";
import { openStore, startServer } from "./start.ts";

const config = readConfig();
await startServer(await openStore(config), config);
