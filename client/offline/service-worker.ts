// The form page's service worker, built to /sw.js (vite.config.ts) with the build's file list prepended
// (client/build/form-assets.ts). It keeps the form page's shell and every form opened once, so a link
// opened offline shows its form, and it keeps a submission the network lost until Background Sync can
// send it. Nothing of the managers' app is cached: their requests pass through untouched.
// It imports nothing: a shared module would become a chunk, and a classic worker cannot import it.

interface SwEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface SwFetchEvent extends SwEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface SwSyncEvent extends SwEvent {
  tag: string;
}
interface SwMessageEvent extends SwEvent {
  data: unknown;
}
interface SwClient {
  postMessage(message: unknown): void;
}
interface WorkerScope {
  TIEUCHI_ASSETS: { build: string; offline: string[] };
  location: Location;
  registration: { sync?: { register(tag: string): Promise<void> } };
  clients: { claim(): Promise<void>; matchAll(options?: { type?: string }): Promise<SwClient[]> };
  skipWaiting(): Promise<void>;
  addEventListener(type: "install" | "activate", listener: (e: SwEvent) => void): void;
  addEventListener(type: "fetch", listener: (e: SwFetchEvent) => void): void;
  addEventListener(type: "sync", listener: (e: SwSyncEvent) => void): void;
  addEventListener(type: "message", listener: (e: SwMessageEvent) => void): void;
}

const sw = self as unknown as WorkerScope;
const { build, offline } = sw.TIEUCHI_ASSETS;
const SHELL = `tieuchi-shell-${build}`;
const FORMS = "tieuchi-forms";
const OUTBOX = "tieuchi-outbox";
/** Also the message the page listens for (client/offline/register.ts). */
const SENT = "tieuchi:outbox-sent";
const FORM_PAGE = /^\/a\/[^/]+\/?$/;
const ACCESS = /^\/api\/a\/[^/]+$/;
const SUBMIT = /^\/api\/a\/[^/]+\/responses$/;
const shellFiles = new Set(offline);

sw.addEventListener("install", (e) => {
  // "/" is the same index.html every page starts from; the form page's navigations fall back to it.
  e.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(["/", ...offline]))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener("activate", (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith("tieuchi-shell-") && k !== SHELL).map((k) => caches.delete(k)),
        ),
      )
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener("fetch", (e) => {
  const request = e.request;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (request.method === "GET") {
    if (request.mode === "navigate" && FORM_PAGE.test(url.pathname)) e.respondWith(formPage(request));
    else if (shellFiles.has(url.pathname)) e.respondWith(shellFile(request));
    else if (ACCESS.test(url.pathname)) e.respondWith(access(request, url.pathname));
  } else if (request.method === "POST" && SUBMIT.test(url.pathname)) {
    e.respondWith(submit(request));
  }
});

// The page asks for its form to be kept when it was opened before this worker took control.
sw.addEventListener("message", (e) => {
  const m = e.data as { type?: string; path?: string; headers?: Record<string, string> } | null;
  if (m?.type === "tieuchi:remember" && typeof m.path === "string" && ACCESS.test(m.path))
    e.waitUntil(access(new Request(m.path, { headers: m.headers ?? {} }), m.path).catch(() => undefined));
});

sw.addEventListener("sync", (e) => {
  if (e.tag === OUTBOX) e.waitUntil(flushOutbox());
});

/** Network first (a new build, a 404 for a wrong code); offline, the cached shell. */
async function formPage(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (err) {
    const shell = await caches.match("/", { cacheName: SHELL });
    if (shell) return shell;
    throw err;
  }
}

/** Hashed files never change: the cached copy when there is one. */
async function shellFile(request: Request): Promise<Response> {
  const cached = await caches.match(request, { cacheName: SHELL });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(SHELL)).put(request, response.clone());
  return response;
}

/**
 * A form opened online is kept for offline use, without `previous` (earlier answers come only with a
 * revision key, and are never kept by the worker); a code that is gone or closed is dropped.
 */
async function access(request: Request, path: string): Promise<Response> {
  const cache = await caches.open(FORMS);
  let response: Response;
  try {
    response = await fetch(request);
  } catch (err) {
    const cached = await cache.match(path);
    if (cached) return cached;
    throw err;
  }
  if (response.ok) {
    // A captive portal answers 200 with HTML: not a form, not kept.
    const body = (await response
      .clone()
      .json()
      .catch(() => null)) as Record<string, unknown> | null;
    if (body && typeof body === "object") {
      delete body.previous;
      await cache.put(
        path,
        new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } }),
      );
    }
  } else if (response.status === 404 || response.status === 410) {
    await cache.delete(path);
  }
  return response;
}

/**
 * A submission the network lost is kept and handed to Background Sync, and the page still sees the
 * failure (it retries too, with the same clientId: the server stores one response per clientId).
 */
async function submit(request: Request): Promise<Response> {
  const body = await request.clone().text();
  const key = outboxKey(body);
  try {
    const response = await fetch(request);
    if (key) await (await caches.open(OUTBOX)).delete(key);
    return response;
  } catch (err) {
    if (key) {
      const entry = { url: request.url, headers: { "content-type": "application/json" }, body };
      await (await caches.open(OUTBOX)).put(key, new Response(JSON.stringify(entry)));
      await sw.registration.sync?.register(OUTBOX).catch(() => undefined);
    }
    throw err;
  }
}

/** Sends what is kept; a network failure, 429 or 5xx leaves it for the browser's next sync. */
async function flushOutbox(): Promise<void> {
  const cache = await caches.open(OUTBOX);
  let left = 0;
  for (const key of await cache.keys()) {
    const entry = (await (await cache.match(key))?.json()) as {
      url: string;
      headers: Record<string, string>;
      body: string;
    };
    try {
      const response = await fetch(entry.url, { method: "POST", headers: entry.headers, body: entry.body });
      if (response.status === 429 || response.status >= 500) left++;
      else await cache.delete(key);
    } catch {
      left++;
    }
  }
  for (const client of await sw.clients.matchAll({ type: "window" })) client.postMessage({ type: SENT });
  if (left > 0) throw new Error(`${left} submissions still waiting`);
}

function outboxKey(body: string): string | null {
  try {
    const clientId = (JSON.parse(body) as { clientId?: unknown }).clientId;
    return typeof clientId === "string" ? `/__outbox/${encodeURIComponent(clientId)}` : null;
  } catch {
    return null;
  }
}
