// The first step of `npm start`: builds what `npm run build` would have, if it is missing (after
// `npm run demo`, say, which builds only the client), so that plain node finds the server bundle.
import { existsSync } from "node:fs";
import { fromRoot } from "../../forms/project-root.ts";
import { readConfig } from "../config.ts";
import { buildClientIfMissing } from "./build-client.ts";
import {
  bundle,
  SERVER_BUNDLE,
  SERVER_ENTRY,
  VALIDATION_WORKER_BUNDLE,
  VALIDATION_WORKER_ENTRY,
} from "./bundle.ts";
import { runCli } from "./run-cli.ts";

await runCli({
  usage: "usage: npm start",
  run: async () => {
    await buildClientIfMissing(readConfig().clientDir);
    if (!existsSync(fromRoot(SERVER_BUNDLE))) {
      console.log(
        `${SERVER_BUNDLE} is missing: bundling the server (\`npm run build\` rebuilds everything)…`,
      );
      await bundle(SERVER_ENTRY, SERVER_BUNDLE);
    }
    if (!existsSync(fromRoot(VALIDATION_WORKER_BUNDLE)))
      await bundle(VALIDATION_WORKER_ENTRY, VALIDATION_WORKER_BUNDLE);
    return 0;
  },
});
