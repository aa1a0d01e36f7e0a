import { createHash } from "node:crypto";
import type { OutputBundle, OutputChunk } from "rolldown";
import type { Plugin } from "vite";
import { FORM_ASSETS_FILE, type FormAssets, SERVICE_WORKER_FILE } from "../../api/client-paths.ts";

/**
 * Lists the form page's files (the entry and the FormPage chunk with what they import, never the
 * managers' chunks) for the server's preload links and the service worker's cache, and prepends that
 * list to the service worker, so a new build is a new worker.
 */
export function formAssets(): Plugin {
  return {
    name: "tieuchi-form-assets",
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === "chunk");
      const entry = chunks.find((c) => c.isEntry && c.facadeModuleId?.endsWith("/client/index.html"));
      const form = chunks.find((c) => c.facadeModuleId?.endsWith("/client/pages/FormPage.tsx"));
      const worker = bundle[SERVICE_WORKER_FILE];
      if (!entry || !form || worker?.type !== "chunk")
        throw new Error("form-assets: the entry, the FormPage chunk or the service worker is missing");
      const fromEntry = closure(bundle, [entry.fileName]);
      const fromForm = closure(bundle, [form.fileName]);
      const preload = [...fromForm].filter((f) => !fromEntry.has(f));
      const offline = [...new Set([...fromEntry, ...fromForm])];
      const hash = createHash("sha256");
      for (const name of Object.keys(bundle).sort()) if (name !== SERVICE_WORKER_FILE) hash.update(name);
      const assets: FormAssets = {
        build: hash.digest("hex").slice(0, 16),
        preload: preload.map((f) => `/${f}`),
        offline: offline.map((f) => `/${f}`),
      };
      worker.code = `self.TIEUCHI_ASSETS=${JSON.stringify(assets)};\n${worker.code}`;
      this.emitFile({ type: "asset", fileName: FORM_ASSETS_FILE, source: JSON.stringify(assets, null, 2) });
    },
  };
}

/** A chunk's file, its static imports (transitively) and the CSS they import. */
function closure(bundle: OutputBundle, start: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...start];
  for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
    if (seen.has(name)) continue;
    seen.add(name);
    const chunk = bundle[name];
    if (chunk?.type !== "chunk") continue;
    todo.push(...chunk.imports);
    const css = (chunk as OutputChunk & { viteMetadata?: { importedCss?: Set<string> } }).viteMetadata
      ?.importedCss;
    for (const f of css ?? []) seen.add(f);
  }
  return seen;
}
