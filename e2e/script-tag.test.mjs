// The script-tag route: /script-tag.html loads dist/tessera.iife.js with a
// plain <script src> and pays through the global `Tessera`, which fetches its
// .wasm from beside the script.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startStack } from "../scripts/stack.mjs";
import { launchBrowser } from "./support/browser.mjs";
import { CVC, NAME, VISA, cardDataInShopLog, futureExpiry, grouped } from "./support/cards.mjs";
import { openCheckout, outcome, tokenRequests, typeCard } from "./support/checkout-page.mjs";

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

test("the script-tag checkout formats, validates, tokenizes and pays through window.Tessera", async () => {
  const page = await openCheckout(browser, `${stack.shopUrl}/script-tag.html`);
  const scripts = await page.evaluate(() => Array.from(document.scripts, (s) => ({ src: s.getAttribute("src"), type: s.type })));
  const assets = /^\/assets\/[0-9a-f]{12}\//.exec(scripts[0]?.src ?? "")?.[0];
  assert.ok(assets, `versioned asset URLs: ${JSON.stringify(scripts)}`);
  assert.deepEqual(scripts, [{ src: `${assets}tessera/tessera.iife.js`, type: "" }, { src: `${assets}script-tag.js`, type: "" }],
    "classic scripts only, no module");
  assert.deepEqual(await page.evaluate(() => ["init", "Tokenizer", "validateCard", "formatCardNumber", "TesseraError"]
    .map((name) => typeof window.Tessera[name])), ["function", "function", "function", "function", "function"]);
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
