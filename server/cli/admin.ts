// `npm run admin -- create-user NAME [--unit CODE] --role admin|manager|viewer [--password-stdin]`
import { parseArgs } from "node:util";
import { createAccount } from "../accounts/create-account.ts";
import { readConfig } from "../config.ts";
import { openStore } from "../start.ts";
import { ROLES, type Role } from "../store/types.ts";

const USAGE =
  "usage: npm run admin -- create-user NAME [--unit CODE] --role admin|manager|viewer [--password-stdin]";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { unit: { type: "string" }, role: { type: "string" }, "password-stdin": { type: "boolean" } },
  });
  const [command, username] = positionals;
  if (command !== "create-user" || !username || !ROLES.includes(values.role as Role)) {
    console.error(USAGE);
    return 2;
  }
  const password = values["password-stdin"] ? await readStdin() : undefined;
  if (password !== undefined && password.length < 10) {
    console.error("The password must have at least 10 characters.");
    return 2;
  }
  const config = readConfig();
  const store = await openStore(config);
  try {
    const created = await createAccount(
      store,
      { username, role: values.role as Role, unitCode: values.unit ?? null, password },
      new Date(),
    );
    const scope = created.account.unitCode ? `at ${created.account.unitCode}` : "over every unit";
    console.log(`Created ${created.account.role} ${username} ${scope} in ${config.databasePath}`);
    if (created.password) console.log(`password: ${created.password}`);
    return 0;
  } catch (err) {
    console.error((err as Error).message);
    return 1;
  } finally {
    await store.close();
  }
}

process.exitCode = await main();
