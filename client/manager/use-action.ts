import { useState } from "react";
import type { Result } from "./api.ts";
import { useManager } from "./context.ts";
import { errorText } from "./i18n.ts";

interface OnSuccess<T> {
  /** The success note to show. */
  done?: string | ((data: T) => string);
  /** What to do next (reload a list), after the note is set. */
  after?: (data: T) => Promise<void> | void;
}

/** Runs one change of a form at a time, and keeps its error and its success note to show. */
export function useAction() {
  const { locale } = useManager();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async <T>(call: () => Promise<Result<T>>, success: OnSuccess<T> = {}) => {
    setBusy(true);
    setError(null);
    setDone(null);
    const r = await call();
    setBusy(false);
    if (!r.ok) {
      setError(errorText(r.error, r.status, locale));
      return r;
    }
    if (success.done !== undefined)
      setDone(typeof success.done === "string" ? success.done : success.done(r.data));
    await success.after?.(r.data);
    return r;
  };
  return { error, done, busy, run, setError, setDone };
}
