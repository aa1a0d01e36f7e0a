// `npm run build`, after vite built the client: the server bundle that `npm start` runs (bundle.ts).
import { bundle, SERVER_BUNDLE, SERVER_ENTRY } from "./bundle.ts";

console.log(`server bundled into ${await bundle(SERVER_ENTRY, SERVER_BUNDLE)}`);
