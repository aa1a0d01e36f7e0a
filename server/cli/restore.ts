// `npm run restore -- FILE`: checks a backup, then puts it in place of the database at DATABASE_PATH.
// Stop the server first: restore refuses while another process has the database open.
import { formatBytes } from "../backup/files.ts";
import { restoreDatabase } from "../backup/restore.ts";
import { BackupError } from "../backup/verify.ts";
import { POSTGRES_BACKUP, readConfig } from "../config.ts";
import { runCli } from "./run-cli.ts";

await runCli({
  usage:
    "usage: npm run restore -- FILE   (replaces the database at DATABASE_PATH by the backup FILE; stop the server first)",
  expected: (err) => err instanceof BackupError,
  failure: "Restore failed",
  run: ({ positionals: [file, ...rest] }) => {
    if (!file || rest.length > 0) return "usage";
    const { databasePath, databaseUrl } = readConfig();
    if (databaseUrl) {
      console.error(POSTGRES_BACKUP);
      return 1;
    }
    const done = restoreDatabase(file, databasePath);
    console.log(
      `Restored ${done.source}\n` +
        `    into ${done.path}\n` +
        `         ${formatBytes(done.bytes)}, ${done.responses} responses, ${done.receipts} receipts; integrity ok`,
    );
    console.log(
      done.keptAs
        ? `The database it replaced is kept as ${done.keptAs}`
        : "There was no database there before.",
    );
    if (done.pending.length > 0)
      console.log(`The server applies ${done.pending.length} newer migration(s) when it next starts.`);
    return 0;
  },
});
