import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";

/** Hashed assets are cached for good; every other path gets index.html so the client routes it. */
export function serveClient(app: Hono<AppEnv>, clientDir: string) {
  const indexPath = join(clientDir, "index.html");
  app.use(
    "/assets/*",
    serveStatic({
      root: clientDir,
      onFound: (_path, c) => c.header("Cache-Control", "public, max-age=31536000, immutable"),
    }),
  );
  app.get("/assets/*", (c) => c.text("Not found", 404));
  let indexHtml: string | undefined;
  app.get("*", (c) => {
    indexHtml ??= existsSync(indexPath) ? readFileSync(indexPath, "utf8") : undefined;
    if (!indexHtml) return c.text("The client is not built yet: run `npm run build`.", 503);
    c.header("Cache-Control", "no-cache");
    return c.html(indexHtml);
  });
}
