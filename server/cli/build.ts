// `npm run build`, after vite built the client: the server bundle that `npm start` runs (bundle.ts).
import { bundle } from "./bundle.ts";

console.log(`server bundled into ${await bundle("server/index.ts", "dist/server/index.mjs")}`);
