/** Message the service worker posts after Background Sync sent what it kept (client/offline/service-worker.ts). */
const SENT = "tieuchi:outbox-sent";

/**
 * Installs the form page's service worker (only form pages do: the managers' app stays online-only) and,
 * the first time, when this page was loaded before the worker took control, asks it to keep this form.
 */
export function registerServiceWorker(accessPath: string, headers: Record<string, string>): void {
  if (!("serviceWorker" in navigator)) return;
  const controlled = !!navigator.serviceWorker.controller;
  navigator.serviceWorker
    .register("/sw.js")
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      if (!controlled)
        registration.active?.postMessage({ type: "tieuchi:remember", path: accessPath, headers });
    })
    // Plain HTTP outside localhost, private windows: the form works online as before.
    .catch(() => undefined);
}

/** Calls `onSent` when the service worker has sent kept submissions (the page then asks for its result). */
export function onOutboxSent(onSent: () => void): () => void {
  if (!("serviceWorker" in navigator)) return () => {};
  const listener = (e: MessageEvent) => {
    if ((e.data as { type?: string } | null)?.type === SENT) onSent();
  };
  navigator.serviceWorker.addEventListener("message", listener);
  return () => navigator.serviceWorker.removeEventListener("message", listener);
}
