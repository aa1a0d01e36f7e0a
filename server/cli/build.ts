// `npm run build`, after vite built the client: the server bundle that `npm start` runs (bundle.ts).
import {
  bundle,
  SERVER_BUNDLE,
  SERVER_ENTRY,
  VALIDATION_WORKER_BUNDLE,
  VALIDATION_WORKER_ENTRY,
} from "./bundle.ts";

console.log(`server bundled into ${await bundle(SERVER_ENTRY, SERVER_BUNDLE)}`);
// The validation workers (server/validation/pool.ts) start this file, found next to the server bundle.
console.log(
  `validation worker bundled into ${await bundle(VALIDATION_WORKER_ENTRY, VALIDATION_WORKER_BUNDLE)}`,
);
