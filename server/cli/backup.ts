// `npm run backup -- FILE`: a verified copy of the database at DATABASE_PATH, safe while the server runs.
import { backupDatabase } from "../backup/backup.ts";
import { formatBytes } from "../backup/files.ts";
import { BackupError } from "../backup/verify.ts";
import { POSTGRES_BACKUP, readConfig } from "../config.ts";
import { runCli } from "./run-cli.ts";

await runCli({
  usage: "usage: npm run backup -- FILE   (copies the database at DATABASE_PATH to FILE)",
  expected: (err) => err instanceof BackupError,
  failure: "Backup failed",
  run: async ({ positionals: [file, ...rest] }) => {
    if (!file || rest.length > 0) return "usage";
    const { databasePath, databaseUrl } = readConfig();
    if (databaseUrl) {
      console.error(POSTGRES_BACKUP);
      return 1;
    }
    const started = performance.now();
    const done = await backupDatabase(databasePath, file);
    console.log(
      `Backed up ${done.source}\n` +
        `      to ${done.path}\n` +
        `         ${formatBytes(done.bytes)} (${done.pages} pages), ${done.responses} responses, ` +
        `${done.receipts} receipts; integrity ok; ${Math.round(performance.now() - started)} ms`,
    );
    return 0;
  },
});
