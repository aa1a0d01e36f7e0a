// A validation worker (validation-pool.ts): checks answers against forms that survey-core itself must
// check, off the main thread. Forms come once per worker, keyed by id and version.
import { parentPort } from "node:worker_threads";
import { compileValidator, type Validator } from "../../forms/compile-validator.ts";
import type { FormJson, Locale } from "../../forms/types.ts";
import { prepareSurveyCore } from "./survey-core-setup.ts";

export interface Task {
  id: number;
  key: string;
  /** Sent only the first time this worker sees the key. */
  form?: FormJson;
  answers: unknown;
  locale: Locale;
}

prepareSurveyCore();
const validators = new Map<string, Validator>();
const port = parentPort;
if (!port) throw new Error("validation worker started outside a worker thread");

port.on("message", (task: Task) => {
  try {
    let validate = validators.get(task.key);
    if (!validate) {
      if (!task.form) throw new Error(`form ${task.key} was not sent to this worker`);
      validate = compileValidator(task.form);
      if (validators.size >= 50) validators.delete(validators.keys().next().value as string);
      validators.set(task.key, validate);
    }
    port.postMessage({ id: task.id, errors: validate(task.answers, task.locale) });
  } catch (err) {
    port.postMessage({ id: task.id, failure: err instanceof Error ? err.message : String(err) });
  }
});
port.postMessage({ ready: true });
