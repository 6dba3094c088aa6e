// The merchant's side of e2e/challenge.test.mjs: a real HTTP server on its
// own loopback origin serving a test page that imports js/bindings/challenge.js and
// js/bindings/error.js as they are in the repository, under a strict
// Content-Security-Policy (Trusted Types included), plus the return landing
// page and a status endpoint the page's `poll` reads.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

const FILES = {
  "/js/challenge.js": "js/bindings/challenge.js",
  "/js/error.js": "js/bindings/error.js",
  "/challenge-page.js": "e2e/support/challenge-page.js",
};

/** The policy the test page runs under: what the README's "3-D Secure" section tells merchants. */
export function shopPolicy(issuerOrigin) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `frame-src ${issuerOrigin} 'self'`,
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join("; ");
}

const TEST_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Checkout</title>
<script type="module" src="/challenge-page.js"></script></head>
<body>
<h1>Checkout</h1>
<button id="pay" type="button">Pay</button>
<div id="host"></div>
</body>
</html>
`;

const RETURN_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Back at the shop</title></head>
<body><p>Back at the shop.</p></body>
</html>
`;

/**
 * Starts the shop on 127.0.0.1 (any free port). `status(id)` answers the
 * page's GET /status/{id} (JSON { finished }). Resolves to
 * { origin, setIssuerOrigin(o), close() }: the policy's frame-src needs the
 * issuer's origin, known once the issuer stand-in runs.
 */
export async function startShop({ status }) {
  let issuerOrigin = "";
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://shop.invalid");
    const headers = { "Cache-Control": "no-store", "Content-Security-Policy": shopPolicy(issuerOrigin) };
    if (url.pathname === "/" || url.pathname === "/return") {
      res.writeHead(200, { ...headers, "Content-Type": "text/html; charset=utf-8" });
      return res.end(url.pathname === "/" ? TEST_PAGE : RETURN_PAGE);
    }
    const status_ = /^\/status\/([a-z0-9]+)$/.exec(url.pathname);
    if (status_) {
      res.writeHead(200, { ...headers, "Content-Type": "application/json" });
      return res.end(JSON.stringify({ finished: status(status_[1]) }));
    }
    if (url.pathname === "/favicon.ico") {
      res.writeHead(204, headers);
      return res.end();
    }
    const file = FILES[url.pathname];
    if (file) {
      const body = await readFile(ROOT + file);
      res.writeHead(200, { ...headers, "Content-Type": "text/javascript; charset=utf-8" });
      return res.end(body);
    }
    res.writeHead(404, { ...headers, "Content-Type": "text/plain" });
    res.end("Not found\n");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    setIssuerOrigin(origin) {
      issuerOrigin = origin;
    },
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
