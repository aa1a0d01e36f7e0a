// `npm run aggregates -- rebuild [--campaign ID]`: recompute the aggregates from the stored responses.
import { readConfig } from "../config.ts";
import { openStore } from "../start.ts";
import { runCli } from "./run-cli.ts";

await runCli({
  usage: "usage: npm run aggregates -- rebuild [--campaign ID]",
  options: { campaign: { type: "string" } },
  run: async ({ values, positionals }) => {
    if (positionals[0] !== "rebuild") return "usage";
    const store = await openStore(readConfig());
    try {
      const started = performance.now();
      const done = await store.aggregates.rebuild(values.campaign ? Number(values.campaign) : undefined);
      console.log(
        `rebuilt aggregates of ${done.campaigns} campaign(s) from ${done.responses} response(s) in ${Math.round(performance.now() - started)} ms`,
      );
      return 0;
    } finally {
      await store.close();
    }
  },
});
