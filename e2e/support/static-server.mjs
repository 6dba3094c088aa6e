// A tiny static file server on loopback for the packaging tests' throwaway
// projects, with the same content types as the shop (application/wasm
// included).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { contentType, resolvePath } from "../../shop/static.mjs";

/** Serves `dir` on 127.0.0.1 (any free port). Resolves to { url, close() }. */
export async function serveDirectory(dir) {
  const mounts = [{ prefix: "/", dir }];
  const server = createServer(async (req, res) => {
    const file = resolvePath(new URL(req.url, "http://static.invalid").pathname, mounts);
    const type = file && contentType(file);
    const info = type ? await stat(file).catch(() => null) : null;
    if (!info || !info.isFile()) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("Not found\n");
      return;
    }
    const body = await readFile(file);
    res.writeHead(200, { "Content-Type": type, "Content-Length": body.length, "Cache-Control": "no-store" });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
