// Tests that read the sibling folder ../shared/ (seeds, external forms), which lives beside the repository
// on the project's machines but not in it. A developer without it gets those tests skipped; CI (the env
// var CI set) must not pass on a machine where they silently did not run, so there they fail.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, test } from "vitest";

/** The absolute path of ../shared/<sub>/ (with a trailing slash), beside the repository. */
export function sharedPath(sub: string): string {
  return fileURLToPath(new URL(`../../shared/${sub}/`, import.meta.url));
}

/**
 * describe(name, body) over ../shared/<sub>/ when the folder is there; when it is missing, a skipped
 * suite, or a failing test when CI is set.
 */
export function describeShared(sub: string, name: string, body: (dir: string) => void): void {
  const dir = sharedPath(sub);
  if (existsSync(dir)) describe(name, () => body(dir));
  else if (inCi()) test(name, () => missing(dir));
  else describe.skip(name, () => test("needs ../shared", () => missing(dir)));
}

/** CI set to anything but "", "0" or "false". */
function inCi(): boolean {
  return !["", "0", "false"].includes(process.env.CI ?? "");
}

function missing(dir: string): never {
  throw new Error(`${dir} is missing: CI is set, so the tests that read it fail instead of skipping`);
}
