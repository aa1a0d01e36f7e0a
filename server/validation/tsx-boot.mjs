// Starts a TypeScript worker when the server itself runs from source (tsx, vitest): Node 20 does not
// pass tsx's loader on to worker threads. The built server starts its bundled worker directly.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
