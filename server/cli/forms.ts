// `npm run forms -- check FILE.json…` checks forms as an upload would; `add FILE.json [--id ID]` adds a version.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { checkUpload, type UploadVerdict } from "../../forms/upload.ts";
import { databaseName, readConfig } from "../config.ts";
import { openStore } from "../start.ts";
import { runCli } from "./run-cli.ts";

const USAGE = "usage: npm run forms -- check FILE.json [FILE.json …] | add FILE.json [--id FORM_ID]";

function read(file: string, id?: string): UploadVerdict {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    return { ok: false, problems: [`cannot read ${file}: ${(err as Error).message}`] };
  }
  return checkUpload(id ?? basename(file, ".json"), json);
}

await runCli({
  usage: USAGE,
  options: { id: { type: "string" } },
  run: async ({ values, positionals: [command, ...files] }) => {
    if (command === "check" && files.length > 0) {
      let failed = 0;
      for (const file of files) {
        const verdict = read(file);
        if (verdict.ok) console.log(`ok      ${file} (${verdict.form.id} version ${verdict.form.version})`);
        else {
          failed++;
          console.log(`refused ${file}:\n${verdict.problems.map((p) => `  - ${p}`).join("\n")}`);
        }
      }
      return failed > 0 ? 1 : 0;
    }
    if (command === "add" && files.length === 1 && files[0]) {
      const verdict = read(files[0], values.id);
      if (!verdict.ok) {
        console.error(`refused ${files[0]}:\n${verdict.problems.map((p) => `  - ${p}`).join("\n")}`);
        return 1;
      }
      const config = readConfig();
      const store = await openStore(config);
      try {
        const added = await store.forms.addVersions([verdict.form], new Date());
        console.log(
          added > 0
            ? `added ${verdict.form.id} version ${verdict.form.version} to ${databaseName(config)}`
            : `unchanged: ${verdict.form.id} version ${verdict.form.version} is stored already`,
        );
        return 0;
      } finally {
        await store.close();
      }
    }
    return "usage";
  },
});
