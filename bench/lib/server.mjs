// A static file server on loopback for the browser measurements. Every answer
// is `no-store` (nothing survives into the next run) and cross-origin isolated
// (COOP + COEP), which gives performance.now() its fine resolution in
// Chromium; the sandbox is still reached cross-origin through CORS.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".css": "text/css",
};

/**
 * Serves `root` on 127.0.0.1; resolves to { url, close() }. `isolated: false`
 * leaves out COOP and COEP, for pages that embed a frame of another origin
 * which does not opt in to being embedded by an isolated page (the card frame).
 */
export function startStatic(root, { isolated = true } = {}) {
  const server = createServer(async (req, res) => {
    const headers = isolated
      ? { "Cache-Control": "no-store", "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" }
      : { "Cache-Control": "no-store" };
    try {
      const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
      const file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) throw Object.assign(new Error("outside"), { code: "ENOENT" });
      const info = await stat(file);
      const target = info.isDirectory() ? join(file, "index.html") : file;
      const body = await readFile(target);
      res.writeHead(200, { ...headers, "Content-Type": TYPES[extname(target)] || "application/octet-stream", "Content-Length": body.length });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (error) {
      res.writeHead(error.code === "ENOENT" || error.code === "EISDIR" ? 404 : 500, { ...headers, "Content-Type": "text/plain" });
      res.end(String(error.code || error.message));
    }
  });
  server.keepAliveTimeout = 1000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}
