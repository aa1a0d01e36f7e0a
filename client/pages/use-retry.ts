import { useCallback, useEffect, useRef, useState } from "react";
import { onOutboxSent } from "../offline/register.ts";

const FIRST_DELAY_MS = 2_000;
const LONGEST_DELAY_MS = 5 * 60_000;

/** The wait before retry number `attempt` (0-based): 2 s, 4 s, 8 s … up to 5 minutes. */
export function retryDelay(attempt: number): number {
  return Math.min(FIRST_DELAY_MS * 2 ** attempt, LONGEST_DELAY_MS);
}

/**
 * Retries a submission the network lost: by itself with a growing wait, at once when the browser is
 * back online or the page is shown again, and when the service worker's Background Sync has sent it
 * (the retry then gets the stored answer's result: same clientId).
 */
export function useRetry(send: () => void, waiting: boolean) {
  const attempt = useRef(0);
  const [nextAt, setNextAt] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const sendRef = useRef(send);
  sendRef.current = send;

  /** Called when an attempt failed for want of a network: plans the next one. */
  const schedule = useCallback(() => {
    clearTimeout(timer.current);
    const delay = retryDelay(attempt.current);
    attempt.current++;
    setNextAt(Date.now() + delay);
    timer.current = setTimeout(() => sendRef.current(), delay);
  }, []);

  /** Called when the server answered: the next loss starts again from the shortest wait. */
  const reset = useCallback(() => {
    clearTimeout(timer.current);
    attempt.current = 0;
    setNextAt(null);
  }, []);

  /** Called as an attempt starts: none is planned while it runs. */
  const waitNow = useCallback(() => {
    clearTimeout(timer.current);
    setNextAt(null);
  }, []);

  useEffect(() => {
    if (!waiting) return;
    const now = () => sendRef.current();
    const onVisible = () => {
      if (document.visibilityState === "visible") now();
    };
    window.addEventListener("online", now);
    document.addEventListener("visibilitychange", onVisible);
    const stop = onOutboxSent(now);
    return () => {
      window.removeEventListener("online", now);
      document.removeEventListener("visibilitychange", onVisible);
      stop();
    };
  }, [waiting]);

  useEffect(() => () => clearTimeout(timer.current), []);
  return { schedule, reset, waitNow, nextAt };
}
