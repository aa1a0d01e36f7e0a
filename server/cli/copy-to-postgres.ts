// `npm run copy-to-postgres`: copies the SQLite database at DATABASE_PATH into the empty PostgreSQL
// database at DATABASE_URL (a school moving up to the province's server), then compares the results.
import { databaseName, readConfig } from "../config.ts";
import { copySqliteToPostgres } from "../store/copy-to-postgres.ts";
import { runCli } from "./run-cli.ts";

await runCli({
  usage:
    "usage: DATABASE_URL=postgres://… npm run copy-to-postgres   (copies DATABASE_PATH; stop the server first)",
  run: async ({ positionals }) => {
    const config = readConfig();
    if (positionals.length > 0 || !config.databaseUrl) return "usage";
    const done = await copySqliteToPostgres(config.databasePath, config.databaseUrl);
    for (const [table, n] of Object.entries(done.rows)) if (n > 0) console.log(`  ${table}: ${n} rows`);
    if (done.differences.length > 0) {
      console.error(`Copied, but the results differ in: ${done.differences.join(", ")}`);
      return 1;
    }
    console.log(
      `Copied ${config.databasePath} into ${databaseName(config)}; aggregates and released results equal`,
    );
    return 0;
  },
});
