// The script-tag route: /script-tag.html loads dist/tessera.iife.js with a
// plain <script src> and pays through the global `Tessera`, which fetches its
// .wasm from beside the script.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startStack } from "../scripts/stack.mjs";
import { launchBrowser } from "./support/browser.mjs";
import { CVC, NAME, VISA, cardDataInShopLog, futureExpiry, grouped } from "./support/cards.mjs";
import { openCheckout, outcome, statusText, typeCard } from "./support/checkout-page.mjs";

/** The page pays cards by the direct route with 3-D Secure: its secure token requests. */
async function tokenRequests(sandbox) {
  return (await sandbox.requests()).filter((r) => r.method === "POST" && r.path === "/api/v1/secure_tokens");
}

let stack;
let browser;

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

test("the script-tag checkout formats, validates, makes a secure token and pays through window.Tessera", async () => {
  const page = await openCheckout(browser, `${stack.shopUrl}/script-tag.html`);
  const scripts = await page.evaluate(() => Array.from(document.scripts, (s) => ({ src: s.getAttribute("src"), type: s.type })));
  const assets = /^\/assets\/[0-9a-f]{12}\//.exec(scripts[0]?.src ?? "")?.[0];
  assert.ok(assets, `versioned asset URLs: ${JSON.stringify(scripts)}`);
  assert.deepEqual(scripts, [{ src: `${assets}tessera/tessera.iife.js`, type: "" }, { src: `${assets}script-tag.js`, type: "" }],
    "classic scripts only, no module");
  assert.deepEqual(await page.evaluate(() => ["init", "Tokenizer", "validateCard", "formatCardNumber", "TesseraError", "handleChallenge"]
    .map((name) => typeof window.Tessera[name])), ["function", "function", "function", "function", "function", "function"]);
  const wasm = stack.shop.log.entries().filter((e) => e.url === `${assets}tessera/tessera_bg.wasm`);
  assert.equal(wasm.length, 1, "the .wasm came from beside the script");

  // Submitting an incomplete card shows the errors and sends nothing.
  const tokensBefore = (await tokenRequests(stack.sandbox)).length;
  await typeCard(page, { number: "4111 1111" });
  await page.click("#pay-button");
  assert.equal(await page.textContent("#cc-number-error"), "Your card number is incomplete.");
  assert.equal((await tokenRequests(stack.sandbox)).length, tokensBefore);

  const expiry = futureExpiry();
  await page.fill("#cc-number", "");
  await typeCard(page, { name: NAME, number: VISA, expiry: expiry.typed, cvc: CVC });
  assert.equal(await page.inputValue("#cc-number"), grouped(VISA));
  assert.equal(await page.inputValue("#cc-exp"), expiry.shown);
  assert.equal(await page.textContent("#cc-brand"), "Visa");
  await page.click("#pay-button");

  const result = await outcome(page);
  assert.equal(result.tone, "success", result.text);
  assert.match(result.text, /Payment complete/);
  assert.match(result.text, /Visa ending in 1111/);
  const tokens = await tokenRequests(stack.sandbox);
  assert.equal(tokens.length, tokensBefore + 1);
  assert.equal(tokens.at(-1).origin, stack.shopUrl, "cross-origin, from the shop's page");
  assert.deepEqual(cardDataInShopLog(stack.shop.log.entries(), { numbers: [VISA], cvc: CVC }), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the script-tag page checks a field when it is left, clears the error once fixed, and says what the shop answered", async () => {
  const page = await openCheckout(browser, `${stack.shopUrl}/script-tag.html`);
  assert.equal(await page.textContent("label[for='cc-csc']"), "Security code (CVC)");
  assert.equal(await page.textContent("label[for='cc-exp']"), "Expiry date (MM / YY)");
  await typeCard(page, { number: "3782" });
  assert.equal(await page.textContent("#cc-csc-name"), "(CID)", "the code's name follows the brand");

  // Left with an error: shown and announced; fixed: cleared as it is typed.
  await page.fill("#cc-number", "");
  await typeCard(page, { number: "4111 1111" });
  await page.keyboard.press("Tab");
  assert.equal(await page.textContent("#cc-number-error"), "Your card number is incomplete.");
  assert.equal(await page.textContent("#field-announcer"), "Card number: Your card number is incomplete.");
  await page.locator("#cc-number").press("End");
  await page.locator("#cc-number").pressSequentially(VISA.slice(8));
  assert.equal(await page.textContent("#cc-number-error"), "");
  assert.equal(await page.getAttribute("#cc-number", "aria-invalid"), "false");

  // The code keeps its caret when a non-digit is typed in the middle.
  await page.locator("#cc-csc").pressSequentially("739");
  await page.locator("#cc-csc").press("ArrowLeft");
  await page.keyboard.type("x");
  assert.equal(await page.inputValue("#cc-csc"), "739");
  assert.equal(await page.evaluate(() => document.getElementById("cc-csc").selectionStart), 2);

  // Submit: the status names the fields, the focus goes to the first.
  await page.click("#pay-button");
  assert.deepEqual(await statusText(page), { title: "Please check these fields:", lines: ["Name on card, Expiry date"] });
  assert.equal(await page.evaluate(() => document.activeElement.id), "cc-name");

  // A 500 that is not JSON (an error page from a proxy in front of the shop)
  // is the shop failing, not the shop being unreachable.
  const expiry = futureExpiry();
  await typeCard(page, { name: NAME, expiry: expiry.typed });
  await page.route(`${stack.shopUrl}/orders`, (route) => route.fulfill({
    status: 500, contentType: "text/html", body: "<h1>Internal Server Error</h1>",
  }));
  await page.click("#pay-button");
  const failed = await outcome(page);
  assert.equal(failed.tone, "error");
  assert.equal(failed.errorCode, "http_500");
  assert.match(failed.text, /The shop could not complete the order\./);
  assert.doesNotMatch(failed.text, /could not reach/);
  assert.equal(await page.evaluate(() => document.activeElement.id), "status");
  await page.unroute(`${stack.shopUrl}/orders`);
  assert.deepEqual(page.problems.filter((problem) => !/status of 500/.test(problem)), []);
  await page.context().close();
});
