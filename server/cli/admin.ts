// `npm run admin -- COMMAND …`: manager accounts from the machine's shell (see ACCOUNT_COMMANDS).
import { databaseName, readConfig } from "../config.ts";
import { openStore } from "../start.ts";
import { StoreError } from "../store/store-error.ts";
import { ACCOUNT_COMMANDS, runAccountCommand } from "./account-commands.ts";
import { runCli } from "./run-cli.ts";

const USAGE = `usage: npm run admin -- COMMAND\n${ACCOUNT_COMMANDS.map((c) => `  ${c}`).join("\n")}`;

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
  options: {
    unit: { type: "string" },
    role: { type: "string" },
    "every-unit": { type: "boolean" },
    "password-stdin": { type: "boolean" },
  },
  run: async ({ values, positionals }) => {
    const [command, username] = positionals;
    if (!command) return "usage";
    const password = values["password-stdin"] ? await readStdin() : undefined;
    if (password !== undefined && password.length < 10) {
      console.error("The password must have at least 10 characters.");
      return 2;
    }
    const config = readConfig();
    const store = await openStore(config);
    try {
      console.log(`(database ${databaseName(config)})`);
      return await runAccountCommand(
        store,
        {
          command,
          username,
          role: values.role,
          unit: values.unit,
          everyUnit: values["every-unit"],
          password,
        },
        new Date(),
        (line) => console.log(line),
      );
    } finally {
      await store.close();
    }
  },
});
