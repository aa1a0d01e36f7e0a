import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { SERVICE_WORKER_FILE } from "./api/client-paths.ts";
import { formAssets } from "./client/build/form-assets.ts";
import { precompress } from "./client/build/precompress.ts";

// The client lives in client/; the server serves dist/client in production and proxies /api in dev.
// The service worker is a second entry, built to /sw.js (no hash: browsers look for updates at one URL).
export default defineConfig({
  root: "client",
  plugins: [react(), formAssets(), precompress()],
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: { index: fromHere("client/index.html"), sw: fromHere("client/offline/service-worker.ts") },
      output: {
        entryFileNames: (chunk) => (chunk.name === "sw" ? SERVICE_WORKER_FILE : "assets/[name]-[hash].js"),
      },
    },
  },
  server: { proxy: { "/api": `http://localhost:${process.env.API_PORT ?? 3000}` } },
});

function fromHere(path: string): string {
  return fileURLToPath(new URL(path, import.meta.url));
}
