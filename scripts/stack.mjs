// Starts and stops the demo stack: the KOMOJU-compatible sandbox (the Rust
// binary, built by `cargo build -p tessera-sandbox`) and the shop, each on its
// own loopback port so the page's tokens request is cross-origin, as it is in
// production. Used by scripts/start.mjs and by the e2e tests.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startShop } from "../shop/server.mjs";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const SANDBOX_BIN = process.env.TESSERA_SANDBOX_BIN || join(process.env.CARGO_TARGET_DIR || join(ROOT, "target"), "debug", "tessera-sandbox");
export const PUBLISHABLE_KEY = "pk_test_sandbox";
export const SECRET_KEY = "sk_test_sandbox";
/** The secret both the sandbox signs webhooks with and the shop verifies them with. */
export const WEBHOOK_SECRET = "whsec_test_sandbox";

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * Starts the sandbox binary on 127.0.0.1:`port` (0 = any free port). Resolves
 * to { url, issuerUrl, process, output(), requests(), reset(), fault(spec), clearFaults(),
 * close() } once it listens. `allowOrigins` (a list) restricts CORS to those
 * page origins (`--allow-origin`); by default any loopback origin is allowed.
 * `fields` ({ dir, origins }) serves Tessera's card frame under /fields/.
 */
export async function startSandbox({
  port = 0, bin = SANDBOX_BIN, startTimeoutMs = 15_000, allowOrigins = [], fields = null, webhookUrls = [],
  webhookSecret = WEBHOOK_SECRET,
} = {}) {
  if (!existsSync(bin)) {
    throw new Error(`the sandbox binary ${bin} is missing: run \`cargo build -p tessera-sandbox\``);
  }
  const dir = mkdtempSync(join(tmpdir(), "tessera-sandbox-"));
  const portFile = join(dir, "url");
  const issuerFile = join(dir, "issuer-url");
  const args = ["--listen", `127.0.0.1:${port}`, "--port-file", portFile, "--issuer-port-file", issuerFile];
  for (const origin of allowOrigins) args.push("--allow-origin", origin);
  // The card frame (issue 14): `fields` = { dir, origins } serves `dir`
  // (dist/fields/) under /fields/, embeddable by exactly `origins`.
  if (fields) {
    args.push("--fields-dir", fields.dir);
    for (const origin of fields.origins ?? []) args.push("--fields-origin", origin);
  }
  for (const hook of webhookUrls) args.push("--webhook-url", hook);
  args.push("--webhook-secret", webhookSecret);
  const child = spawn(bin, args, {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => { output += chunk; });
  child.stderr.on("data", (chunk) => { output += chunk; });
  const exited = new Promise((done) => child.once("exit", (code, signal) => done({ code, signal })));
  let exitStatus = null;
  exited.then((status) => { exitStatus = status; });
  // Never outlive the process that started it, even when that one crashes.
  const killOnExit = () => {
    if (!exitStatus) child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", killOnExit);
  exited.then(() => process.off("exit", killOnExit));

  const deadline = Date.now() + startTimeoutMs;
  let url = "";
  while (!url) {
    if (exitStatus) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`the sandbox exited (${exitStatus.code ?? exitStatus.signal}) before listening:\n${output}`);
    }
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`the sandbox did not start within ${startTimeoutMs} ms:\n${output}`);
    }
    const listening = /listening on (http:\/\/\S+)\r?\n/.exec(output);
    if (listening) url = listening[1];
    else if (existsSync(portFile)) {
      // Accept the file once two reads agree, so a half-written URL is never used.
      const first = readFileSync(portFile, "utf8").trim();
      await sleep(20);
      if (first && first === readFileSync(portFile, "utf8").trim()) url = first;
    }
    if (!url) await sleep(50);
  }
  url = url.replace(/\/+$/, "");
  // The issuer's challenge pages (3-D Secure), on their own origin: printed
  // on the second line, and written to their own file.
  let issuerUrl = "";
  while (!issuerUrl) {
    const printed = /issuer pages on (http:\/\/\S+)\r?\n/.exec(output);
    if (printed) issuerUrl = printed[1];
    else if (existsSync(issuerFile)) issuerUrl = readFileSync(issuerFile, "utf8").trim();
    if (!issuerUrl) {
      if (exitStatus || Date.now() > deadline) throw new Error(`the sandbox did not say where its issuer pages are:\n${output}`);
      await sleep(20);
    }
  }
  issuerUrl = issuerUrl.replace(/\/+$/, "");

  async function admin(method, path, body) {
    const response = await fetch(url + path, body === undefined ? { method } : {
      method,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`sandbox ${method} ${path}: HTTP ${response.status}`);
    return response.headers.get("content-type")?.includes("json") ? response.json() : response.text();
  }

  return {
    url,
    /** The card issuer's 3-D Secure challenge pages (another origin). */
    issuerUrl,
    process: child,
    output: () => output,
    /** The requests the sandbox received (card data masked by the sandbox). */
    requests: () => admin("GET", "/__sandbox/requests"),
    reset: () => admin("POST", "/__sandbox/reset"),
    /** Queues a fault for the next token requests, e.g. { status: 503, count: 3 }. */
    fault: (spec) => admin("POST", "/__sandbox/faults", spec),
    /** Drops every queued fault (e.g. the ones a test queued but did not use). */
    clearFaults: () => admin("DELETE", "/__sandbox/faults"),
    /** Where the sandbox sends its signed webhooks from now on. */
    setWebhookUrls: (urls) => admin("PUT", "/__sandbox/webhooks", { urls }),
    /** The webhook delivery attempts so far. */
    webhooks: () => admin("GET", "/__sandbox/webhooks"),
    /** Sends an event again (byte for byte, same signature). */
    redeliver: (eventId) => admin("POST", "/__sandbox/webhooks/redeliver", { event_id: eventId }),
    /** The shopper pays a konbini payment at the store: it becomes captured. */
    payAtStore: (paymentId) => admin("POST", `/__sandbox/payments/${encodeURIComponent(paymentId)}/pay-at-store`),
    /** A pending or authorized payment expires unpaid. */
    expire: (paymentId) => admin("POST", `/__sandbox/payments/${encodeURIComponent(paymentId)}/expire`),
    async close() {
      if (!exitStatus) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether `port` on 127.0.0.1 can be listened on now (0: any port, which always can). */
function portFree(port) {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once("error", () => resolvePort(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolvePort(true)));
  });
}

/** A free loopback port, closed again before it is returned. */
function anyFreePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts the sandbox and the shop. `shopPort` is tried first and, when it is
 * taken and `fallback` is true, any free port is used instead. `allowOrigins`
 * goes to the sandbox (see startSandbox); `shop` holds more options for
 * startShop (`csp`, `distDir`, `tokenizerTimeoutMs`, ...).
 *
 * The sandbox also serves Tessera's card frame (`distDir`/fields/, when it was
 * built) under /fields/, embeddable by the shop's origin only (as
 * 127.0.0.1 and as localhost), for the shop's card-fields page
 * (/fields.html). The sandbox must know that origin when it starts, so the
 * shop's port is chosen first.
 * The shop's policy allows the sandbox's issuer pages in frames (3-D Secure).
 * Resolves to { shopUrl, sandboxUrl, issuerUrl, fieldsUrl, shop, sandbox, close() }.
 */
export async function startStack({
  shopPort = 0, sandboxPort = 0, fallback = true, logLine = () => {}, allowOrigins = [], shop: shopExtra = {},
} = {}) {
  const fieldsDir = join(shopExtra.distDir ?? join(ROOT, "dist"), "fields");
  const serveFields = existsSync(join(fieldsDir, "fields.html"));
  for (let attempt = 0; ; attempt++) {
    let port = shopPort;
    if (port === 0 || !(await portFree(port))) {
      if (port !== 0 && !fallback) {
        throw Object.assign(new Error(`port ${port} is taken`), { code: "EADDRINUSE" });
      }
      port = await anyFreePort();
    }
    const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
    const sandbox = await startSandbox({ port: sandboxPort, allowOrigins, fields: serveFields ? { dir: fieldsDir, origins } : null });
    const shopOptions = {
      ...shopExtra, host: "127.0.0.1", sandboxUrl: sandbox.url, issuerOrigin: new URL(sandbox.issuerUrl).origin, publishableKey: PUBLISHABLE_KEY, secretKey: SECRET_KEY, root: ROOT, logLine,
      webhookSecret: WEBHOOK_SECRET,
    };
    let shop;
    try {
      shop = await startShop({ ...shopOptions, port });
    } catch (error) {
      await sandbox.close();
      // Taken between the check and the listen: choose again.
      if (error.code === "EADDRINUSE" && attempt < 3 && (fallback || shopPort === 0)) continue;
      throw error;
    }
    try {
      // The shop's port is known only now: point the sandbox's webhooks at it
      // (as a merchant sets its endpoint in KOMOJU's dashboard).
      await sandbox.setWebhookUrls([`${shop.url}/webhooks/komoju`]);
    } catch (error) {
      await shop.close();
      await sandbox.close();
      throw error;
    }
    return {
      webhookSecret: WEBHOOK_SECRET,
      shopUrl: shop.url,
      sandboxUrl: sandbox.url,
      issuerUrl: sandbox.issuerUrl,
      fieldsUrl: serveFields ? `${sandbox.url}/fields/fields.html` : null,
      shop,
      sandbox,
      async close() {
        await shop.close();
        await sandbox.close();
      },
    };
  }
}
