// `npm run dev`: the API on PORT (3000) and Vite's dev server with hot reload on 5173, proxying /api.
import { createServer } from "vite";
import { readConfig } from "../config.ts";
import { openStore, startServer } from "../start.ts";

const config = readConfig();
await startServer(await openStore(config), config);
process.env.API_PORT = String(config.port);
const vite = await createServer({ configFile: new URL("../../vite.config.ts", import.meta.url).pathname });
await vite.listen(5173);
vite.printUrls();
