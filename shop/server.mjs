// The demo merchant's server, in plain node:http. It serves the checkout pages
// (www/) and the built Tessera package (dist/, under /tessera/), takes orders
// that carry a token (never card data) and pays them on the KOMOJU-compatible
// API with its secret key. Every request is recorded (GET /__shop/log) so the
// tests can prove that no card data reached the merchant; stdout gets one line
// per request (method, path, status), never a body or a query string.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { HttpError, readBody, readRawBody, sendJson } from "./http-util.mjs";
import { Checkout, landingLanguage, parseJsonObject } from "./checkout.mjs";
import { OrderBook } from "./order-book.mjs";
import { createPayment, parseOrderRequest } from "./orders.mjs";
import { removeCardNumbers } from "./card-data.mjs";
import { checkoutCsp, fieldsPageCsp } from "./csp.mjs";
import { RequestLog } from "./request-log.mjs";
import { assetVersion } from "./asset-version.mjs";
import { ASSET_PREFIX, contentType, readPartials, serveStatic } from "./static.mjs";

const DEFAULT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PARTIALS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "partials");
const MAX_BODY = 4096;
const MAX_WEBHOOK_BODY = 256 * 1024;

/** The default webhook secret (the sandbox's default too). */
export const DEFAULT_WEBHOOK_SECRET = "whsec_test_sandbox";

function isLoopback(address = "") {
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}

/** What the demo shop sells: one order, priced on the server. */
export const DEFAULT_ORDER = Object.freeze({ amount: 4980, currency: "JPY" });

/** The sha384 Subresource Integrity of the script-tag build, from `distDir`/integrity.json. */
async function iifeIntegrity(distDir) {
  const text = await readFile(join(distDir, "integrity.json"), "utf8");
  const value = JSON.parse(text)["tessera.iife.js"];
  if (typeof value !== "string" || !/^sha384-[A-Za-z0-9+/]+=*$/.test(value)) {
    throw new Error("shop: dist/integrity.json has no sha384 hash for tessera.iife.js");
  }
  return value;
}

/**
 * Starts the shop. Resolves to { url, close(), log } once it listens, where
 * `log` is the RequestLog of every request received.
 *
 * - `csp`: the Content-Security-Policy of the HTML pages: true (the strict
 *   policy of csp.mjs), false (none), a string, or `(apiBase, issuerOrigin) => string`.
 * - `issuerOrigin`: the card issuer's 3-D Secure pages (the sandbox's issuer
 *   listener), allowed in frames by the policy.
 * - `distDir`: where the built package is served from, under /tessera/
 *   (default `root`/dist). The script-tag page's `integrity` is read from its
 *   integrity.json on every request, so a rebuild never leaves a stale hash.
 * - `tokenizerTimeoutMs`: the page's Tokenizer timeout per attempt; unset
 *   (the default) leaves Tessera's own (15 s). Tests shorten it.
 * - `fieldsUrl`: where Tessera's card frame page is served, for the
 *   card-fields page (/fields.html); default `sandboxUrl`/fields/fields.html,
 *   the payment provider's origin, as the sandbox serves it. With the strict
 *   policy, /fields.html gets its own (csp.mjs fieldsPageCsp): that origin as
 *   its only frame source, and no WebAssembly or payments API.
 */
export async function startShop({
  port = 0,
  host = "127.0.0.1",
  sandboxUrl,
  issuerOrigin = null,
  publishableKey = "pk_test_sandbox",
  secretKey = "sk_test_sandbox",
  root = DEFAULT_ROOT,
  order = DEFAULT_ORDER,
  csp = true,
  distDir = join(root, "dist"),
  tokenizerTimeoutMs = null,
  webhookSecret = DEFAULT_WEBHOOK_SECRET,
  fieldsUrl = null,
  logLine = (line) => process.stdout.write(line + "\n"),
} = {}) {
  if (!sandboxUrl) throw new Error("startShop: `sandboxUrl` (the payments API's base URL) is required");
  if (!publishableKey.startsWith("pk_")) throw new Error("startShop: the publishable key must start with pk_");
  if (!secretKey.startsWith("sk_")) throw new Error("startShop: the secret key must start with sk_");
  if (tokenizerTimeoutMs !== null && !(Number.isSafeInteger(tokenizerTimeoutMs) && tokenizerTimeoutMs > 0)) {
    throw new Error("startShop: `tokenizerTimeoutMs` must be a positive whole number of milliseconds");
  }
  if (typeof webhookSecret !== "string" || webhookSecret === "") throw new Error("startShop: `webhookSecret` must be a non-empty string");
  const apiBase = new URL(sandboxUrl).origin;
  const cardFieldsUrl = new URL(fieldsUrl ?? `${apiBase}/fields/fields.html`).href;
  const log = new RequestLog();
  const book = new OrderBook();
  let ownUrl = "";
  const checkout = new Checkout({
    api: { apiBase, secretKey }, shopUrl: () => ownUrl, webhookSecret, currency: order.currency, book,
  });
  const mounts = [
    { prefix: "/tessera/", dir: resolve(distDir) },
    { prefix: "/", dir: join(root, "www") },
  ];
  const policy = typeof csp === "function" ? csp(apiBase, issuerOrigin) : csp === true ? checkoutCsp(apiBase, issuerOrigin) : csp || null;
  const htmlHeaders = policy ? { "Content-Security-Policy": policy } : {};
  const fieldsPageHeaders = csp === true ? { "Content-Security-Policy": fieldsPageCsp(cardFieldsUrl, issuerOrigin) } : htmlHeaders;
  const version = assetVersion(mounts.map(({ dir }) => dir), { include: (name) => contentType(name) !== null });
  const templateValues = async () => ({
    assetBase: ASSET_PREFIX + await version(),
    apiBase,
    publishableKey,
    amount: String(order.amount),
    currency: order.currency,
    tokenizerTimeoutMs: tokenizerTimeoutMs === null ? "" : String(tokenizerTimeoutMs),
    iifeIntegrity: await iifeIntegrity(mounts[0].dir),
    fieldsUrl: cardFieldsUrl,
  });

  // The shop's own fragments (beside its code, whatever `root` is), read
  // per page as the pages are: an edit shows at once.
  const partials = () => readPartials(PARTIALS_DIR);

  async function handle(req, res) {
    const url = new URL(req.url, "http://shop.invalid");
    const path = url.pathname;
    if (path === "/__shop/log" && req.method === "GET") {
      // A test hook: only ever for clients on this machine.
      if (!isLoopback(req.socket.remoteAddress)) {
        sendJson(res, 403, { status: "error", code: "forbidden", message: "The log is only served to loopback clients." });
        return { status: 403, body: null };
      }
      sendJson(res, 200, log.entries());
      return { status: 200, body: null };
    }
    let body = "";
    try {
      if (path === "/webhooks/komoju") {
        // Verified on the raw bytes; nothing of the body is logged.
        if (req.method !== "POST") throw new HttpError(405, "method_not_allowed", "Use POST for webhooks.");
        const raw = await readRawBody(req, MAX_WEBHOOK_BODY);
        const [status, answer] = checkout.webhook(raw, req.headers["x-komoju-signature"]);
        sendJson(res, status, answer);
        return { status, body: "" };
      }
      body = await readBody(req, MAX_BODY);
      const post = (handler) => {
        if (req.method !== "POST") throw new HttpError(405, "method_not_allowed", `Use POST for ${path}.`);
        return handler();
      };
      if (path === "/orders") {
        return await post(async () => {
          const request = parseOrderRequest(body, req.headers["content-type"], order);
          // The direct route: a token (or a secure token) → Payment: Create.
          const kept = book.create({ route: "direct", items: null, amount: request.amount, currency: request.currency });
          const [status, answer, payment] = await createPayment(request, { sandboxUrl: apiBase, secretKey, externalOrderNum: kept.id });
          if (payment) book.applyPayment(kept, payment);
          sendJson(res, status, { ...answer, orderId: kept.id });
          return { status, body };
        });
      }
      const json = (fields) => parseJsonObject(body, req.headers["content-type"], fields);
      const answer = async (work) => {
        const [status, value] = await work();
        sendJson(res, status, value);
        return { status, body };
      };
      if (path === "/orders/session") {
        return await post(() => answer(() => checkout.createSessionOrder(json(["items", "email"]))));
      }
      if (path === "/orders/saved-card") {
        return await post(() => answer(() => checkout.createSavedCardOrder(json(["cardId", "items"]))));
      }
      if (path === "/account/cards") {
        if (req.method === "GET") return await answer(async () => checkout.listCards());
        return await post(() => answer(() => checkout.saveCard(json(["token"]))));
      }
      const orderPath = /^\/orders\/(ord_[0-9a-f]{24})(\/complete|\/pay|\/verified)?$/.exec(path);
      if (orderPath) {
        const [, id, action = ""] = orderPath;
        if (action === "/pay") return await post(() => answer(() => checkout.paySavedCardOrder(id)));
        if (req.method !== "GET" && req.method !== "HEAD") throw new HttpError(405, "method_not_allowed", `Use GET for ${path}.`);
        if (action === "") return await answer(async () => checkout.showOrder(id));
        const landing = action === "/complete"
          ? await checkout.complete(id, url.searchParams.get("session_id"), { lang: landingLanguage(req.headers["accept-language"]) })
          : { status: 200, html: "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Card verified</title></head><body><p>Verification finished: you can return to the shop.</p></body></html>" };
        res.writeHead(landing.status, {
          "Content-Type": "text/html; charset=utf-8",
          "Cache-Control": "no-store",
          "X-Content-Type-Options": "nosniff",
          "Content-Security-Policy": "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
          "Referrer-Policy": "no-referrer",
        });
        res.end(req.method === "HEAD" ? undefined : landing.html);
        return { status: landing.status, body };
      }
      if (req.method !== "GET" && req.method !== "HEAD") {
        throw new HttpError(405, "method_not_allowed", `${req.method} is not allowed here.`);
      }
      const headers = path === "/fields.html" ? fieldsPageHeaders : htmlHeaders;
      const status = await serveStatic(req, res, path, { mounts, templateValues, partials, htmlHeaders: headers, assetVersion: version });
      return { status, body };
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      sendJson(res, error.status, { status: "error", code: error.code, message: error.message });
      return { status: error.status, body };
    }
  }

  const server = createServer((req, res) => {
    handle(req, res)
      .catch((error) => {
        logLine(`shop: internal error (${error && error.name})`);
        if (!res.headersSent) sendJson(res, 500, { status: "error", code: "internal_error", message: "The shop failed." });
        else res.destroy();
        return { status: 500, body: "" };
      })
      .then(({ status, body }) => {
        const path = new URL(req.url, "http://shop.invalid").pathname;
        if (body !== null) log.add({ method: req.method, url: req.url, status, body });
        logLine(`${req.method} ${removeCardNumbers(path)} ${status}`);
      });
  });

  await new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolveListen();
    });
  });
  const address = server.address();
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  ownUrl = `http://${shownHost}:${address.port}`;
  return {
    url: ownUrl,
    orders: book,
    log,
    close() {
      return new Promise((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
}
