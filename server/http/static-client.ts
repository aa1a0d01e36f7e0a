import { existsSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import type { Context, Hono } from "hono";
import {
  clientPage,
  FORM_ASSETS_FILE,
  type FormAssets,
  SERVICE_WORKER_FILE,
} from "../../api/client-paths.ts";
import type { AppEnv } from "../app-env.ts";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json",
};

/**
 * The built client. Hashed assets are cached for good and sent as the build precompressed them (Brotli,
 * else gzip); `/a/:code` pages name the form page's files up front so they download beside the entry;
 * paths that are no page (a link cut short, a typo) get the client with status 404, which shows
 * respondents a not-found page rather than the managers' sign-in.
 */
export function serveClient(app: Hono<AppEnv>, clientDir: string) {
  const files = new AssetFiles(join(clientDir, "assets"));
  app.get("/assets/*", (c) => {
    const name = c.req.path.slice("/assets/".length);
    const found = files.get(name, c.req.header("accept-encoding") ?? "");
    if (!found) return c.text("Not found", 404);
    c.header("Content-Type", TYPES[extname(name)] ?? "application/octet-stream");
    c.header("Cache-Control", "public, max-age=31536000, immutable");
    c.header("Vary", "Accept-Encoding");
    if (found.encoding) c.header("Content-Encoding", found.encoding);
    return c.body(new Uint8Array(found.body));
  });

  // Read on first use (tests build the client after the app is made), and again until it is there.
  let pages: Pages | null = null;
  const load = () => {
    pages ??= readPages(clientDir);
    return pages;
  };
  app.get(`/${SERVICE_WORKER_FILE}`, (c) => {
    const worker = load()?.worker;
    if (!worker) return c.text("Not found", 404);
    // Browsers look for a new worker at each visit; no-cache makes that look reach the server.
    c.header("Cache-Control", "no-cache");
    c.header("Content-Type", TYPES[".js"] as string);
    return c.body(worker);
  });
  app.get("*", async (c) => {
    const p = load();
    if (!p) return c.text("The client is not built yet: run `npm run build`.", 503);
    c.header("Cache-Control", "no-cache");
    const page = clientPage(c.req.path);
    if (page.kind === "manager") return c.html(p.index);
    if (page.kind === "form") return c.html(p.form, (await codeExists(c, page.code)) ? 200 : 404);
    return c.html(p.index, 404);
  });
}

interface Pages {
  index: string;
  /** index.html with the form page's files preloaded. */
  form: string;
  worker: string | undefined;
}

function readPages(clientDir: string): Pages | null {
  const indexPath = join(clientDir, "index.html");
  if (!existsSync(indexPath)) return null;
  const index = readFileSync(indexPath, "utf8");
  const assetsPath = join(clientDir, FORM_ASSETS_FILE);
  const workerPath = join(clientDir, SERVICE_WORKER_FILE);
  const assets: FormAssets | null = existsSync(assetsPath)
    ? JSON.parse(readFileSync(assetsPath, "utf8"))
    : null;
  const links = (assets?.preload ?? [])
    .map((f) =>
      f.endsWith(".css")
        ? `<link rel="stylesheet" crossorigin href="${f}">`
        : `<link rel="modulepreload" crossorigin href="${f}">`,
    )
    .join("");
  return {
    index,
    form: index.replace("</head>", `${links}</head>`),
    worker: existsSync(workerPath) ? readFileSync(workerPath, "utf8") : undefined,
  };
}

/** A code of the right shape that no campaign gave out is a 404 page too (the client says so in words). */
async function codeExists(c: Context<AppEnv>, code: string): Promise<boolean> {
  return (await c.var.store.campaigns.findAccess(code)) !== undefined;
}

/** Built assets read once and kept in memory with their precompressed twins: a few MB in all. */
class AssetFiles {
  private readonly cache = new Map<string, Buffer>();

  constructor(private readonly dir: string) {}

  get(name: string, acceptEncoding: string): { body: Buffer; encoding?: "br" | "gzip" } | null {
    // Only plain names of files in the folder: no sub-folders, no "..".
    if (!/^[\w.-]+$/.test(name) || name.startsWith(".") || /\.(br|gz)$/.test(name)) return null;
    const raw = this.read(name);
    if (!raw) return null;
    if (/\bbr\b/.test(acceptEncoding)) {
      const br = this.read(`${name}.br`);
      if (br) return { body: br, encoding: "br" };
    }
    if (/\bgzip\b/.test(acceptEncoding)) {
      const gz = this.read(`${name}.gz`);
      if (gz) return { body: gz, encoding: "gzip" };
    }
    return { body: raw };
  }

  // Only files found are kept: made-up names must not grow the map.
  private read(name: string): Buffer | null {
    const kept = this.cache.get(name);
    if (kept) return kept;
    const path = join(this.dir, name);
    if (!existsSync(path)) return null;
    const body = readFileSync(path);
    this.cache.set(name, body);
    return body;
  }
}
