// `npm run demo`: build the client if needed, seed an empty database with demo data, print the links, serve.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DEFAULT_CLIENT_DIR } from "./app.ts";
import { systemClock } from "./clock.ts";
import { readConfig } from "./config.ts";
import { type DemoCode, seedDemo } from "./demo-data.ts";
import { openStore, startServer } from "./start.ts";

const config = readConfig();
if (!existsSync(join(DEFAULT_CLIENT_DIR, "index.html"))) {
  console.log("Building the client (first run only)…");
  const { build } = await import("vite");
  await build({ configFile: new URL("../vite.config.ts", import.meta.url).pathname, logLevel: "warn" });
}

const store = await openStore(config);
const codesFile = join(dirname(config.databasePath), "demo-codes.json");
let codes: DemoCode[] = [];
if ((await store.units.count()) === 0) {
  codes = await seedDemo(store, systemClock, config.publicUrl);
  writeFileSync(codesFile, `${JSON.stringify(codes, null, 2)}\n`);
  console.log(`Demo data created; links written to ${codesFile}`);
} else if (existsSync(codesFile)) {
  codes = JSON.parse(readFileSync(codesFile, "utf8"));
}

for (const unit of [...new Set(codes.map((c) => c.unit))]) {
  const mine = codes.filter((c) => c.unit === unit);
  console.log(`\n${unit}`);
  for (const c of mine.filter((c) => c.kind === "parent")) console.log(`  phụ huynh (parent link): ${c.url}`);
  for (const c of mine.filter((c) => c.kind !== "parent")) console.log(`  cán bộ (staff code):     ${c.url}`);
}
console.log("");
await startServer(store, config);
