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
export function merchantPolicy(apiBase, frameOrigin = apiBase) {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "connect-src 'self'",
    `frame-src ${frameOrigin}`,
    "style-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join("; ");
}

/** A shop serving the test merchant page, on `port` (0: any). */
export function startMerchant({ sandboxUrl, port = 0, frameOrigin = new URL(sandboxUrl).origin }) {
  return startShop({
    port,
    host: "127.0.0.1",
    sandboxUrl,
    publishableKey: PUBLISHABLE_KEY,
    secretKey: SECRET_KEY,
    root: FIXTURE_ROOT,
    distDir: join(ROOT, "dist"),
    csp: (apiBase) => merchantPolicy(apiBase, frameOrigin),
    logLine: () => {},
  });
}

/**
 * Starts a sandbox whose card frame allows exactly one shop's origin, and that
 * shop. `fieldsDir` replaces dist/fields/ (for tampered copies); `extraOrigins`
 * are allowed too. Resolves to { shopUrl, sandboxUrl, shop, sandbox, close() }.
 */
export async function startFieldsStack({ fieldsDir = FIELDS_DIR, extraOrigins = [] } = {}) {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const sandbox = await startSandbox({ fields: { dir: fieldsDir, origins: [origin, ...extraOrigins] } });
    try {
      const shop = await startMerchant({ sandboxUrl: sandbox.url, port });
      return {
        shopUrl: shop.url,
        sandboxUrl: sandbox.url,
        shop,
        sandbox,
        async close() {
          await shop.close();
          await sandbox.close();
        },
      };
    } catch (error) {
      await sandbox.close();
      if (error.code !== "EADDRINUSE" || attempt >= 3) throw error;
    }
  }
}
