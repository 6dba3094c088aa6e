// The checkout pages under a strict Content-Security-Policy with Trusted
// Types: they tokenize and pay with not one `securitypolicyviolation`; and
// with WebAssembly forbidden (no 'wasm-unsafe-eval') Tessera's init fails at
// once with integration_error / wasm_blocked, shown on the page, instead of a
// form that never becomes ready. Both routes: the ES-module page and the
// script-tag page.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startStack } from "../scripts/stack.mjs";
import { launchBrowser, openPage } from "./support/browser.mjs";
import { CVC, NAME, VISA, futureExpiry } from "./support/cards.mjs";
import { chooseMethod, openCheckout, outcome, typeCard } from "./support/checkout-page.mjs";

/**
 * The policy a merchant's checkout page can run under. connect-src: the
 * payments API for the tokens call, and 'self' for the shop's own POST /orders
 * and, on the script-tag page, for the IIFE's fetch of tessera_bg.wasm.
 */
function strictPolicy(apiBase, { wasm = true } = {}) {
  return [
    "default-src 'none'",
    `script-src 'self'${wasm ? " 'wasm-unsafe-eval'" : ""}`,
    `connect-src ${apiBase} 'self'`,
    "style-src 'self'",
    "img-src 'self'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join("; ");
}

let strict;
let noWasm;
let browser;
const expiry = futureExpiry();

before(async () => {
  [strict, noWasm, browser] = await Promise.all([
    startStack({ shop: { csp: (apiBase) => strictPolicy(apiBase) } }),
    startStack({ shop: { csp: (apiBase) => strictPolicy(apiBase, { wasm: false }) } }),
    launchBrowser(),
  ]);
});

after(async () => {
  await browser?.close();
  await Promise.all([strict?.close(), noWasm?.close()]);
});

test("under the strict policy, both pages pay by card (and konbini) with zero violations", async () => {
  const served = (await fetch(`${strict.shopUrl}/`)).headers.get("content-security-policy");
  assert.equal(served, strictPolicy(strict.sandboxUrl));

  for (const path of ["/", "/script-tag.html"]) {
    const page = await openCheckout(browser, strict.shopUrl + path);
    await typeCard(page, { name: NAME, number: VISA, expiry: expiry.typed, cvc: CVC });
    await page.click("#pay-button");
    const result = await outcome(page);
    assert.equal(result.tone, "success", `${path}: ${result.text}`);
    assert.deepEqual(page.violations, [], path);
    assert.deepEqual(page.problems, [], path);
    await page.context().close();
  }

  // The konbini result adds a link to the status line: still no violation.
  const page = await openCheckout(browser, `${strict.shopUrl}/`);
  await chooseMethod(page, "konbini");
  await page.selectOption("#kb-store", "ministop");
  await page.fill("#kb-email", "taro@example.com");
  await page.click("#pay-button");
  const placed = await outcome(page);
  assert.equal(placed.outcome, "authorized", placed.text);
  assert.equal(await page.locator("#status a").count(), 1);
  assert.deepEqual(page.violations, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

for (const [route, path] of [["the ES-module page", "/"], ["the script-tag page", "/script-tag.html"]]) {
  test(`without 'wasm-unsafe-eval', ${route} says integration_error / wasm_blocked at once instead of hanging`, async () => {
    const page = await openPage(browser);
    const started = Date.now();
    await page.goto(noWasm.shopUrl + path);
    await page.waitForSelector("html[data-ready='failed']", { timeout: 10_000 });
    const result = await outcome(page, { timeout: 1_000 });
    assert.ok(Date.now() - started < 10_000);
    assert.equal(result.tone, "error");
    assert.equal(result.outcome, "load_failed");
    assert.equal(result.errorType, "integration_error");
    assert.equal(result.errorCode, "wasm_blocked", result.text);
    assert.match(result.text, /The payment form could not be loaded/);
    assert.match(result.text, /Error code: wasm_blocked/);
    assert.equal(await page.isDisabled("#pay-button"), true, "nothing can be submitted");
    // The browser reports what the policy blocked: compiling WebAssembly.
    assert.deepEqual(page.violations, ["script-src blocked wasm-eval"]);
    assert.deepEqual(page.rejections, []);
    assert.deepEqual(page.problems.filter((p) => p.startsWith("pageerror")), []);
    await page.context().close();
  });
}
