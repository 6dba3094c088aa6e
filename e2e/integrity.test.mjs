// Subresource Integrity on the script-tag route: the page loads
// tessera.iife.js with integrity="sha384-…" (the hash from dist/integrity.json,
// templated by the shop) and crossorigin, and the IIFE fetches tessera_bg.wasm
// with the wasm's own hash. A modified copy of either file, served in place of
// the real one, must not run: the browser refuses the script, and Tessera
// refuses to start with integration_error / wasm_load_failed.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ROOT, startStack } from "../scripts/stack.mjs";
import { launchBrowser, openPage } from "./support/browser.mjs";
import { openCheckout, outcome } from "./support/checkout-page.mjs";

const DIST = join(ROOT, "dist");
const integrity = JSON.parse(readFileSync(join(DIST, "integrity.json"), "utf8"));
const work = mkdtempSync(join(tmpdir(), "tessera-integrity-"));

/** A copy of dist/ (integrity.json included, untouched) with `file` changed by `change(bytes)`. */
function tamperedDist(name, file, change) {
  const dir = join(work, name);
  cpSync(DIST, dir, { recursive: true });
  writeFileSync(join(dir, file), change(readFileSync(join(dir, file))));
  return dir;
}

/**
 * `wasm` with a custom section appended: still a valid module that compiles
 * and runs the same (custom sections are ignored), so only its hash tells.
 */
function withCustomSection(wasm) {
  const name = Buffer.from("tampered");
  const payload = Buffer.from("not the build's bytes");
  const body = Buffer.concat([Buffer.from([name.length]), name, payload]);
  assert.ok(body.length < 128, "one-byte LEB128 size");
  return Buffer.concat([wasm, Buffer.from([0, body.length]), body]);
}

let genuine;
let badWasm;
let badScript;
let browser;

before(async () => {
  const wasmDir = tamperedDist("wasm", "tessera_bg.wasm", withCustomSection);
  const scriptDir = tamperedDist("iife", "tessera.iife.js",
    (js) => Buffer.concat([js, Buffer.from("\n;window.__tampered = true;\n")]));
  [genuine, badWasm, badScript, browser] = await Promise.all([
    startStack(),
    startStack({ shop: { distDir: wasmDir } }),
    startStack({ shop: { distDir: scriptDir } }),
    launchBrowser(),
  ]);
});

after(async () => {
  await browser?.close();
  await Promise.all([genuine?.close(), badWasm?.close(), badScript?.close()]);
  rmSync(work, { recursive: true, force: true });
});

test("the script tag carries the IIFE's sha384 from dist/integrity.json, and the IIFE the wasm's", async () => {
  assert.match(integrity["tessera.iife.js"], /^sha384-[A-Za-z0-9+/]{64}$/);
  const page = await openCheckout(browser, `${genuine.shopUrl}/script-tag.html`);
  const tag = await page.$eval("script[src$='/tessera/tessera.iife.js']",
    (script) => ({ integrity: script.getAttribute("integrity"), crossorigin: script.getAttribute("crossorigin") }));
  assert.deepEqual(tag, { integrity: integrity["tessera.iife.js"], crossorigin: "anonymous" });
  const iife = readFileSync(join(DIST, "tessera.iife.js"), "utf8");
  assert.ok(iife.includes(integrity["tessera_bg.wasm"]), "the IIFE holds the wasm's hash");
  assert.equal(await page.evaluate(() => typeof window.Tessera.Tokenizer), "function");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a tampered .wasm (a custom section appended) is refused: integration_error / wasm_load_failed", async () => {
  const tampered = readFileSync(join(work, "wasm", "tessera_bg.wasm"));
  assert.equal(WebAssembly.validate(tampered), true, "the modified module itself is valid: only its hash is wrong");

  const page = await openPage(browser);
  await page.goto(`${badWasm.shopUrl}/script-tag.html`);
  await page.waitForSelector("html[data-ready='failed']", { timeout: 10_000 });
  const result = await outcome(page, { timeout: 1_000 });
  assert.equal(result.outcome, "load_failed");
  assert.equal(result.errorType, "integration_error");
  assert.equal(result.errorCode, "wasm_load_failed", result.text);
  assert.match(result.text, /The payment form could not be loaded/);
  assert.match(result.text, /Error code: wasm_load_failed/);
  assert.equal(await page.isDisabled("#pay-button"), true);
  // The script itself was fine; the browser fetched the .wasm and refused its digest.
  assert.equal(await page.evaluate(() => typeof window.Tessera), "object");
  const fetched = badWasm.shop.log.entries().filter((e) => e.url.endsWith("/tessera/tessera_bg.wasm"));
  assert.deepEqual(fetched.map((e) => e.status), [200]);
  assert.ok(page.problems.some((p) => /integrity/i.test(p) && p.includes("tessera_bg.wasm")), page.problems.join("\n"));
  assert.deepEqual(page.rejections, []);
  assert.deepEqual(page.problems.filter((p) => p.startsWith("pageerror")), []);
  await page.context().close();
});

test("a tampered tessera.iife.js is refused by the browser: it never runs, and the page says so", async () => {
  const page = await openPage(browser);
  await page.goto(`${badScript.shopUrl}/script-tag.html`);
  await page.waitForSelector("html[data-ready='failed']", { timeout: 10_000 });
  assert.deepEqual(await page.evaluate(() => [typeof window.Tessera, typeof window.__tampered]), ["undefined", "undefined"],
    "not one statement of the modified script ran");
  const result = await outcome(page, { timeout: 1_000 });
  assert.equal(result.outcome, "load_failed");
  assert.equal(result.errorCode, "script_not_loaded", result.text);
  assert.equal(await page.isDisabled("#pay-button"), true);
  const fetched = badScript.shop.log.entries().filter((e) => e.url.endsWith("/tessera/tessera.iife.js"));
  assert.deepEqual(fetched.map((e) => e.status), [200], "served, then refused by the browser");
  assert.ok(page.problems.some((p) => /integrity/i.test(p) && p.includes("tessera.iife.js")), page.problems.join("\n"));
  assert.deepEqual(page.rejections, []);
  await page.context().close();
});
