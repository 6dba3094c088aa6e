// 3-D Secure through the isolated card fields (issues 12 and 14), end to end
// in Chromium. The demo's card-fields page (www/fields.html, on the stack
// `npm start` runs) pays cards by the direct route: the frame makes a secure
// token with its card (fields.createSecureToken), and the shop's POST /orders
// pays the stok_ ID. The issuer's challenge is shown by the PARENT page, in
// Tessera's dialog (the frame sends only the issuer's URL; the parent answers
// only the outcome); the frame then reads the token itself. The frictionless
// card needs no dialog; the challenge card's dialog takes the password typed
// into the issuer's cross-origin frame; closing the dialog cancels and the
// fields keep the card; a skimmer on the page still finds no number or code;
// zero CSP violations on the page and in the frame. And fields.paySession
// pays a Session the shop created (POST /orders/session), on the test
// merchant page of e2e/support/fields-stack.mjs.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startStack } from "../scripts/stack.mjs";
import { launchBrowser, openPage } from "./support/browser.mjs";
import { CVC, NAME, VISA, futureExpiry, grouped, THREE_DS_FRICTIONLESS as FRICTIONLESS, THREE_DS_CHALLENGE as CHALLENGE, THREE_DS_PASSWORD as PASSWORD } from "./support/cards.mjs";
import { startFieldsStack } from "./support/fields-stack.mjs";
import { assertNoCardIn, hostile } from "./support/hostile.mjs";

const expiry = futureExpiry();

let stack;
let fieldsStack;
let browser;

before(async () => {
  [stack, fieldsStack, browser] = await Promise.all([startStack(), startFieldsStack({ moreFrameSources: (sandbox) => ["'self'", new URL(sandbox.issuerUrl).origin] }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await Promise.all([stack?.close(), fieldsStack?.close()]);
});

/** The test merchant's page (e2e/fixtures/fields), its fields ready, with `number` typed into the frame. */
async function merchantWithCard(number) {
  const page = await openPage(browser);
  await page.goto(`${fieldsStack.shopUrl}/`);
  await page.waitForFunction(() => document.getElementById("status").textContent === "ready", null, { timeout: 20_000 });
  await typeCard(page, number, page.frameLocator("#card iframe"));
  return page;
}

/** The demo's card-fields page, recording every URL the browser asks for (frames included). */
async function open({ init } = {}) {
  const page = await openPage(browser, { init });
  page.visited = [];
  page.context().on("request", (request) => page.visited.push(request.url()));
  await page.goto(`${stack.shopUrl}/fields.html`);
  await page.waitForSelector("html[data-ready='true']", { timeout: 20_000 });
  return page;
}

const frameOf = (page) => page.frameLocator("#card-frame iframe");

async function typeCard(page, number, frame = frameOf(page)) {
  await frame.locator("#tf-number").pressSequentially(number);
  await frame.locator("#tf-expiry").pressSequentially(expiry.typed);
  await frame.locator("#tf-cvc").pressSequentially(CVC);
  await frame.locator("#tf-name").pressSequentially(NAME);
}

async function outcome(page) {
  await page.waitForFunction(() => {
    const o = document.getElementById("status").dataset.outcome;
    return o && o !== "pending";
  }, null, { timeout: 30_000 });
  return page.evaluate(() => ({ ...document.getElementById("status").dataset, text: document.getElementById("status").textContent }));
}

/** The challenge dialog of the PARENT page, and the issuer's frame inside it. */
async function dialogShown(page) {
  const dialog = page.getByRole("dialog", { name: "Confirm your payment" });
  await dialog.waitFor();
  const issuer = page.frameLocator("dialog iframe");
  await issuer.getByLabel("Password sent by your bank").waitFor();
  return { dialog, issuer };
}

/** Chromium's note that the issuer's page asked for autofocus in a cross-origin frame (the issuer's markup). */
const problems = (page) => page.problems.filter((p) => p !== "console: Blocked autofocusing on a <input> element in a cross-origin subframe.");

function assertNoCardDataInUrls(page, number) {
  const leaks = page.visited.filter((url) => url.includes(number) || url.includes(number.slice(0, 12)) || url.includes(`=${CVC}`));
  assert.deepEqual(leaks, [], "no card number or code in any URL");
}

/** The sandbox's requests since `from`: the secure token calls, and who made them. */
async function secureTokenCalls(from) {
  return (await stack.sandbox.requests()).slice(from).filter((r) => r.path.startsWith("/api/v1/secure_tokens"));
}

test("the frictionless card: a secure token made in the frame, OK with no dialog, paid by the shop; the page's policy allows the issuer and 'self' as frames", async () => {
  const policy = (await fetch(`${stack.shopUrl}/fields.html`)).headers.get("content-security-policy");
  assert.ok(policy.includes(`frame-src 'self' ${stack.sandboxUrl} ${new URL(stack.issuerUrl).origin};`), policy);
  assert.match(policy, /script-src 'self';/, "still no WebAssembly in the page");

  const page = await open();
  await page.evaluate(() => {
    window.__dialogs = 0;
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n.nodeName === "DIALOG") window.__dialogs++;
    }).observe(document.body, { childList: true, subtree: true });
  });
  const from = (await stack.sandbox.requests()).length;
  await typeCard(page, FRICTIONLESS);
  await page.click("#pay-button");
  const paid = await outcome(page);
  assert.equal(paid.outcome, "captured", paid.text);
  assert.match(paid.text, /ending in 0100/);
  assert.equal(await page.evaluate(() => window.__dialogs), 0, "no challenge dialog");

  const calls = await secureTokenCalls(from);
  assert.deepEqual(calls.map((c) => [c.method, c.path]), [["POST", "/api/v1/secure_tokens"]]);
  assert.equal(calls[0].origin, stack.sandboxUrl, "the card was posted by the frame, from the provider's origin");
  const orders = stack.shop.log.entries().filter((e) => e.url === "/orders");
  const body = JSON.parse(orders.at(-1).body);
  assert.deepEqual(Object.keys(body).sort(), ["amount", "currency", "token"]);
  assert.match(body.token, /^stok_/);
  assert.ok(!page.visited.some((url) => url.startsWith(new URL(stack.issuerUrl).origin)), "the issuer's page was never asked for");
  assertNoCardDataInUrls(page, FRICTIONLESS);
  assert.deepEqual(page.violations, []);
  assert.deepEqual(problems(page), []);
  await page.context().close();
});

test("the challenge card: the dialog shows in the parent page, 123456 typed into the issuer's frame finishes it, the frame reads an OK token and the shop pays it", async () => {
  const page = await open();
  const from = (await stack.sandbox.requests()).length;
  await typeCard(page, CHALLENGE);
  await page.click("#pay-button");
  const { dialog, issuer } = await dialogShown(page);
  // The dialog is the page's own, not the frame's: modal, focused, labelled.
  assert.equal(await page.evaluate(() => document.querySelector("dialog").open && document.activeElement === document.querySelector("dialog")), true);
  assert.equal(await frameOf(page).locator("dialog").count(), 0, "nothing shown inside the card frame");
  assert.equal(await frameOf(page).locator("#tf-number").getAttribute("readonly"), "", "the card is read-only meanwhile");
  await issuer.getByLabel("Password sent by your bank").fill(PASSWORD);
  await issuer.getByRole("button", { name: "Confirm" }).click();
  await dialog.waitFor({ state: "detached", timeout: 20_000 });
  const paid = await outcome(page);
  assert.equal(paid.outcome, "captured", paid.text);
  assert.match(paid.text, /ending in 5000/);

  const calls = await secureTokenCalls(from);
  assert.deepEqual(calls[0] && [calls[0].method, calls[0].path], ["POST", "/api/v1/secure_tokens"]);
  const reads = calls.filter((c) => c.method === "GET");
  assert.ok(reads.length >= 1, "the frame read the secure token after the challenge");
  // The POST carries its Origin; the frame's same-origin reads carry none (a
  // read from the shop's page would say the shop's origin, and its policy has
  // connect-src 'self' only).
  for (const c of calls) assert.ok(c.origin === stack.sandboxUrl || (c.method === "GET" && c.origin === null), `${c.method} ${c.path} from ${c.origin}`);
  const body = JSON.parse(stack.shop.log.entries().filter((e) => e.url === "/orders").at(-1).body);
  assert.match(body.token, /^stok_/);
  // The dialog's frame landed on the shop's own return page.
  assert.ok(page.visited.some((url) => url.startsWith(`${stack.shopUrl}/3ds-return.html?`)), page.visited.join("\n"));
  assertNoCardDataInUrls(page, CHALLENGE);
  assert.deepEqual(page.violations, []);
  assert.deepEqual(problems(page), []);
  await page.context().close();
});

test("closing the challenge dialog is three_d_secure_cancelled; the fields keep the card, which pays after", async () => {
  const page = await open();
  await typeCard(page, CHALLENGE);
  await page.click("#pay-button");
  const first = await dialogShown(page);
  await page.getByRole("button", { name: "Close" }).click();
  await first.dialog.waitFor({ state: "detached" });
  const cancelled = await outcome(page);
  assert.deepEqual([cancelled.outcome, cancelled.errorType, cancelled.errorCode], ["token_error", "abort_error", "three_d_secure_cancelled"], cancelled.text);
  assert.equal(await frameOf(page).locator("#tf-number").inputValue(), grouped(CHALLENGE), "the card is kept");
  assert.equal(await frameOf(page).locator("#tf-cvc").inputValue(), CVC);
  assert.equal(await frameOf(page).locator("#tf-number").getAttribute("readonly"), null, "and editable again");
  assert.equal(await page.isDisabled("#pay-button"), false);

  await page.click("#pay-button");
  const second = await dialogShown(page);
  await second.issuer.getByLabel("Password sent by your bank").fill(PASSWORD);
  await second.issuer.getByRole("button", { name: "Confirm" }).click();
  await second.dialog.waitFor({ state: "detached", timeout: 20_000 });
  await page.waitForFunction(() => document.getElementById("status").dataset.outcome === "captured", null, { timeout: 30_000 });
  assertNoCardDataInUrls(page, CHALLENGE);
  assert.deepEqual(page.violations, []);
  assert.deepEqual(problems(page), []);
  await page.context().close();
});

test("a hostile script on the parent page finds neither the number nor the code while the shopper types, passes the challenge and pays", async () => {
  const page = await open({ init: hostile });
  await typeCard(page, CHALLENGE);
  await page.click("#pay-button");
  const { dialog, issuer } = await dialogShown(page);
  await issuer.getByLabel("Password sent by your bank").fill(PASSWORD);
  await issuer.getByRole("button", { name: "Confirm" }).click();
  await dialog.waitFor({ state: "detached", timeout: 20_000 });
  const paid = await outcome(page);
  assert.equal(paid.outcome, "captured", paid.text);
  await page.evaluate(() => window.__scan());
  const loot = await page.evaluate(() => window.__loot);
  // The skimmer did work: it saw the frame's messages, the challenge and the order.
  assert.ok(loot.some((l) => l.includes('"type":"challenge"')), "it read the frame's challenge message");
  assert.ok(loot.some((l) => l.startsWith("fetch") && l.includes("/orders") && l.includes("stok_")), "it read the order request");
  // The page's own test-mode hint names the Visa test card.
  assertNoCardIn(loot, { number: CHALLENGE, cvc: CVC, allowed: [grouped(VISA)] });
  assert.deepEqual(page.violations, []);
  await page.context().close();
});

test("fields.paySession pays a Session the shop created, with the frame's card (frictionless: no dialog)", async () => {
  const page = await merchantWithCard(FRICTIONLESS);
  const from = (await fieldsStack.sandbox.requests()).length;
  const result = await page.evaluate(async () => {
    const response = await fetch("/orders/session", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "taro@example.com" }),
    });
    const order = await response.json();
    try {
      return { order, paid: await window.__fields.paySession(order.sessionId) };
    } catch (error) {
      return { order, error: { type: error.type, code: error.code, message: error.message } };
    }
  });
  assert.equal(result.error, undefined, JSON.stringify(result.error));
  assert.equal(result.paid.sessionId, result.order.sessionId);
  assert.equal(result.paid.status, "completed");
  assert.equal(result.paid.payment.status, "captured");
  assert.deepEqual(result.paid.payment.card, { brand: "visa", last4: "0100" });
  const pays = (await fieldsStack.sandbox.requests()).slice(from).filter((r) => r.path.endsWith("/pay"));
  assert.equal(pays.length, 1);
  assert.equal(pays[0].path, `/api/v1/sessions/${result.order.sessionId}/pay`);
  assert.equal(pays[0].origin, fieldsStack.sandboxUrl, "paid by the frame, from the provider's origin");
  // The shop's own record of the order: read with the secret key, completed.
  const shown = await (await fetch(`${fieldsStack.shopUrl}/orders/${result.order.orderId}/complete?session_id=${result.order.sessionId}`)).text();
  assert.match(shown, /data-order-status="paid"|data-order-status="captured"|data-order-status="completed"/, shown);
  // Redirect mode is refused with a clear error, before anything is sent.
  const refused = await page.evaluate(() =>
    window.__fields.createSecureToken({ amount: 100, currency: "JPY", returnUrl: location.href, challenge: { mode: "redirect" } }).catch((e) => [e.type, e.code]));
  assert.deepEqual(refused, ["integration_error", "invalid_option"]);
  const elsewhere = await page.evaluate(() =>
    window.__fields.createSecureToken({ amount: 100, currency: "JPY", returnUrl: "https://elsewhere.example/back" }).catch((e) => [e.type, e.code]));
  assert.deepEqual(elsewhere, ["integration_error", "invalid_option"]);
  assert.deepEqual(page.violations, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("fields.paySession with the challenge card: the dialog shows in the parent; the issuer returns to the Session's own return_url, so the frame's read finds it completed and has the parent close the dialog", async () => {
  const page = await merchantWithCard(CHALLENGE);
  await page.evaluate(async () => {
    const response = await fetch("/orders/session", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: "taro@example.com" }) });
    const order = await response.json();
    window.__order = order;
    window.__paid = window.__fields.paySession(order.sessionId).then((value) => ({ value }), (e) => ({ error: { type: e.type, code: e.code, message: e.message } }));
  });
  const { dialog, issuer } = await dialogShown(page);
  await issuer.getByLabel("Password sent by your bank").fill(PASSWORD);
  await issuer.getByRole("button", { name: "Confirm" }).click();
  await dialog.waitFor({ state: "detached", timeout: 20_000 });
  const { value, error } = await page.evaluate(() => window.__paid);
  assert.equal(error, undefined, JSON.stringify(error));
  assert.equal(value.status, "completed");
  assert.equal(value.payment.status, "captured");
  assert.deepEqual(value.payment.card, { brand: "visa", last4: "5000" });
  assert.deepEqual(page.violations, []);
  await page.context().close();
});
