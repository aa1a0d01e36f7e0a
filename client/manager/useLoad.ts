import { useCallback, useEffect, useRef, useState } from "react";
import type { Result } from "./api.ts";
import { useManager } from "./context.ts";
import { errorText } from "./i18n.ts";

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => Promise<void>;
  set: (data: T) => void;
}

/** Loads once (and again on reload() or when `key` changes); a failure becomes a text to show. */
export function useLoad<T>(load: () => Promise<Result<T>>, key: string): Loaded<T> {
  const { locale } = useManager();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  loadRef.current = load;
  const localeRef = useRef(locale);
  localeRef.current = locale;
  const generation = useRef(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names what is loaded
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    const r = await loadRef.current();
    if (mine !== generation.current) return;
    setLoading(false);
    if (r.ok) {
      setData(r.data);
      setError(null);
    } else if (r.status !== 401) setError(errorText(r.error, r.status, localeRef.current));
  }, [key]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, error, loading, reload, set: setData };
}
