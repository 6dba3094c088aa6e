// The shop's server half of the whole seed flow, over plain HTTP against a
// real sandbox (no browser): sessions and the return URL check, signed
// webhooks (forged, missing, replayed, out of order), konbini paid at the
// store, saved cards with a secure token, and the direct route paying a
// secure token.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { PUBLISHABLE_KEY, SECRET_KEY, WEBHOOK_SECRET, startStack } from "../scripts/stack.mjs";
import { sign } from "../shop/webhook.mjs";
import { CVC, NAME, VISA, futureExpiry, THREE_DS_CHALLENGE as CHALLENGE_CARD } from "./support/cards.mjs";

let stack;
const stdout = [];

before(async () => {
  stack = await startStack({ logLine: (line) => stdout.push(line) });
});

after(async () => {
  await stack?.close();
});

const basic = (key) => "Basic " + Buffer.from(`${key}:`).toString("base64");

async function api(method, path, key, body) {
  const response = await fetch(stack.sandboxUrl + path, {
    method,
    headers: { Authorization: basic(key), ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

async function shop(method, path, body) {
  const response = await fetch(stack.shopUrl + path, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, body: type.includes("json") ? await response.json() : await response.text() };
}

function cardDetails(number) {
  const [month, year] = futureExpiry().shown.split(" / ");
  return { type: "credit_card", number, month, year, verification_value: CVC, name: NAME };
}

async function until(what, check, timeoutMs = 8000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

async function orderStatus(id) {
  const { status, body } = await shop("GET", `/orders/${id}`);
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

async function sessionOrder(extra = {}) {
  const { status, body } = await shop("POST", "/orders/session", { email: "taro@example.com", ...extra });
  assert.equal(status, 200, JSON.stringify(body));
  assert.match(body.orderId, /^ord_[0-9a-f]{24}$/);
  assert.equal(typeof body.sessionId, "string");
  return body;
}

async function postWebhook(raw, signature) {
  const headers = { "Content-Type": "application/json" };
  if (signature !== undefined) headers["X-Komoju-Signature"] = signature;
  const response = await fetch(`${stack.shopUrl}/webhooks/komoju`, { method: "POST", headers, body: raw });
  return { status: response.status, body: await response.json() };
}

test("a session order is priced on the server and paid by card; the webhook and the return URL agree", async () => {
  const order = await sessionOrder({ items: [{ sku: "tessera-tee", quantity: 2 }] });
  assert.equal(order.amount, 9960);
  const { body: session } = await api("GET", `/api/v1/sessions/${order.sessionId}`, SECRET_KEY);
  assert.equal(session.amount, 9960);
  assert.equal(session.email, "taro@example.com");
  assert.deepEqual(session.payment_types, ["credit_card", "konbini"]);
  assert.equal(session.payment_data.external_order_num, order.orderId);
  assert.equal(session.return_url, `${stack.shopUrl}/orders/${order.orderId}/complete`);

  // Before paying, the landing says so and the order is pending.
  const early = await shop("GET", `/orders/${order.orderId}/complete?session_id=${order.sessionId}`);
  assert.equal(early.status, 200);
  assert.match(early.body, /Payment not finished/);
  assert.equal((await orderStatus(order.orderId)).status, "pending");

  const paid = await api("POST", `/api/v1/sessions/${order.sessionId}/pay`, PUBLISHABLE_KEY, { payment_details: cardDetails(VISA) });
  assert.equal(paid.body.status, "completed", JSON.stringify(paid.body));
  const view = await until("the webhook", async () => {
    const o = await orderStatus(order.orderId);
    return o.status === "captured" && o;
  });
  assert.deepEqual([view.paid, view.payment.brand, view.payment.last4], [true, "visa", "1111"]);
  const landing = await shop("GET", `/orders/${order.orderId}/complete?session_id=${order.sessionId}`);
  assert.equal(landing.status, 200);
  assert.match(landing.body, /data-order-status="captured"/);
  assert.match(landing.body, /your order is paid/);
});

test("a forged or foreign session_id is refused on the return URL", async () => {
  const mine = await sessionOrder();
  const other = await sessionOrder();
  await api("POST", `/api/v1/sessions/${other.sessionId}/pay`, PUBLISHABLE_KEY, { payment_details: cardDetails(VISA) });
  for (const sessionId of [other.sessionId, "forgedsession0000000000000", "", "<script>"]) {
    const landing = await shop("GET", `/orders/${mine.orderId}/complete?session_id=${encodeURIComponent(sessionId)}`);
    assert.equal(landing.status, 400, sessionId);
    assert.match(landing.body, /could not be confirmed/);
    assert.doesNotMatch(landing.body, /<script>/);
  }
  assert.equal((await orderStatus(mine.orderId)).status, "pending");
  const missing = await shop("GET", `/orders/ord_${"0".repeat(24)}/complete?session_id=${mine.sessionId}`);
  assert.equal(missing.status, 404);
});

test("a konbini order waits for the store and turns paid when the sandbox's pay-at-store sends the webhook", async () => {
  const order = await sessionOrder();
  const paid = await api("POST", `/api/v1/sessions/${order.sessionId}/pay`, PUBLISHABLE_KEY, {
    payment_details: { type: "konbini", store: "lawson", email: "taro@example.com" },
  });
  assert.equal(paid.body.status, "completed", JSON.stringify(paid.body));
  const waiting = await until("authorized", async () => {
    const o = await orderStatus(order.orderId);
    return o.status === "authorized" && o;
  });
  assert.equal(waiting.waitingAtStore, true);
  assert.match(waiting.payment.instructionsUrl, /^http:\/\/127\.0\.0\.1:\d+\/__sandbox\/konbini\//);
  const landing = await shop("GET", `/orders/${order.orderId}/complete?session_id=${order.sessionId}`);
  assert.match(landing.body, /Waiting for payment at the store/);
  assert.match(landing.body, /How to pay at the store/);

  await stack.sandbox.payAtStore(paid.body.payment.id);
  const done = await until("captured", async () => {
    const o = await orderStatus(order.orderId);
    return o.status === "captured" && o;
  });
  assert.deepEqual([done.paid, done.waitingAtStore], [true, false]);
});

test("webhooks: missing or wrong signatures are refused and change nothing; a replay and an unused type are acknowledged", async () => {
  const order = await sessionOrder();
  const event = {
    id: "evt_forged0000000000000000001", type: "payment.captured", resource: "event", reason: null,
    created_at: new Date().toISOString(),
    data: { id: "pay_forged", resource: "payment", status: "captured", session: order.sessionId, payment_details: { type: "credit_card" } },
  };
  const raw = JSON.stringify(event);
  const before = stdout.length;
  assert.equal((await postWebhook(raw)).status, 401);
  assert.equal((await postWebhook(raw, "0".repeat(64))).status, 401);
  assert.equal((await postWebhook(raw, sign(Buffer.from(raw), "not-the-secret"))).status, 401);
  assert.equal((await postWebhook(raw + " ", sign(Buffer.from(raw), WEBHOOK_SECRET))).status, 401, "signed bytes only");
  assert.equal((await postWebhook(raw, "zz")).status, 401);
  assert.equal((await orderStatus(order.orderId)).status, "pending");
  // Nothing of a webhook's body reaches the shop's log or stdout.
  const lines = stdout.slice(before);
  assert.equal(lines.filter((line) => line === "POST /webhooks/komoju 401").length, 5, lines.join("\n"));
  assert.ok(lines.every((line) => !line.includes("evt_") && !line.includes("pay_forged")), lines.join("\n"));
  assert.ok(stack.shop.log.entries().filter((e) => e.url === "/webhooks/komoju").every((e) => e.body === ""));

  // Unused types are acknowledged.
  const ping = JSON.stringify({ id: "evt_ping000000000000000000001", type: "ping", resource: "event", data: {} });
  const acked = await postWebhook(ping, sign(Buffer.from(ping), WEBHOOK_SECRET));
  assert.deepEqual([acked.status, acked.body.outcome], [200, "ignored"]);

  // A real event, redelivered by the sandbox: applied once.
  const paid = await api("POST", `/api/v1/sessions/${order.sessionId}/pay`, PUBLISHABLE_KEY, {
    payment_details: cardDetails(VISA), capture: "manual",
  });
  assert.equal(paid.body.payment.status, "authorized");
  await until("authorized", async () => (await orderStatus(order.orderId)).status === "authorized");
  const { body: events } = await api("GET", "/api/v1/events?per_page=100", SECRET_KEY);
  const authorized = events.data.find((e) => e.type === "payment.authorized" && e.data.id === paid.body.payment.id);
  assert.ok(authorized);
  const countFor = async (id) => (await stack.sandbox.webhooks()).attempts.filter((a) => a.event_id === id && a.delivered).length;
  await stack.sandbox.redeliver(authorized.id);
  await until("the redelivery", async () => (await countFor(authorized.id)) >= 2);
  assert.equal((await orderStatus(order.orderId)).status, "authorized");
  // The merchant captures; a redelivered old "authorized" then changes nothing.
  const captured = await api("POST", `/api/v1/payments/${paid.body.payment.id}/capture`, SECRET_KEY, {});
  assert.equal(captured.body.status, "captured");
  await until("captured", async () => (await orderStatus(order.orderId)).status === "captured");
  await stack.sandbox.redeliver(authorized.id);
  await until("the second redelivery", async () => (await countFor(authorized.id)) >= 3);
  assert.equal((await orderStatus(order.orderId)).status, "captured");
});

test("webhooks out of order: captured before authorized stays captured, refunded stays refunded; an expiry ends a waiting order", async () => {
  const order = await sessionOrder();
  const payment = (status) => ({
    id: "pay_outoforder000000000000001", resource: "payment", status, session: order.sessionId,
    external_order_num: order.orderId, payment_details: { type: "konbini", store: "lawson", instructions_url: "http://127.0.0.1/x" },
  });
  const send = async (id, type, status) => {
    const raw = JSON.stringify({ id, type, resource: "event", data: payment(status), created_at: new Date().toISOString(), reason: null });
    return postWebhook(raw, sign(Buffer.from(raw), WEBHOOK_SECRET));
  };
  assert.equal((await send("evt_ooo_2", "payment.captured", "captured")).status, 200);
  assert.equal((await send("evt_ooo_1", "payment.authorized", "authorized")).status, 200);
  assert.equal((await orderStatus(order.orderId)).status, "captured");
  assert.equal((await send("evt_ooo_3", "payment.expired", "expired")).status, 200);
  assert.equal((await orderStatus(order.orderId)).status, "captured");
  // Refunded in full: the order ends there, and a late capture does not undo it.
  assert.equal((await send("evt_ooo_4", "payment.refunded", "refunded")).status, 200);
  assert.equal((await orderStatus(order.orderId)).status, "refunded");
  assert.equal((await send("evt_ooo_5", "payment.captured", "captured")).status, 200);
  assert.equal((await orderStatus(order.orderId)).status, "refunded");

  const waiting = await sessionOrder();
  const paid = await api("POST", `/api/v1/sessions/${waiting.sessionId}/pay`, PUBLISHABLE_KEY, {
    payment_details: { type: "konbini", store: "family-mart", email: "taro@example.com" },
  });
  await until("authorized", async () => (await orderStatus(waiting.orderId)).status === "authorized");
  await stack.sandbox.expire(paid.body.payment.id);
  await until("expired", async () => (await orderStatus(waiting.orderId)).status === "expired");
});

test("saved cards: a token becomes a Customer, listed as Visa •••• 1111, paid again through a secure token", async () => {
  const token = await api("POST", "/api/v1/tokens", PUBLISHABLE_KEY, { payment_details: cardDetails(VISA) });
  const saved = await shop("POST", "/account/cards", { token: token.body.id });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.equal(saved.body.card.label, "Visa •••• 1111");
  assert.match(saved.body.card.id, /^cus_/);
  const listed = await shop("GET", "/account/cards");
  assert.ok(listed.body.cards.some((c) => c.id === saved.body.card.id && c.label === "Visa •••• 1111"));
  assert.equal((await shop("POST", "/account/cards", { token: token.body.id })).status, 422, "a token saves once");

  // Frictionless: OK at once, then the server pays with the secure token.
  const started = await shop("POST", "/orders/saved-card", { cardId: saved.body.card.id });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  assert.deepEqual([started.body.verificationStatus, started.body.authenticationUrl], ["OK", null]);
  assert.equal(started.body.returnUrl, `${stack.shopUrl}/orders/${started.body.orderId}/verified`);
  const pay = await shop("POST", `/orders/${started.body.orderId}/pay`);
  assert.deepEqual([pay.status, pay.body.status, pay.body.payment.last4], [200, "captured", "1111"], JSON.stringify(pay.body));
  assert.equal((await orderStatus(started.body.orderId)).status, "captured");
  const verified = await shop("GET", `/orders/${started.body.orderId}/verified`);
  assert.equal(verified.status, 200);

  // The challenge card: NEEDS_VERIFY until the shopper passes the issuer's page.
  const challengeToken = await api("POST", "/api/v1/tokens", PUBLISHABLE_KEY, { payment_details: cardDetails(CHALLENGE_CARD) });
  const challengeCard = (await shop("POST", "/account/cards", { token: challengeToken.body.id })).body.card;
  assert.equal(challengeCard.label, "Visa •••• 5000");
  const challenged = await shop("POST", "/orders/saved-card", { cardId: challengeCard.id });
  assert.equal(challenged.body.verificationStatus, "NEEDS_VERIFY");
  assert.match(challenged.body.authenticationUrl, /^http:\/\/127\.0\.0\.1:\d+\/challenges\//);
  const tooEarly = await shop("POST", `/orders/${challenged.body.orderId}/pay`);
  assert.deepEqual([tooEarly.body.status, tooEarly.body.code], ["declined", "three_d_secure_failed"]);
  const answered = await fetch(challenged.body.authenticationUrl, {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "password=123456",
  });
  assert.equal(answered.status, 303);
  assert.equal(answered.headers.get("location"), `${challenged.body.returnUrl}?secure_token_id=${challenged.body.secureTokenId}`);
  const after = await shop("POST", `/orders/${challenged.body.orderId}/pay`);
  assert.deepEqual([after.body.status, after.body.payment.last4], ["captured", "5000"], JSON.stringify(after.body));
  assert.equal((await shop("POST", "/orders/saved-card", { cardId: "cus_nope" })).status, 404);
});

test("the direct route pays a secure token (the script-tag page's route) and keeps the order", async () => {
  const secure = await api("POST", "/api/v1/secure_tokens", PUBLISHABLE_KEY, {
    amount: 4980, currency: "JPY", return_url: `${stack.shopUrl}/script-tag.html`, payment_details: cardDetails(VISA),
  });
  assert.equal(secure.body.verification_status, "OK");
  const { status, body } = await shop("POST", "/orders", { token: secure.body.id, amount: 4980, currency: "JPY" });
  assert.deepEqual([status, body.status, body.payment.last4], [200, "captured", "1111"], JSON.stringify(body));
  assert.equal((await orderStatus(body.orderId)).status, "captured");
  const { body: payment } = await api("GET", `/api/v1/payments/${body.payment.id}`, SECRET_KEY);
  assert.equal(payment.external_order_num, body.orderId);
  // The session route never takes a price.
  const priced = await shop("POST", "/orders/session", { amount: 1 });
  assert.deepEqual([priced.status, priced.body.code], [400, "unexpected_field"]);
  const card = await shop("POST", "/orders/session", { email: VISA });
  assert.deepEqual([card.status, card.body.code], [400, "card_data_refused"]);
});

test("a card payment left at its challenge and cancelled when the session is paid again does not end the order", async () => {
  const order = await sessionOrder();
  const pay = (number) => api("POST", `/api/v1/sessions/${order.sessionId}/pay`, PUBLISHABLE_KEY, { payment_details: cardDetails(number) });
  // The shopper closes the challenge; the sandbox still holds the pending payment.
  const first = await pay(CHALLENGE_CARD);
  assert.equal(first.body.status, "pending", JSON.stringify(first.body));
  // Paying the session again supersedes it: the old payment is cancelled and
  // its signed payment.cancelled reaches the shop while the new one waits.
  const second = await pay(CHALLENGE_CARD);
  assert.equal(second.body.status, "pending", JSON.stringify(second.body));
  const cancelled = await until("the payment.cancelled event", async () => {
    const { body: events } = await api("GET", "/api/v1/events?per_page=100", SECRET_KEY);
    return events.data.find((e) => e.type === "payment.cancelled" && e.data.session === order.sessionId);
  });
  await until("its delivery", async () => (await stack.sandbox.webhooks()).attempts
    .some((a) => a.event_id === cancelled.id && a.delivered));
  assert.equal((await orderStatus(order.orderId)).status, "pending", "the session, so the order, is still payable");
  // And it is paid.
  const paid = await pay(VISA);
  assert.equal(paid.body.status, "completed", JSON.stringify(paid.body));
  await until("the capture", async () => (await orderStatus(order.orderId)).status === "captured");
  assert.equal((await orderStatus(order.orderId)).payment.id, paid.body.payment.id);
});
