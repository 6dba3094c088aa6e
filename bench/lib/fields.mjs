// The isolated card fields (tessera/fields, issue 14) in the bench: what the
// merchant's page loads for them against the peers' client scripts, and the
// time from navigation to interactive card inputs in Chromium against the
// peers' start-up, each the median of cold runs (a fresh browser context, so
// a fresh cache, every run; kinds interleaved).
//
// Braintree's hosted fields cannot start offline: braintree.hostedFields.create
// first fetches the merchant's configuration from Braintree's gateway, then
// loads its card frames from assets.braintreegateway.com. What can be measured
// here is the time until braintree-web's client.js and hosted-fields.js are
// loaded and their API is present, which is a lower bound of Braintree's time
// to interactive fields; the bench also tries hostedFields.create once and
// reports how it failed.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { measure } from "./size.mjs";
import { startStatic } from "./server.mjs";
import { median } from "./validation.js";

function sum(...items) {
  const out = { raw: 0, gzip: 0, brotli: 0 };
  for (const m of items) for (const k of Object.keys(out)) out[k] += m[k];
  return out;
}

function find(dir, name) {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) {
      const hit = find(p, name);
      if (hit) return hit;
    } else if (entry === name) return p;
  }
  return null;
}

/** Sizes: the parent script (dist/fields.js and the error module it imports) and the frame's files. */
export function fieldsSizes(root) {
  const dist = join(root, "dist");
  const read = (p) => readFileSync(p);
  const parent = measure(read(join(dist, "fields.js")));
  const errorModule = find(join(dist, "snippets"), "error.js");
  if (!errorModule) throw new Error("dist/snippets/…/error.js is missing");
  const error = measure(read(errorModule));
  const frameFiles = Object.fromEntries(["fields.html", "fields.js", "fields.css", "tessera_bg.wasm"].map((f) => [f, measure(read(join(dist, "fields", f)))]));
  return { parent, errorModule: error, parentTotal: sum(parent, error), frame: frameFiles, frameTotal: sum(...Object.values(frameFiles)) };
}

const KINDS = {
  fields: "Tessera card frame (tessera/fields, ready)",
  tessera: "Tessera in the page (ES module + init())",
  braintree: "braintree-web client + hosted-fields scripts (lower bound)",
};

async function once(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.__result, null, { timeout: 30_000 });
    return await page.evaluate(() => window.__result);
  } finally {
    await context.close();
  }
}

/**
 * Time from navigation to interactive card inputs, `runs` cold runs of each
 * kind. Starts its own page server (not cross-origin isolated, so it may embed
 * the frame) and a sandbox serving dist/fields/ for exactly that origin.
 */
export async function fieldsTiming(browser, { root, buildPath, runs, startSandbox, tryBraintree = true }) {
  const server = await startStatic(root, { isolated: false });
  const sandbox = await startSandbox({ fields: { dir: join(root, "dist", "fields"), origins: [server.url] } });
  try {
    const url = (kind) => `${server.url}/bench/pages/fields.html?kind=${kind}&sandbox=${encodeURIComponent(sandbox.url)}&build=${encodeURIComponent(buildPath)}`;
    const times = Object.fromEntries(Object.keys(KINDS).map((k) => [k, []]));
    for (let i = 0; i < runs; i++) {
      const kinds = Object.keys(KINDS);
      if (i % 2) kinds.reverse();
      for (const kind of kinds) {
        const result = await once(browser, url(kind));
        if (result.error) throw new Error(`fields bench, ${kind}: ${result.error}`);
        times[kind].push(result.ms);
      }
    }
    // One try of Braintree's real hosted fields (up to 10 s when its servers do not answer).
    const hosted = tryBraintree ? await once(browser, url("braintree-hosted")) : null;
    return {
      runs,
      kinds: Object.fromEntries(Object.entries(times).map(([k, t]) => [k, { label: KINDS[k], median: median(t), runs: t }])),
      braintreeHostedFields: hosted === null ? null : hosted.error ? { started: false, error: hosted.error } : { started: true, ms: hosted.ms },
    };
  } finally {
    await sandbox.close();
    await server.close();
  }
}
