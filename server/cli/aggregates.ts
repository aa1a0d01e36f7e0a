// `npm run aggregates -- rebuild [--campaign ID]`: recompute the aggregates from the stored responses.
import { parseArgs } from "node:util";
import { readConfig } from "../config.ts";
import { openStore } from "../start.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { campaign: { type: "string" } },
});
if (positionals[0] !== "rebuild") {
  console.error("usage: npm run aggregates -- rebuild [--campaign ID]");
  process.exit(2);
}
const config = readConfig();
const store = await openStore(config);
const started = performance.now();
const done = await store.aggregates.rebuild(values.campaign ? Number(values.campaign) : undefined);
console.log(
  `rebuilt aggregates of ${done.campaigns} campaign(s) from ${done.responses} response(s) in ${Math.round(performance.now() - started)} ms`,
);
await store.close();
