// `npm run backup -- FILE`: a verified copy of the database at DATABASE_PATH, safe while the server runs.
import { parseArgs } from "node:util";
import { backupDatabase } from "../backup/backup.ts";
import { formatBytes } from "../backup/files.ts";
import { BackupError } from "../backup/verify.ts";
import { readConfig } from "../config.ts";

const USAGE = "usage: npm run backup -- FILE   (copies the database at DATABASE_PATH to FILE)";

async function main(): Promise<number> {
  let file: string | undefined;
  try {
    const { positionals } = parseArgs({ allowPositionals: true, options: {} });
    if (positionals.length === 1) file = positionals[0];
  } catch {
    // an unknown option: fall through to the usage line
  }
  if (!file) {
    console.error(USAGE);
    return 2;
  }
  try {
    const { databasePath } = readConfig();
    const started = performance.now();
    const done = await backupDatabase(databasePath, file);
    console.log(
      `Backed up ${done.source}\n` +
        `      to ${done.path}\n` +
        `         ${formatBytes(done.bytes)} (${done.pages} pages), ${done.responses} responses, ` +
        `${done.receipts} receipts; integrity ok; ${Math.round(performance.now() - started)} ms`,
    );
    return 0;
  } catch (err) {
    console.error(err instanceof BackupError ? err.message : `Backup failed: ${(err as Error).message}`);
    return 1;
  }
}

process.exitCode = await main();
