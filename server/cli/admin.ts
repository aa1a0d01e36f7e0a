// `npm run admin -- create-user NAME [--unit CODE] --role admin|manager|viewer [--password-stdin]`
import { createAccount } from "../accounts/create-account.ts";
import { databaseName, readConfig } from "../config.ts";
import { openStore } from "../start.ts";
import { StoreError } from "../store/store-error.ts";
import { ROLES, type Role } from "../store/types.ts";
import { runCli } from "./run-cli.ts";

const USAGE =
  "usage: npm run admin -- create-user NAME [--unit CODE] --role admin|manager|viewer [--password-stdin]";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

await runCli({
  usage: USAGE,
  expected: (err) => err instanceof StoreError,
  options: { unit: { type: "string" }, role: { type: "string" }, "password-stdin": { type: "boolean" } },
  run: async ({ values, positionals }) => {
    const [command, username] = positionals;
    if (command !== "create-user" || !username || !ROLES.includes(values.role as Role)) return "usage";
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
      console.log(`Created ${created.account.role} ${username} ${scope} in ${databaseName(config)}`);
      if (created.password) console.log(`password: ${created.password}`);
      return 0;
    } finally {
      await store.close();
    }
  },
});
