import { type ParseArgsConfig, parseArgs } from "node:util";
import { ConfigError } from "../config.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Args<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>;

export interface Command<O extends Options> {
  /** Printed (exit 2) when the arguments do not parse or `run` answers "usage". */
  usage: string;
  options?: O;
  /** Does the work; its number is the exit code. */
  run: (args: Args<O>) => Promise<number | "usage" | undefined> | number | "usage" | undefined;
  /** Errors worded for the operator, printed as they are (a wrong setting always is). */
  expected?: (err: unknown) => boolean;
  /** Put before the message of any other error, e.g. "Backup failed"; without it, such an error prints its stack. */
  failure?: string;
}

/**
 * Runs one command of an npm script: parses its arguments once, runs it, and turns the outcome into
 * an exit code: 2 with the usage line for wrong arguments, 1 with a message for a failure.
 */
export async function runCli<O extends Options = Record<never, never>>(command: Command<O>): Promise<void> {
  let args: Args<O>;
  try {
    args = parseArgs({ options: command.options ?? ({} as O), allowPositionals: true, strict: true });
  } catch {
    // an unknown option or a missing value
    return usage(command.usage);
  }
  try {
    const outcome = await command.run(args);
    if (outcome === "usage") return usage(command.usage);
    if (outcome !== undefined) process.exitCode = outcome;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof ConfigError || command.expected?.(err)) console.error(message);
    else if (command.failure) console.error(`${command.failure}: ${message}`);
    // Unforeseen: the stack is what a bug report needs.
    else console.error(err instanceof Error ? (err.stack ?? message) : message);
    process.exitCode = 1;
  }
}

function usage(line: string): void {
  console.error(line);
  process.exitCode = 2;
}
