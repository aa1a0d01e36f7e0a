// `npm run demo`: build the client if needed, seed an empty database with demo data, print the links, serve.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { systemClock } from "../clock.ts";
import { linkBase, readConfig } from "../config.ts";
import { type DemoAccount, type DemoCode, seedDemo } from "../demo/seed.ts";
import { openStore, startServer } from "../start.ts";

const config = readConfig();
if (!existsSync(join(config.clientDir, "index.html"))) {
  console.log("Building the client (first run only)…");
  const { build } = await import("vite");
  await build({
    configFile: new URL("../../vite.config.ts", import.meta.url).pathname,
    logLevel: "warn",
    build: { outDir: config.clientDir },
  });
}

const store = await openStore(config);
const codesFile = join(dirname(config.databasePath), "demo-codes.json");
const accountsFile = join(dirname(config.databasePath), "demo-accounts.json");
let codes: DemoCode[] = [];
let accounts: DemoAccount[] = [];
if ((await store.units.count()) === 0) {
  ({ codes, accounts } = await seedDemo(store, systemClock, linkBase(config)));
  writeFileSync(codesFile, `${JSON.stringify(codes, null, 2)}\n`);
  // Demo passwords only: a real deployment creates accounts with `npm run admin`.
  writeFileSync(accountsFile, `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
  console.log(`Demo data created; links in ${codesFile}, accounts in ${accountsFile}`);
} else {
  if (existsSync(codesFile)) codes = JSON.parse(readFileSync(codesFile, "utf8"));
  if (existsSync(accountsFile)) accounts = JSON.parse(readFileSync(accountsFile, "utf8"));
}

for (const unit of [...new Set(codes.map((c) => c.unit))]) {
  const mine = codes.filter((c) => c.unit === unit);
  console.log(`\n${unit}`);
  for (const c of mine.filter((c) => c.kind === "parent")) console.log(`  phụ huynh (parent link): ${c.url}`);
  for (const c of mine.filter((c) => c.kind !== "parent")) console.log(`  cán bộ (staff code):     ${c.url}`);
}
console.log("\nSign in at", `${linkBase(config)}/`);
for (const a of accounts) console.log(`  ${a.role} at ${a.unit}: ${a.username} / ${a.password}`);
console.log("");
await startServer(store, config);
