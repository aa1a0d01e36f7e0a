// The server `npm start` runs (bundled into dist/server/index.mjs by `npm run build`).
import { runCli } from "./cli/run-cli.ts";
import { readConfig } from "./config.ts";
import { openStore, startServer } from "./start.ts";

await runCli({
  usage: "usage: npm start",
  run: async () => {
    const config = readConfig();
    await startServer(await openStore(config), config);
    return undefined;
  },
});
