// One payment attempt, KOMOJU's recommended way (Method 1): the shop's server
// has created a Session for the order (shop-api.js); Tessera pays it from the
// browser with the payment details (a card — with its issuer's 3-D Secure
// challenge in a dialog when the card needs one — or a konbini payment), the
// details going to the payments API and nowhere else; then the shop is asked
// what became of its order, which it learns from the payments API itself (the
// signed webhook, or the return URL) rather than from this page.
// Or a saved card: the shop starts a secure token for it, the page shows the
// issuer's challenge with handleChallenge, and the shop pays.
//
// Every function resolves to an outcome and never rejects:
//   { kind: "captured", payment: { id, brand, last4 } }         a card, paid
//   { kind: "authorized", payment: { id, type, store, instructionsUrl } }
//                               konbini: waiting for payment at the store
//   { kind: "paid_at_store", payment: { id, store } }           konbini, paid
//   { kind: "confirming" }      paid; the shop has not heard of it yet
//   { kind: "ended", status }   the order expired, was cancelled or failed
//   { kind: "declined", code, reason }
//   { kind: "token_error", error }          a TesseraError (as for createToken)
//   { kind: "order_error", code, message }  the shop refused or failed
//   { kind: "order_unreachable" }
import { handleChallenge } from "./tessera/tessera.js";
import { safeHttpUrl } from "./outcome-view.js";
import {
  ShopUnreachable, createSavedCardOrder, createSessionOrder, paySavedCardOrder, readOrder,
} from "./shop-api.js";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function orderError(answer) {
  const body = answer.body;
  return {
    kind: "order_error",
    code: body && body.code ? String(body.code) : `http_${answer.status}`,
    message: body && body.message ? String(body.message) : "",
  };
}

/** Runs a shop call; a call that got no answer becomes { kind: "order_unreachable" }. */
async function shop(call) {
  try {
    return { answer: await call() };
  } catch (error) {
    if (error instanceof ShopUnreachable) return { failed: { kind: "order_unreachable" } };
    throw error;
  }
}

/** What a Tessera rejection means to the shopper: a card's decline, or an error of its own. */
function tesseraOutcome(error) {
  if (error && error.type === "card_error") {
    return {
      kind: "declined",
      code: String(error.declineCode || error.code || "card_declined"),
      reason: String(error.message ?? ""),
    };
  }
  return { kind: "token_error", error };
}

/**
 * The outcome an order's view (GET /orders/{id}) stands for. A view still
 * `pending` is { kind: "confirming" }.
 */
export function orderOutcome(view) {
  const payment = view && view.payment;
  switch (view && view.status) {
    case "captured":
      if (payment && payment.type === "credit_card") {
        return { kind: "captured", payment: { id: payment.id, brand: payment.brand, last4: payment.last4 } };
      }
      return { kind: "paid_at_store", payment: { id: payment && payment.id, store: payment && payment.store } };
    case "authorized":
      if (view.waitingAtStore && payment && safeHttpUrl(payment.instructionsUrl)) {
        return {
          kind: "authorized",
          payment: { id: payment.id, type: payment.type, store: payment.store, instructionsUrl: payment.instructionsUrl },
        };
      }
      return { kind: "confirming" }; // a card authorized for a later capture: not this shop's flow
    case "expired":
    case "cancelled":
    case "failed":
      return { kind: "ended", status: view.status };
    case "pending":
      return { kind: "confirming" };
    default:
      return { kind: "order_error", code: "unexpected_order_status", message: "" };
  }
}

/**
 * Reads the order until the shop has heard of its payment — it is no longer
 * `pending`, and when `paymentId` is given (the payment just made), it holds
 * that payment (an earlier attempt's failure may have reached it first) — or
 * `timeoutMs` runs out (then: { kind: "confirming" }); resolves to its outcome.
 */
export async function settleOrder(orderId, { paymentId = null, timeoutMs = 10_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { answer, failed } = await shop(() => readOrder(orderId));
    if (failed) return failed;
    if (!answer.ok || !answer.body) return orderError(answer);
    const view = answer.body;
    const heard = view.status !== "pending" && (!paymentId || (view.payment && view.payment.id === paymentId));
    if (heard) return orderOutcome(view);
    if (Date.now() >= deadline) return { kind: "confirming" };
    await sleep(intervalMs);
  }
}

/**
 * Reads the order every `intervalMs` while `keepGoing(outcome)` says so,
 * calling `onChange(outcome)` whenever its kind changes. Returns a function
 * that stops it. Used for a konbini order waiting for the shopper to pay at
 * the store: the webhook moves the order, and this page sees it.
 */
export function watchOrder(orderId, { current, onChange, keepGoing, intervalMs = 2000, maxMs = 3_600_000 }) {
  let stopped = false;
  let last = current;
  const until = Date.now() + maxMs; // a page left open for hours stops asking
  (async () => {
    while (!stopped && keepGoing(last) && Date.now() < until) {
      await sleep(intervalMs);
      if (stopped) return;
      const { answer } = await shop(() => readOrder(orderId));
      if (stopped || !answer || !answer.ok || !answer.body) continue; // a blip: read again later
      const next = orderOutcome(answer.body);
      if (next.kind !== last) {
        last = next.kind;
        onChange(next);
      }
    }
  })();
  return () => { stopped = true; };
}

/**
 * POST /orders/session for what is bought (`items`; never a price) and the
 * shopper's email when known. Resolves to { order: {orderId, sessionId,
 * amount, currency} } or { failed: outcome }. `expected` ({amount, currency})
 * is what the page shows: the shop's price must agree.
 */
export async function openSessionOrder({ items, email, expected }) {
  const { answer, failed } = await shop(() => createSessionOrder({ items, email }));
  if (failed) return { failed };
  const body = answer.body;
  if (!answer.ok || !body || typeof body.orderId !== "string" || typeof body.sessionId !== "string") {
    return { failed: orderError(answer) };
  }
  if (body.amount !== expected.amount || body.currency !== expected.currency) {
    return { failed: { kind: "order_error", code: "amount_mismatch", message: "" } };
  }
  return { order: { orderId: body.orderId, sessionId: body.sessionId, amount: body.amount, currency: body.currency } };
}

/**
 * Pays the order's Session with `details` (Tessera payment_details).
 * `challenge`: Tessera's ChallengeOptions. `onStage("confirming")` once the
 * payments API has the payment. Adds `sessionSpent: true` to the outcome
 * when the session can no longer be paid (a new order is needed).
 */
export async function payOrder({ tokenizer, order, details, challenge, onStage = () => {} }) {
  let result;
  try {
    result = await tokenizer.paySession(order.sessionId, details, challenge ? { challenge } : undefined);
  } catch (error) {
    return tesseraOutcome(error); // a decline: the same session may be paid again
  }
  if (result.status === "cancelled") {
    return { kind: "order_error", code: "session_cancelled", message: "", sessionSpent: true };
  }
  if (result.status !== "completed") {
    // Only an offsite method (never offered here) answers pending with a page to visit.
    return { kind: "order_error", code: "unexpected_session_status", message: String(result.status) };
  }
  onStage("confirming");
  const paymentId = result.payment && typeof result.payment.id === "string" ? result.payment.id : null;
  return { ...(await settleOrder(order.orderId, { paymentId })), sessionSpent: true };
}

/**
 * Pays with a saved card (a Customer of the shop's): the shop creates a
 * secure token for it; when the issuer wants to see the shopper, its page is
 * shown with handleChallenge (`returnUrl` is the shop's); then the shop pays.
 */
export async function payWithSavedCard({ cardId, items, locale, mode = "dialog", onStage = () => {} }) {
  const started = await shop(() => createSavedCardOrder({ cardId, items }));
  if (started.failed) return started.failed;
  const body = started.answer.body;
  if (!started.answer.ok || !body || typeof body.orderId !== "string") return orderError(started.answer);
  const withOrder = (outcome) => ({ ...outcome, orderId: body.orderId });
  if (body.verificationStatus === "NEEDS_VERIFY") {
    const authenticationUrl = safeHttpUrl(body.authenticationUrl);
    if (!authenticationUrl) return withOrder({ kind: "order_error", code: "no_authentication_url", message: "" });
    try {
      await handleChallenge(authenticationUrl, { returnUrl: body.returnUrl, mode, locale });
    } catch (error) {
      return withOrder(tesseraOutcome(error));
    }
  }
  onStage("confirming");
  const paid = await shop(() => paySavedCardOrder(body.orderId));
  if (paid.failed) return withOrder(paid.failed);
  const answer = paid.answer;
  if (answer.body && answer.body.status === "declined") {
    return withOrder({ kind: "declined", code: String(answer.body.code ?? ""), reason: String(answer.body.reason ?? "") });
  }
  if (!answer.ok) return withOrder(orderError(answer));
  return withOrder(await settleOrder(body.orderId));
}
