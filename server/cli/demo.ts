// `npm run demo`: build the client if needed, seed an empty database with demo data, print the links, serve.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { systemClock } from "../clock.ts";
import { type Config, linkBase, readConfig } from "../config.ts";
import { type DemoAccount, type DemoCode, seedDemo } from "../demo/seed.ts";
import { openStore, startServer } from "../start.ts";
import type { Store } from "../store/store.ts";
import { buildClientIfMissing } from "./build-client.ts";
import { runCli } from "./run-cli.ts";

await runCli({
  usage: "usage: npm run demo",
  run: async () => {
    const config = readConfig();
    await buildClientIfMissing(config.clientDir);
    const store = await openStore(config);
    const { codes, accounts } = await seedOrRead(store, config);
    for (const unit of [...new Set(codes.map((c) => c.unit))]) {
      const mine = codes.filter((c) => c.unit === unit);
      console.log(`\n${unit}`);
      for (const c of mine.filter((c) => c.kind === "parent"))
        console.log(`  phụ huynh (parent link): ${c.url}`);
      for (const c of mine.filter((c) => c.kind !== "parent"))
        console.log(`  cán bộ (staff code):     ${c.url}`);
    }
    console.log("\nSign in at", `${linkBase(config)}/`);
    for (const a of accounts) console.log(`  ${a.role} at ${a.unit}: ${a.username} / ${a.password}`);
    console.log("");
    await startServer(store, config);
    return undefined;
  },
});

/** Seeds an empty database and writes its links and accounts beside it; else reads them from there. */
async function seedOrRead(
  store: Store,
  config: Config,
): Promise<{ codes: DemoCode[]; accounts: DemoAccount[] }> {
  const codesFile = join(dirname(config.databasePath), "demo-codes.json");
  const accountsFile = join(dirname(config.databasePath), "demo-accounts.json");
  if ((await store.units.count()) === 0) {
    const seeded = await seedDemo(store, systemClock, linkBase(config));
    writeFileSync(codesFile, `${JSON.stringify(seeded.codes, null, 2)}\n`);
    // Demo passwords only: a real deployment creates accounts with `npm run admin`.
    writeFileSync(accountsFile, `${JSON.stringify(seeded.accounts, null, 2)}\n`, { mode: 0o600 });
    console.log(`Demo data created; links in ${codesFile}, accounts in ${accountsFile}`);
    return seeded;
  }
  return {
    codes: existsSync(codesFile) ? JSON.parse(readFileSync(codesFile, "utf8")) : [],
    accounts: existsSync(accountsFile) ? JSON.parse(readFileSync(accountsFile, "utf8")) : [],
  };
}
