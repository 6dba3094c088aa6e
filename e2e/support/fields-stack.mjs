// The stack for the card-fields tests: a sandbox serving Tessera's card frame
// (dist/fields/) under /fields/, embeddable by exactly the test shop's origin,
// and a shop serving the test merchant page (e2e/fixtures/fields/www/) under a
// strict CSP that allows the frame's origin in frame-src. The shop's port is
// reserved first, because the sandbox must know the shop's origin when it starts.
import { createServer } from "node:net";
import { join } from "node:path";
import { startShop } from "../../shop/server.mjs";
import { PUBLISHABLE_KEY, ROOT, SECRET_KEY, startSandbox } from "../../scripts/stack.mjs";

export const FIXTURE_ROOT = join(ROOT, "e2e", "fixtures", "fields");
export const FIELDS_DIR = join(ROOT, "dist", "fields");

/** A free loopback port (closed again before it is returned). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The merchant page's policy: strict, with the frame's origin allowed as a frame source. */
export function merchantPolicy(frameOrigins) {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "connect-src 'self'",
    `frame-src ${frameOrigins.join(" ")}`,
    "style-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join("; ");
}

/** A shop serving the test merchant page, on `port` (0: any); its CSP lets it frame `frameOrigins`. */
export function startMerchant({ sandboxUrl, port = 0, frameOrigins = [new URL(sandboxUrl).origin] }) {
  return startShop({
    port,
    host: "127.0.0.1",
    sandboxUrl,
    publishableKey: PUBLISHABLE_KEY,
    secretKey: SECRET_KEY,
    root: FIXTURE_ROOT,
    distDir: join(ROOT, "dist"),
    csp: () => merchantPolicy(frameOrigins),
    logLine: () => {},
  });
}

/**
 * Starts a sandbox whose card frame allows exactly one shop's origin, and that
 * shop; `more` (a list of dist/fields/ copies, e.g. tampered) get a sandbox
 * each, allowing the same shop, which may frame them all;
 * `moreFrameSources(sandbox)` adds frame sources to the page's policy (the
 * issuer's origin and 'self' for 3-D Secure's dialog). Resolves to
 * { shopUrl, sandboxUrl, shop, sandbox, others: [sandbox…], close() }.
 */
export async function startFieldsStack({ more = [], moreFrameSources = () => [] } = {}) {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const sandboxes = await Promise.all([FIELDS_DIR, ...more].map((dir) => startSandbox({ fields: { dir, origins: [origin] } })));
    const closeSandboxes = () => Promise.all(sandboxes.map((s) => s.close()));
    try {
      const shop = await startMerchant({ sandboxUrl: sandboxes[0].url, port, frameOrigins: [...sandboxes.flatMap((s) => [s.url, s.url.replace("127.0.0.1", "localhost")]), ...moreFrameSources(sandboxes[0])] });
      return {
        shopUrl: shop.url,
        sandboxUrl: sandboxes[0].url,
        shop,
        sandbox: sandboxes[0],
        others: sandboxes.slice(1),
        async close() {
          await shop.close();
          await closeSandboxes();
        },
      };
    } catch (error) {
      await closeSandboxes();
      if (error.code !== "EADDRINUSE" || attempt >= 3) throw error;
    }
  }
}

/**
 * Serves dist/fields/ as the sandbox does (configuration meta tags filled,
 * the same CSP) but WITHOUT frame-ancestors: a misconfigured host, to show
 * that the frame's own script still refuses a parent it is not configured for.
 * Resolves to { url, close() }.
 */
export async function serveFieldsWithoutFrameAncestors({ origins, apiBase }) {
  const { createServer: createHttpServer } = await import("node:http");
  const { readFile } = await import("node:fs/promises");
  const types = { "fields.html": "text/html; charset=utf-8", "fields.js": "text/javascript", "fields.css": "text/css", "tessera_bg.wasm": "application/wasm" };
  const server = createHttpServer(async (req, res) => {
    const name = new URL(req.url, "http://x").pathname.replace(/^\/fields\//, "");
    if (!(name in types)) {
      res.writeHead(404);
      res.end();
      return;
    }
    let body = await readFile(join(FIELDS_DIR, name));
    const headers = { "Content-Type": types[name], "Cache-Control": "no-store" };
    if (name === "fields.html") {
      body = Buffer.from(body.toString("utf8")
        .replace('<meta name="tessera-allowed-origins" content="">', `<meta name="tessera-allowed-origins" content="${origins.join(" ")}">`)
        .replace(/<meta name="tessera-api-base" content="[^"]*">/, `<meta name="tessera-api-base" content="${apiBase}">`));
      headers["Content-Security-Policy"] = `default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' ${apiBase}; style-src 'self'`;
    }
    res.writeHead(200, headers);
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
