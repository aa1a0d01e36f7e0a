// `npm run dev`: the API on PORT (3000) and Vite's dev server with hot reload on 5173, proxying /api.
import { createServer } from "vite";
import { fromRoot } from "../../forms/project-root.ts";
import { readConfig } from "../config.ts";
import { openStore, startServer } from "../start.ts";
import { runCli } from "./run-cli.ts";

await runCli({
  usage: "usage: npm run dev",
  run: async () => {
    const config = readConfig();
    await startServer(await openStore(config), config);
    process.env.API_PORT = String(config.port);
    const vite = await createServer({ configFile: fromRoot("vite.config.ts") });
    await vite.listen(5173);
    vite.printUrls();
    return undefined;
  },
});
