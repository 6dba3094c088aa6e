// The whole seed flow on the ES-module checkout page, in headless Chromium
// against the release build, a real sandbox (its API, and the issuer's
// challenge pages on a second origin) and the real shop, under the shop's own
// strict CSP (frame-src: the issuer's origin and the shop itself):
// KOMOJU's Method 1 — the shop creates a Session, the page pays it with
// tokenizer.paySession, the card's 3-D Secure challenge in the dialog, and
// the shop learns the outcome from the payments API (webhooks, the return
// URL) — konbini paid later at the store, saved cards (a Customer, paid again
// through a secure token and handleChallenge), and the redirect mode's
// landing on the shop's return URL.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SECRET_KEY, startStack } from "../scripts/stack.mjs";
import { axeProblems } from "./support/axe.mjs";
import { launchBrowser, openPage } from "./support/browser.mjs";
import { CVC, NAME, cardDataInShopLog, futureExpiry, grouped, THREE_DS_FRICTIONLESS as FRICTIONLESS, THREE_DS_CHALLENGE as CHALLENGE, THREE_DS_FAILS as CHALLENGE_FAILS, THREE_DS_PASSWORD as PASSWORD } from "./support/cards.mjs";
import {
  chooseMethod, formValues, openCheckout, outcome, sessionOrderRequests, sessionPayRequests, typeCard,
} from "./support/checkout-page.mjs";

// The sandbox's 3-D Secure test cards (sandbox/README.md).
const expiry = futureExpiry();
// Chromium logs the payments API's 402 when a card is declined (the page pays
// the session itself): expected on a decline, and nothing else is.
const DECLINE_LOGGED = "console: Failed to load resource: the server responded with a status of 402 (Payment Required)";
// Chromium's own line when the issuer's page (its password field has
// `autofocus`) loads in a cross-origin frame: the browser, not the page, says it.
const AUTOFOCUS_BLOCKED = "console: Blocked autofocusing on a <input> element in a cross-origin subframe.";
/** The page's problems but the browser's expected lines. */
const unexpected = (page, allowed = []) => page.problems.filter((p) => p !== AUTOFOCUS_BLOCKED && !allowed.includes(p));

let stack;
let browser;

before(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

/** The shop's order as the page may read it. */
async function shopOrder(orderId) {
  return (await fetch(`${stack.shopUrl}/orders/${orderId}`)).json();
}

/** The order ID the shop gave the session the page paid last. */
async function lastOrderId() {
  const sessions = (await stack.sandbox.requests()).filter((r) => r.method === "POST" && r.path === "/api/v1/sessions");
  return sessions.at(-1).body.payment_data.external_order_num;
}

/** Waits for the challenge dialog and checks it is labelled, modal and has the focus; returns the issuer's frame. */
async function challengeDialog(page, { name = "Confirm your payment" } = {}) {
  const dialog = page.getByRole("dialog", { name });
  await dialog.waitFor({ timeout: 15_000 });
  const shape = await page.evaluate(() => {
    const d = document.querySelector("dialog");
    return { modal: d.matches(":modal"), focusInside: d.contains(document.activeElement), src: d.querySelector("iframe").src };
  });
  assert.equal(shape.modal, true);
  assert.equal(shape.focusInside, true, "the focus moved into the dialog");
  assert.equal(new URL(shape.src).origin, stack.issuerUrl, "the issuer's page, on its own origin");
  assert.ok(!shape.src.includes(CHALLENGE) && !shape.src.includes(CVC), "no card data in the issuer's URL");
  const frame = page.frameLocator("dialog iframe");
  await frame.getByLabel("Password").waitFor();
  return frame;
}

/** Types the password into the cross-origin frame and confirms. */
async function passChallenge(page, frame) {
  await frame.getByLabel("Password").fill(PASSWORD);
  await frame.getByRole("button", { name: "Confirm" }).click();
  await page.locator("dialog").waitFor({ state: "detached", timeout: 15_000 });
}

test("session pay with a frictionless card: no dialog, captured, and the shop's order says so", async () => {
  const page = await openCheckout(browser, `${stack.shopUrl}/`);
  const policy = (await page.request.get(`${stack.shopUrl}/`)).headers()["content-security-policy"];
  assert.match(policy, new RegExp(`frame-src 'self' ${stack.issuerUrl}(;|$)`), policy);
  let dialogs = 0;
  await page.exposeFunction("__dialogSeen", () => { dialogs += 1; });
  await page.evaluate(() => new MutationObserver((records) => {
    if (records.some((r) => [...r.addedNodes].some((n) => n.nodeName === "DIALOG"))) window.__dialogSeen();
  }).observe(document.body, { childList: true, subtree: true }));

  await typeCard(page, { name: NAME, number: FRICTIONLESS, expiry: expiry.typed, cvc: CVC });
  await page.click("#pay-button");
  const paid = await outcome(page);
  assert.equal(paid.outcome, "captured", paid.text);
  assert.match(paid.text, /Visa ending in 0100 was charged ¥4,980\./);
  assert.equal(dialogs, 0, "a frictionless card shows no challenge");
  assert.equal(await page.evaluate(() => document.activeElement.id), "status");

  const order = await shopOrder(await lastOrderId());
  assert.deepEqual([order.route, order.status, order.payment.last4], ["session", "captured", "0100"]);
  assert.equal(paid.text.includes(order.payment.id), true, "the page shows the shop's payment");
  assert.deepEqual(cardDataInShopLog(stack.shop.log.entries(), { numbers: [FRICTIONLESS], cvc: CVC }), []);
  assert.deepEqual(unexpected(page), []);
  await page.context().close();

  // Later the merchant refunds it from its back office (Payment: Refund,
  // secret key): part, then the rest; the signed webhooks move the shop's
  // order to refunded (a partly refunded payment stays captured).
  const refund = async (body) => (await fetch(`${stack.sandboxUrl}/api/v1/payments/${order.payment.id}/refund`, {
    method: "POST",
    headers: { Authorization: `Basic ${Buffer.from(`${SECRET_KEY}:`).toString("base64")}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  })).json();
  assert.equal((await refund({ amount: 980, description: "one tin returned" })).status, "captured");
  assert.equal((await refund({})).status, "refunded");
  let refunded = null;
  for (const until = Date.now() + 15_000; Date.now() < until;) {
    refunded = await shopOrder(order.orderId);
    if (refunded.status === "refunded") break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual([refunded.status, refunded.paid, refunded.payment.amountRefunded], ["refunded", false, 4980]);
  const events = (await stack.sandbox.webhooks()).attempts.filter((a) => a.delivered && a.url === `${stack.shopUrl}/webhooks/komoju`).map((a) => a.event_type);
  assert.ok(events.includes("payment.refund.created") && events.includes("payment.refunded"), JSON.stringify(events));
});

test("session pay with the challenge card: closed once (cancelled, nothing lost), then 123456 typed in the cross-origin frame, paid", async () => {
  const page = await openCheckout(browser, `${stack.shopUrl}/`);
  const urls = [];
  page.on("request", (request) => urls.push(request.url()));
  page.on("framenavigated", (frame) => urls.push(frame.url()));
  await typeCard(page, { name: NAME, number: CHALLENGE, expiry: expiry.typed, cvc: CVC });
  const paysBefore = (await sessionPayRequests(stack.sandbox)).length;

  // The shopper closes the dialog first (Escape): cancelled, nothing charged, the form as it was.
  await page.click("#pay-button");
  await challengeDialog(page);
  await page.keyboard.press("Escape");
  await page.locator("dialog").waitFor({ state: "detached" });
  const cancelled = await outcome(page);
  assert.equal(cancelled.errorType, "abort_error", cancelled.text);
  assert.equal(cancelled.errorCode, "three_d_secure_cancelled");
  assert.match(cancelled.text, /The card check was closed before it finished: nothing was charged\. You can pay again\./);
  assert.equal(await page.evaluate(() => document.activeElement.id), "status", "the focus came back to the status line");
  assert.deepEqual(await formValues(page), { name: NAME, number: grouped(CHALLENGE), expiry: expiry.shown, cvc: CVC });

  // Pay again: the same session, its challenge passed this time.
  await page.click("#pay-button");
  const frame = await challengeDialog(page);
  assert.deepEqual(await axeProblems(page, "challenge dialog"), []);
  assert.match(await frame.locator("body").innerText(), /5000/, "the issuer's page shows the card's last four digits");
  assert.ok(!(await frame.locator("body").innerText()).includes(CHALLENGE));
  await passChallenge(page, frame);

  const paid = await outcome(page);
  assert.equal(paid.outcome, "captured", paid.text);
  assert.match(paid.text, /Visa ending in 5000 was charged ¥4,980\./);
  assert.equal(await page.evaluate(() => document.activeElement.id), "status", "the focus came back to the status line");
  const order = await shopOrder(await lastOrderId());
  assert.equal(order.status, "captured");
  const pays = (await sessionPayRequests(stack.sandbox)).slice(paysBefore);
  assert.deepEqual(pays.map((r) => r.path), [0, 1].map(() => `/api/v1/sessions/${order.sessionId}/pay`), "both tries paid one session");
  // The dialog's frame reached the shop's return URL, which read the session with the secret key.
  assert.ok(urls.some((u) => u.startsWith(`${stack.shopUrl}/orders/${order.orderId}/complete?session_id=${order.sessionId}`)), urls.join("\n"));
  assert.deepEqual(urls.filter((u) => u.includes(CHALLENGE) || u.includes(grouped(CHALLENGE)) || u.includes(CVC)), []);
  assert.deepEqual(page.violations, []);
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test("a card failing 3-D Secure, then a good card: the same session, paid once", async () => {
  const page = await openCheckout(browser, `${stack.shopUrl}/`, { locale: "ja-JP" });
  const ordersBefore = sessionOrderRequests(stack.shop).length;
  const paysBefore = (await sessionPayRequests(stack.sandbox)).length;
  await typeCard(page, { name: NAME, number: CHALLENGE_FAILS, expiry: expiry.typed, cvc: CVC });
  await page.click("#pay-button");
  const frame = await challengeDialog(page, { name: "カード会社の本人認証" });
  await frame.getByLabel("Password").fill(PASSWORD);
  await frame.getByRole("button", { name: "Confirm" }).click();
  await page.locator("dialog").waitFor({ state: "detached", timeout: 15_000 });

  const failed = await outcome(page);
  assert.equal(failed.outcome, "declined", failed.text);
  assert.match(failed.text, /カードが承認されませんでした/);
  assert.match(failed.text, /3D セキュア認証に失敗しました。/);
  assert.equal(await page.isDisabled("#pay-button"), false, "the shopper can pay again");
  assert.deepEqual(await formValues(page), { name: NAME, number: grouped(CHALLENGE_FAILS), expiry: expiry.shown, cvc: CVC });

  await page.fill("#cc-number", "");
  await typeCard(page, { number: FRICTIONLESS });
  await page.click("#pay-button");
  const paid = await outcome(page);
  assert.equal(paid.outcome, "captured", paid.text);
  assert.match(paid.text, /お支払いが完了しました/);

  // One order, one session, paid twice: the failure left it payable.
  assert.equal(sessionOrderRequests(stack.shop).length, ordersBefore + 1, "one session order");
  const pays = (await sessionPayRequests(stack.sandbox)).slice(paysBefore);
  assert.equal(pays.length, 2);
  assert.equal(pays[0].path, pays[1].path, "the same session");
  const order = await shopOrder(await lastOrderId());
  assert.deepEqual([order.status, order.payment.last4], ["captured", "0100"]);
  assert.equal(pays[1].path, `/api/v1/sessions/${order.sessionId}/pay`);
  assert.deepEqual(cardDataInShopLog(stack.shop.log.entries(), { numbers: [CHALLENGE_FAILS, FRICTIONLESS], cvc: CVC }), []);
  assert.deepEqual(unexpected(page, [DECLINE_LOGGED]), []);
  await page.context().close();
});

test("konbini: waiting for payment at the store with the instructions link, then paid by itself after pay-at-store", async () => {
  const page = await openCheckout(browser, `${stack.shopUrl}/`);
  await chooseMethod(page, "konbini");
  await page.selectOption("#kb-store", "family-mart");
  await page.fill("#kb-email", "hanako@example.jp");
  await page.click("#pay-button");
  const waiting = await outcome(page);
  assert.equal(waiting.outcome, "authorized", waiting.text);
  assert.match(waiting.text, /Order placed: pay at the store/);
  assert.match(waiting.text, /Payment status: waiting for your payment at the store/);
  const paymentId = /Payment ID: (pay_\w+)/.exec(waiting.text)?.[1];
  assert.ok(paymentId, waiting.text);
  const link = page.locator("#status a.status-link");
  assert.equal(await link.getAttribute("href"), `${stack.sandboxUrl}/__sandbox/konbini/${paymentId}`);
  assert.equal(await page.textContent("#pay-label"), "Order placed");
  const orderId = await lastOrderId();
  assert.equal((await shopOrder(orderId)).waitingAtStore, true);

  // The shopper pays at the store: the sandbox captures the payment and sends
  // the signed webhook to the shop; the page, reading the order, turns paid.
  await page.locator("#status").focus();
  await stack.sandbox.payAtStore(paymentId);
  await page.locator("#status[data-payment-status='captured']").waitFor({ timeout: 15_000 });
  const paid = await outcome(page);
  assert.equal(paid.tone, "success");
  assert.match(paid.text, /Paid at the store: thank you/);
  assert.match(paid.text, /¥4,980 was paid at FamilyMart\./);
  assert.match(paid.text, /Payment status: paid/);
  assert.match(paid.text, new RegExp(paymentId));
  assert.equal(await page.textContent("#pay-label"), "Paid");
  assert.deepEqual(await axeProblems(page, "paid at the store"), []);
  assert.equal(await page.evaluate(() => document.activeElement.id), "status", "the focus stayed where it was");
  assert.equal(await page.getAttribute("#status", "aria-live"), "polite", "and the change is announced");
  await page.click("button[data-locale='ja']");
  assert.match(await page.locator("#status").innerText(), /ファミリーマートで ￥4,980 をお支払いいただきました。/);

  const order = await shopOrder(orderId);
  assert.deepEqual([order.status, order.paid], ["captured", true]);
  // What moved it: the payment.captured event of this payment, delivered to the shop.
  const listed = await (await fetch(`${stack.sandboxUrl}/api/v1/events?per_page=100`, {
    headers: { Authorization: `Basic ${Buffer.from("sk_test_sandbox:").toString("base64")}` },
  })).json();
  const captured = listed.data.find((e) => e.type === "payment.captured" && e.data.id === paymentId);
  assert.ok(captured, "a payment.captured event");
  const attempts = (await stack.sandbox.webhooks()).attempts.filter((a) => a.event_id === captured.id);
  assert.ok(attempts.some((a) => a.delivered && a.url === `${stack.shopUrl}/webhooks/komoju`), JSON.stringify(attempts));
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test("redirect mode: away to the issuer's page and back to the shop's return URL, which confirms the order (en, ja)", async () => {
  for (const [locale, paidTitle] of [["en-US", "Thank you: your order is paid"], ["ja-JP", "ありがとうございます：お支払いが完了しました"]]) {
    const page = await openCheckout(browser, `${stack.shopUrl}/?challenge=redirect`, { locale });
    const urls = [];
    page.on("framenavigated", (frame) => { if (frame === page.mainFrame()) urls.push(frame.url()); });
    await typeCard(page, { name: NAME, number: CHALLENGE, expiry: expiry.typed, cvc: CVC });
    await page.click("#pay-button");
    await page.waitForURL((url) => url.origin === stack.issuerUrl, { timeout: 15_000 });
    assert.ok(!page.url().includes(CHALLENGE));
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Confirm" }).click();
    await page.waitForURL((url) => url.origin === stack.shopUrl && url.pathname.endsWith("/complete"), { timeout: 15_000 });

    const order = await shopOrder(await lastOrderId());
    const landing = new URL(page.url());
    assert.equal(landing.pathname, `/orders/${order.orderId}/complete`);
    assert.equal(landing.searchParams.get("session_id"), order.sessionId);
    assert.equal(await page.getAttribute("html", "lang"), locale.slice(0, 2));
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), paidTitle);
    assert.equal(await page.getAttribute("#outcome", "data-order-status"), "captured");
    assert.match(await page.locator("#outcome").innerText(), new RegExp(order.orderId));
    assert.equal(order.status, "captured");
    assert.deepEqual(urls.filter((u) => u.includes(CHALLENGE) || u.includes(CVC)), []);
    assert.deepEqual(unexpected(page), []);
    await page.context().close();
  }
  // A forged session_id on the same landing is refused, in words a shopper reads.
  const page = await openPage(browser);
  const orderId = await lastOrderId();
  const response = await page.goto(`${stack.shopUrl}/orders/${orderId}/complete?session_id=forgedsessionxxxxxxxxxxxx`);
  assert.equal(response.status(), 400);
  assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "This payment could not be confirmed");
  await page.context().close();
});

test("saved card: 'save this card' with a challenge card, then the next checkout offers it and pays it after its challenge", async () => {
  // First checkout: pay with the challenge card and save it.
  const first = await openCheckout(browser, `${stack.shopUrl}/`);
  assert.equal(await first.isVisible("#saved-cards"), false, "no saved card yet");
  await typeCard(first, { name: NAME, number: CHALLENGE, expiry: expiry.typed, cvc: CVC });
  await first.getByLabel("Save this card for my next order").check();
  await first.click("#pay-button");
  await passChallenge(first, await challengeDialog(first));
  const paid = await outcome(first);
  assert.equal(paid.outcome, "captured", paid.text);
  assert.match(paid.text, /Saved for your next order: Visa •••• 5000/);
  const saves = stack.shop.log.entries().filter((e) => e.method === "POST" && e.url === "/account/cards");
  assert.equal(saves.length, 1);
  assert.match(JSON.parse(saves[0].body).token, /^tok_\w+$/, "the shop got a token, not the card");
  assert.deepEqual(unexpected(first), []);
  await first.context().close();

  // Next checkout: the saved card is offered, chosen, and the card fields are out of the way.
  const page = await openCheckout(browser, `${stack.shopUrl}/`);
  const savedCard = page.getByRole("radio", { name: "Visa •••• 5000" });
  assert.equal(await page.getByRole("group", { name: "Pay with" }).isVisible(), true);
  assert.equal(await savedCard.isChecked(), true);
  assert.equal(await page.isVisible("#cc-number"), false);
  assert.equal(await page.isDisabled("#cc-number"), true, "the new card's fields are out of the tab order");
  assert.deepEqual(await axeProblems(page, "saved card offered"), []);
  const paysBefore = (await sessionPayRequests(stack.sandbox)).length;
  await page.click("#pay-button");

  // The shop made a secure token for the customer; the page shows its challenge.
  const frame = await challengeDialog(page);
  await passChallenge(page, frame);
  const again = await outcome(page);
  assert.equal(again.outcome, "captured", again.text);
  assert.match(again.text, /Visa ending in 5000 was charged ¥4,980\./);
  assert.equal(await page.evaluate(() => document.activeElement.id), "status");
  assert.equal((await sessionPayRequests(stack.sandbox)).length, paysBefore, "no card data from the page this time");
  const started = stack.shop.log.entries().filter((e) => e.method === "POST" && e.url === "/orders/saved-card").at(-1);
  const { cardId, items } = JSON.parse(started.body);
  assert.match(cardId, /^cus_\w+$|^\w+$/);
  assert.deepEqual(items, [{ sku: "sencha-tasting-set", quantity: 1 }]);
  const payments = (await stack.sandbox.requests()).filter((r) => r.method === "POST" && r.path === "/api/v1/payments");
  assert.match(String(payments.at(-1).body.payment_details), /^stok_/, "the shop paid with the secure token");

  // "A new card" brings the fields back.
  assert.deepEqual(cardDataInShopLog(stack.shop.log.entries(), { numbers: [CHALLENGE], cvc: CVC }), []);
  assert.deepEqual(unexpected(page), []);
  await page.context().close();

  const third = await openCheckout(browser, `${stack.shopUrl}/`);
  await third.getByRole("radio", { name: "A new card" }).check();
  assert.equal(await third.isVisible("#cc-number"), true);
  assert.equal(await third.isDisabled("#cc-number"), false);
  await third.context().close();
});
