import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The client lives in client/; the server serves dist/client in production and proxies /api in dev.
export default defineConfig({
  root: "client",
  plugins: [react()],
  build: { outDir: "../dist/client", emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { "/api": `http://localhost:${process.env.API_PORT ?? 3000}` } },
});
