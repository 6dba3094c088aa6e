// The checkout page against a failing network, through the real shop page and
// the sandbox's fault injection on the browser's Session: Pay: every failure
// reaches the shopper as its typed error (TesseraError type on the status
// line, and its words), never as an unhandled promise rejection; the form
// keeps what was typed; the shop's order stays unpaid and its session is
// paid again by the next Pay; and one submit never makes more than one
// payment (every attempt of one pay carries one idempotency key). The page's
// Tokenizer timeout is shortened for these tests through the shop
// (<meta name="tessera-timeout-ms">).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startStack } from "../scripts/stack.mjs";
import { launchBrowser } from "./support/browser.mjs";
import { CVC, NAME, VISA, futureExpiry, grouped } from "./support/cards.mjs";
import {
  formValues, openCheckout, outcome, sessionOrderRequests, sessionPayRequests, typeCard,
} from "./support/checkout-page.mjs";

const TIMEOUT_MS = 1500;
const expiry = futureExpiry();
const CARD = { name: NAME, number: VISA, expiry: expiry.typed, cvc: CVC };
const TYPED = { name: NAME, number: grouped(VISA), expiry: expiry.shown, cvc: CVC };

let stack;
let browser;

before(async () => {
  [stack, browser] = await Promise.all([startStack({ shop: { tokenizerTimeoutMs: TIMEOUT_MS } }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

/** Polls `check()` until it returns a truthy value (bounded), and returns it. */
async function until(check, { timeout = 10_000, what = "condition" } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The sandbox's Session: Pay requests after `since` (a count of earlier ones). */
async function tokensSince(since, sandbox = stack.sandbox) {
  return (await sessionPayRequests(sandbox)).slice(since);
}

const isPay = (request) => request.method() === "POST"
  && /^\/api\/v1\/sessions\/[^/]+\/pay$/.test(new URL(request.url()).pathname);

/** Opens the checkout with the card typed in, and notes where the sandbox's log stood. */
async function readyToPay(target = stack) {
  const page = await openCheckout(browser, `${target.shopUrl}/`);
  await typeCard(page, CARD);
  page.tokensBefore = (await sessionPayRequests(target.sandbox)).length;
  page.ordersBefore = sessionOrderRequests(target.shop).length;
  return page;
}

/** The shop's state of the session order the page made last (on `target`). */
async function lastOrder(target = stack) {
  const sessions = (await target.sandbox.requests()).filter((r) => r.method === "POST" && r.path === "/api/v1/sessions");
  const id = sessions.at(-1).body.payment_data.external_order_num;
  return (await fetch(`${target.shopUrl}/orders/${id}`)).json();
}

/** A failed pay leaves the shop's order unpaid: no payment reached it. */
async function assertUnpaid(target = stack) {
  const order = await lastOrder(target);
  assert.deepEqual([order.status, order.payment], ["pending", null], "the order is unpaid");
}

/** What a failed attempt must leave: no uncaught error or rejection, the input kept, Pay usable again. */
async function assertRecoverable(page) {
  // Console errors are expected here (Chromium logs each failed fetch); exceptions and rejections are not.
  assert.deepEqual(page.problems.filter((p) => !p.startsWith("console:")), []);
  assert.deepEqual(page.rejections, []);
  assert.deepEqual(await formValues(page), TYPED, "the form keeps what was typed");
  assert.equal(await page.isDisabled("#pay-button"), false, "the shopper can try again");
}

/**
 * At most one payment per submit: the answered pays, counted by idempotency
 * key (the attempts of one pay share it; a replay is the same payment).
 */
function assertAtMostOneToken(requests, submits = 1) {
  assert.ok(requests.every((r) => typeof r.idempotency_key === "string" && r.idempotency_key.length > 0),
    "every pay carries an idempotency key");
  const made = new Set(requests.filter((r) => r.status === 200).map((r) => r.idempotency_key)).size;
  assert.ok(made <= submits, `${made} payments for ${submits} submit(s): ${JSON.stringify(requests.map((r) => r.status))}`);
}

test("a 500 is retried with the same idempotency key and the payment goes through, once", async () => {
  const page = await readyToPay();
  await stack.sandbox.fault({ status: 500, count: 1 });
  await page.click("#pay-button");
  const result = await outcome(page);
  assert.equal(result.outcome, "captured", result.text);
  const requests = await tokensSince(page.tokensBefore);
  assert.deepEqual(requests.map((r) => r.status), [500, 200]);
  assert.equal(requests[0].idempotency_key, requests[1].idempotency_key, "one key for both attempts");
  assert.equal(requests[0].path, requests[1].path);
  assert.equal(sessionOrderRequests(stack.shop).length, page.ordersBefore + 1);
  assert.equal((await lastOrder()).status, "captured");
  assert.deepEqual(page.problems.filter((p) => !p.startsWith("console:")), []);
  assert.deepEqual(page.rejections, []);
  await page.context().close();
});

test("a 429 with Retry-After: a short wait is honoured; a long one is the shopper's rate_limit_error", async () => {
  const page = await readyToPay();
  const sent = [];
  page.on("request", (request) => {
    if (isPay(request)) sent.push(Date.now());
  });
  await stack.sandbox.fault({ status: 429, retry_after: 1, count: 1 });
  await page.click("#pay-button");
  const paid = await outcome(page);
  assert.equal(paid.outcome, "captured", paid.text);
  assert.deepEqual((await tokensSince(page.tokensBefore)).map((r) => r.status), [429, 200]);
  assert.equal(sent.length, 2);
  assert.ok(sent[1] - sent[0] >= 900, `the retry waited for Retry-After: 1 (${sent[1] - sent[0]} ms)`);
  await page.context().close();

  // Retry-After: 120 is longer than Tessera waits (30 s): the error comes back at once.
  const busy = await readyToPay();
  await stack.sandbox.fault({ status: 429, retry_after: 120, count: 1 });
  await busy.click("#pay-button");
  const refused = await outcome(busy);
  assert.equal(refused.errorType, "rate_limit_error", refused.text);
  assert.match(refused.text, /The payment service is busy\. Please wait a moment and try again\./);
  assert.match(refused.text, /You can try again in about 120 seconds\./);
  assert.deepEqual((await tokensSince(busy.tokensBefore)).map((r) => r.status), [429]);
  await assertRecoverable(busy);
  await busy.context().close();
});

test("no answer within the timeout: every attempt is aborted and the shopper gets timeout_error", async () => {
  const page = await readyToPay();
  await stack.sandbox.fault({ hang: true, count: 3 }); // the first attempt and both retries
  const started = Date.now();
  await page.click("#pay-button");
  assert.equal(await page.isDisabled("#pay-button"), true);
  const result = await outcome(page);
  const took = Date.now() - started;
  assert.equal(result.errorType, "timeout_error", result.text);
  assert.match(result.text, /The payment service took too long to answer\. Please try again\./);
  assert.ok(took >= 3 * TIMEOUT_MS && took < 3 * TIMEOUT_MS + 5_000, `3 attempts of ${TIMEOUT_MS} ms took ${took} ms`);
  const requests = await tokensSince(page.tokensBefore);
  assert.equal(requests.length, 3);
  assertAtMostOneToken(requests);
  await assertRecoverable(page);
  await assertUnpaid();

  // The fault is spent: the same form now pays (the same session).
  await page.click("#pay-button");
  assert.equal((await outcome(page)).outcome, "captured");
  assertAtMostOneToken(await tokensSince(page.tokensBefore), 2);
  await page.context().close();
});

test("a dropped connection, again and again: api_connection_error, nothing made", async () => {
  const page = await readyToPay();
  // Chromium silently resends a request once when a reused keep-alive
  // connection closes unanswered, so each of the 3 attempts may use 2 drops.
  await stack.sandbox.fault({ drop: true, count: 6 });
  await page.click("#pay-button");
  const result = await outcome(page);
  await stack.sandbox.clearFaults();
  assert.equal(result.errorType, "api_connection_error", result.text);
  assert.match(result.text, /We could not reach the payment service\. Check your connection and try again\./);
  const requests = await tokensSince(page.tokensBefore);
  assert.ok(requests.length >= 3 && requests.length <= 6, `${requests.length} requests`);
  assert.deepEqual(requests.filter((r) => r.status !== null), [], "every one was dropped unanswered");
  await assertRecoverable(page);

  await page.click("#pay-button");
  assert.equal((await outcome(page)).outcome, "captured");
  assertAtMostOneToken(await tokensSince(page.tokensBefore), 2);
  await page.context().close();
});

test("a body that is not JSON: api_error (invalid_response), not retried, no token", async () => {
  const page = await readyToPay();
  await stack.sandbox.fault({ malformed: true, count: 1 });
  await page.click("#pay-button");
  const result = await outcome(page);
  assert.equal(result.errorType, "api_error", result.text);
  assert.equal(result.errorCode, "invalid_response");
  assert.match(result.text, /The payment service had a problem\. Please try again\./);
  // The sandbox answered 200 with a broken body and created nothing.
  assert.deepEqual((await tokensSince(page.tokensBefore)).map((r) => r.status), [200]);
  await assertRecoverable(page);
  await assertUnpaid();
  await page.context().close();
});

test("the browser going offline mid-request: api_connection_error saying so, and paying once back online", async () => {
  const page = await readyToPay();
  // Chromium's offline mode fails new requests but lets one already sent run
  // on, so the held request plays a connection lost mid-way: no answer until
  // the Tokenizer's timeout aborts it, then the retries meet the offline browser.
  const DELAY_MS = TIMEOUT_MS + 1000;
  await stack.sandbox.fault({ delay_ms: DELAY_MS, count: 1 });
  await page.click("#pay-button");
  // The request is in flight once the sandbox has it.
  await until(async () => (await tokensSince(page.tokensBefore)).length === 1, { what: "the delayed request" });
  const receivedAt = Date.now();
  await page.context().setOffline(true);
  const result = await outcome(page);
  assert.equal(result.errorType, "api_connection_error", result.text);
  assert.match(result.text, /You seem to be offline\. Check your connection and try again\./);
  await assertRecoverable(page);
  await assertUnpaid();

  await page.context().setOffline(false);
  await page.click("#pay-button");
  const paid = await outcome(page);
  assert.equal(paid.outcome, "captured", paid.text);
  assert.equal(sessionOrderRequests(stack.shop).length, page.ordersBefore + 1, "one order, paid on the second try");
  // The abandoned request is dropped by the sandbox when the browser closes
  // its connection (its status stays null); nothing announces that, so let
  // the injected delay run out before counting, in case it was answered.
  const left = receivedAt + DELAY_MS + 250 - Date.now();
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  assertAtMostOneToken(await tokensSince(page.tokensBefore), 2);
  await page.context().close();
});

test("Pay clicked five times quickly, and the form submitted again meanwhile: exactly one Session: Pay request", async () => {
  const page = await readyToPay();
  await stack.sandbox.fault({ delay_ms: 600, count: 1 }); // keep the first request in flight
  const box = await page.locator("#pay-button").boundingBox();
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  for (let i = 0; i < 5; i += 1) await page.mouse.click(x, y);
  // Past the disabled button: Enter in a field and requestSubmit() while paying.
  await page.locator("#cc-csc").press("Enter");
  await page.evaluate(() => {
    const form = document.getElementById("checkout-form");
    for (let i = 0; i < 3; i += 1) form.requestSubmit();
  });
  const result = await outcome(page);
  assert.equal(result.outcome, "captured", result.text);
  const requests = await tokensSince(page.tokensBefore);
  assert.equal(requests.length, 1, "exactly one Session: Pay request");
  assert.equal(requests[0].status, 200);
  assert.equal(sessionOrderRequests(stack.shop).length, page.ordersBefore + 1, "exactly one order");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the payments API refusing the shop's origin (CORS): api_connection_error, and no POST ever reaches it", async () => {
  // A sandbox that only allows some other page origin.
  const refusing = await startStack({ allowOrigins: ["http://127.0.0.1:1"], shop: { tokenizerTimeoutMs: TIMEOUT_MS } });
  try {
    const page = await readyToPay(refusing);
    await page.click("#pay-button");
    const result = await outcome(page);
    assert.equal(result.errorType, "api_connection_error", result.text);
    assert.match(result.text, /We could not reach the payment service/);
    await assertRecoverable(page);
    const seen = (await refusing.sandbox.requests()).filter((r) => /^\/api\/v1\/sessions\/[^/]+\/pay$/.test(r.path));
    assert.ok(seen.length >= 1, "the preflights were seen");
    assert.deepEqual([...new Set(seen.map((r) => `${r.method} ${r.status}`))], ["OPTIONS 403"], "the preflight is refused");
    await assertUnpaid(refusing);
    await page.context().close();
  } finally {
    await refusing.close();
  }
});
