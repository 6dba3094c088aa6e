// The shop's orders, in memory. An order moves pending → authorized →
// captured (→ refunded, when the merchant refunds all of it), or ends
// expired / failed / cancelled; what moves it is a Payment
// read with the secret key (Payment: Create's answer, the session read on the
// return URL) or a verified webhook event. Each event applies once (its ID is
// remembered), and order does not matter: a late `authorized` never undoes
// `captured`, and a `failed` attempt of a session may be followed by a good one.
import { randomBytes } from "node:crypto";

const FINAL = new Set(["refunded", "expired", "cancelled"]);

/** What a Payment's status may change an order's status from (nothing leaves `captured` but a refund). */
const FROM = {
  refunded: ["captured"],
  captured: ["pending", "authorized", "failed", "expired", "cancelled"],
  authorized: ["pending", "failed"],
  failed: ["pending"],
  expired: ["pending", "authorized"],
  cancelled: ["pending", "authorized"],
};

function newId(prefix) {
  return prefix + randomBytes(12).toString("hex");
}

/** The part of a Payment the page may see. */
function paymentSummary(payment) {
  const details = payment.payment_details ?? {};
  const url = typeof details.instructions_url === "string" && /^https?:\/\//.test(details.instructions_url)
    ? details.instructions_url : null;
  return {
    id: String(payment.id),
    status: String(payment.status),
    type: String(details.type ?? ""),
    brand: details.brand ?? null,
    last4: details.last_four_digits ?? null,
    store: details.store ?? null,
    instructionsUrl: url,
    amountRefunded: Number.isSafeInteger(payment.amount_refunded) ? payment.amount_refunded : 0,
  };
}

export class OrderBook {
  #orders = new Map();
  #seenEvents = new Set();

  /** A new pending order. */
  create({ route, items, amount, currency, email = null }) {
    const order = {
      id: newId("ord_"), route, items, amount, currency, email,
      status: "pending", sessionId: null, payment: null, secureTokenId: null, customerId: null,
      createdAt: new Date().toISOString(),
    };
    this.#orders.set(order.id, order);
    return order;
  }

  get(id) {
    return typeof id === "string" ? this.#orders.get(id) ?? null : null;
  }

  /** The order a Payment belongs to: by session, order number, or payment ID. */
  forPayment(payment) {
    if (!payment || typeof payment !== "object") return null;
    for (const order of this.#orders.values()) {
      if (payment.session && order.sessionId === payment.session) return order;
    }
    const byNumber = this.get(payment.external_order_num);
    if (byNumber) return byNumber;
    for (const order of this.#orders.values()) {
      if (order.payment && order.payment.id === payment.id) return order;
    }
    return null;
  }

  /** Moves `order` by `payment` (read with the secret key). Returns whether it changed. */
  applyPayment(order, payment) {
    const status = String(payment?.status ?? "");
    const allowed = FROM[status];
    if (!allowed || FINAL.has(order.status) || !allowed.includes(order.status)) {
      // Still record the payment's details if it is the one the order holds.
      if (order.payment && order.payment.id === payment?.id && order.status === status) {
        order.payment = paymentSummary(payment);
      }
      return false;
    }
    // An ending (expired, cancelled) of another payment than the order's own
    // says nothing about this order — nor does one of a payment it never
    // held: a session's card payment left at its 3-D Secure challenge is
    // cancelled when the shopper pays the session again (or expires), and
    // the session, so the order, stays payable.
    if ((status === "expired" || status === "cancelled" || status === "refunded") && (!order.payment || order.payment.id !== payment.id)) {
      return false;
    }
    order.status = status;
    order.payment = paymentSummary(payment);
    return true;
  }

  /**
   * Applies a verified webhook event once. Returns "applied", "duplicate",
   * "ignored" (a type the shop does not use) or "unknown_order".
   */
  applyEvent(event) {
    const id = String(event?.id ?? "");
    if (this.#seenEvents.has(id)) return "duplicate";
    const type = String(event?.type ?? "");
    if (!type.startsWith("payment.") || !event.data || event.data.resource !== "payment") {
      this.#seenEvents.add(id);
      return "ignored";
    }
    const order = this.forPayment(event.data);
    if (!order) {
      this.#seenEvents.add(id);
      return "unknown_order";
    }
    this.#seenEvents.add(id);
    this.applyPayment(order, event.data);
    return "applied";
  }

  /** What the page is told about an order. */
  view(order) {
    const waitingAtStore = order.status === "authorized" && order.payment && order.payment.type !== "credit_card";
    return {
      orderId: order.id,
      route: order.route,
      status: order.status,
      paid: order.status === "captured",
      waitingAtStore: Boolean(waitingAtStore),
      amount: order.amount,
      currency: order.currency,
      sessionId: order.sessionId,
      payment: order.payment,
    };
  }
}
