// The demo shop's card-fields page (www/fields.html), on the stack `npm start`
// runs (scripts/stack.mjs: the sandbox serves Tessera's card frame for the
// shop's origin): a decline then a capture paid through the frame and the
// shop's POST /orders, the page's own policy (the frame's origin its only
// frame source, no WebAssembly) with zero violations, the shop receiving a
// token only; errors, the language switch, axe on the page and the frame;
// and the ES-module page linking to it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startStack } from "../scripts/stack.mjs";
import { axeProblems, controlContrastProblems } from "./support/axe.mjs";
import { launchBrowser, openPage } from "./support/browser.mjs";
import { CVC, DECLINED_INSUFFICIENT_FUNDS, NAME, VISA, futureExpiry, grouped } from "./support/cards.mjs";

const expiry = futureExpiry();
let stack;
let browser;

before(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

async function open(query = "") {
  const page = await openPage(browser);
  await page.goto(`${stack.shopUrl}/fields.html${query}`);
  await page.waitForSelector("html[data-ready='true']", { timeout: 20_000 });
  return page;
}

const frameOf = (page) => page.frameLocator("#card-frame iframe");
const cardFrame = (page) => page.frames().find((f) => /\/fields\/fields\.html$/.test(f.url()));

async function typeCard(page, { number, exp, cvc, name }) {
  const frame = frameOf(page);
  if (number !== undefined) await frame.locator("#tf-number").pressSequentially(number);
  if (exp !== undefined) await frame.locator("#tf-expiry").pressSequentially(exp);
  if (cvc !== undefined) await frame.locator("#tf-cvc").pressSequentially(cvc);
  if (name !== undefined) await frame.locator("#tf-name").pressSequentially(name);
}

async function outcome(page) {
  await page.waitForFunction(() => {
    const o = document.getElementById("status").dataset.outcome;
    return o && o !== "pending";
  }, null, { timeout: 20_000 });
  return page.evaluate(() => ({ outcome: document.getElementById("status").dataset.outcome, text: document.getElementById("status").textContent }));
}

test("the demo's card-fields page pays through the frame: a decline, then a capture; the shop gets a token only, under the page's own strict policy", async () => {
  const response = await fetch(`${stack.shopUrl}/fields.html`);
  const policy = response.headers.get("content-security-policy");
  assert.ok(policy.includes(`frame-src 'self' ${stack.sandboxUrl} ${new URL(stack.issuerUrl).origin};`), "the card frame, and the issuer's page in the challenge dialog");
  assert.match(policy, /script-src 'self';/, "no 'wasm-unsafe-eval': no WebAssembly runs in this page");
  assert.match(policy, /connect-src 'self';/, "the page never talks to the payments API");
  const html = await response.text();
  assert.ok(html.includes(`<meta name="tessera-fields-url" content="${stack.sandboxUrl}/fields/fields.html">`));
  assert.equal(stack.fieldsUrl, `${stack.sandboxUrl}/fields/fields.html`);
  // The other pages keep theirs: the issuer's pages as frames (3-D Secure), not the card frame.
  assert.doesNotMatch((await fetch(`${stack.shopUrl}/`)).headers.get("content-security-policy"), new RegExp(`frame-src[^;]*${stack.sandboxUrl}`));

  const page = await open();
  assert.equal(await page.getAttribute("#card-frame iframe", "title"), "Secure card payment input");
  const before = (await stack.sandbox.requests()).length;
  await typeCard(page, { number: DECLINED_INSUFFICIENT_FUNDS, exp: expiry.typed, cvc: CVC, name: NAME });
  await page.click("#pay-button");
  const declined = await outcome(page);
  assert.equal(declined.outcome, "declined", declined.text);
  assert.equal(await page.isDisabled("#pay-button"), false);
  assert.equal(await page.evaluate(() => document.activeElement.id), "status");

  await frameOf(page).locator("#tf-number").fill("");
  await typeCard(page, { number: VISA });
  assert.equal(await frameOf(page).locator("#tf-number").inputValue(), grouped(VISA));
  await page.click("#pay-button");
  const paid = await outcome(page);
  assert.equal(paid.outcome, "captured", paid.text);
  assert.match(paid.text, /ending in 1111 was charged ¥4,980/);
  assert.equal(await page.textContent("#pay-label"), "Paid");

  // Cards go the direct route with 3-D Secure: secure tokens, made by the frame.
  const tokens = (await stack.sandbox.requests()).slice(before).filter((r) => r.method === "POST" && r.path === "/api/v1/secure_tokens");
  assert.equal(tokens.length, 2);
  for (const token of tokens) assert.equal(token.origin, stack.sandboxUrl, "the card was posted by the frame, from the provider's origin");
  const orders = stack.shop.log.entries().filter((e) => e.url === "/orders");
  assert.equal(orders.length, 2);
  for (const order of orders) {
    assert.deepEqual(Object.keys(JSON.parse(order.body)).sort(), ["amount", "currency", "token"]);
    assert.ok(!order.body.includes(VISA) && !order.body.includes(DECLINED_INSUFFICIENT_FUNDS));
  }
  // The page's DOM never held the card (but for the test-mode hint naming the test card).
  assert.equal(await page.locator("input").count(), 0, "no input of the page's own");
  const pageText = await page.evaluate(() => {
    const copy = document.documentElement.cloneNode(true);
    copy.querySelector(".test-mode").remove();
    return copy.outerHTML;
  });
  assert.ok(!pageText.includes(grouped(VISA)) && !pageText.includes(VISA) && !pageText.includes(DECLINED_INSUFFICIENT_FUNDS));
  assert.deepEqual(page.violations, []);
  assert.deepEqual(page.problems.filter((p) => !/status of 402/.test(p)), []);
  await page.context().close();
});

test("the card-fields page: errors named on the page and shown in the frame, the language switch, axe on the page and the frame, and the link from the ES-module page", async () => {
  const page = await open();
  const found = [];
  const problems = async (state) => [
    ...await axeProblems(page, state, { frames: true }),
    ...await controlContrastProblems(cardFrame(page), `${state} (frame)`),
    ...await controlContrastProblems(page, state),
  ];
  found.push(...await problems("empty"));

  // Pay with nothing typed: no request; the page names the fields, the frame shows each error.
  const before = (await stack.sandbox.requests()).length;
  await page.click("#pay-button");
  await page.waitForSelector("#status[data-outcome='invalid']");
  assert.match(await page.textContent("#status"), /Card number, Expiry date, Security code, Name on card/);
  assert.equal(await frameOf(page).locator(".tf-error:not(:empty)").count(), 4);
  assert.equal(await frameOf(page).locator("#tf-number").evaluate((el) => el === document.activeElement), true, "the first invalid field has the focus");
  assert.equal((await stack.sandbox.requests()).length, before, "nothing was sent");
  found.push(...await problems("errors"));

  // Japanese: the page, the frame's labels and title, the errors on screen.
  await page.click("button[data-locale='ja']");
  await frameOf(page).locator("label[for=tf-number]", { hasText: "カード番号" }).waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "ja");
  assert.equal(await page.getAttribute("#card-frame iframe", "title"), "カード情報の入力（安全な入力欄）");
  assert.match(await page.textContent("#status"), /カード番号/);
  found.push(...await problems("errors ja"));

  await typeCard(page, { number: VISA, exp: expiry.typed, cvc: CVC, name: NAME });
  found.push(...await problems("complete ja"));
  await page.click("#pay-button");
  assert.equal((await outcome(page)).outcome, "captured");
  found.push(...await problems("paid ja"));
  assert.deepEqual(found, []);
  assert.deepEqual(page.violations, []);
  await page.context().close();

  // The ES-module checkout (its own inputs) offers this page.
  const home = await openPage(browser);
  await home.goto(`${stack.shopUrl}/`);
  await home.waitForSelector("html[data-ready='true']");
  await home.click("a[href='/fields.html']");
  await home.waitForSelector("html[data-ready='true']");
  assert.equal(new URL(home.url()).pathname, "/fields.html");
  await home.context().close();
});
