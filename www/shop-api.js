// The page's calls to the shop's own server (same origin, JSON). None of
// them ever carries a price or card data: the shop prices what is bought and
// talks to the payments API with its secret key. Each call resolves to
// { ok, status, body } (body: the parsed JSON or null) or rejects with a
// ShopUnreachable when no answer came.

export class ShopUnreachable extends Error {
  constructor() {
    super("The shop could not be reached.");
    this.name = "ShopUnreachable";
  }
}

async function call(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined
        ? { Accept: "application/json" }
        : { "Content-Type": "application/json", Accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw new ShopUnreachable();
  }
  let parsed = null;
  try {
    parsed = await response.json();
  } catch {
    parsed = null;
  }
  return { ok: response.ok, status: response.status, body: parsed };
}

const orderPath = (id) => `/orders/${encodeURIComponent(id)}`;

/** POST /orders/session: an order for `items` ([{sku, quantity}]) paid by a Session → {orderId, sessionId, amount, currency}. */
export function createSessionOrder({ items, email }) {
  return call("POST", "/orders/session", { items, ...(email ? { email } : {}) });
}

/** GET /orders/{id}: the order as the shop knows it (moved by webhooks and the return URL). */
export function readOrder(id) {
  return call("GET", orderPath(id));
}

/** GET /account/cards: the demo account's saved cards ({cards: [{id, label, brand, last4}]}). */
export function listCards() {
  return call("GET", "/account/cards");
}

/** POST /account/cards: the shop turns a card token into a Customer (a saved card). */
export function saveCard(token) {
  return call("POST", "/account/cards", { token });
}

/** POST /orders/saved-card → {orderId, secureTokenId, verificationStatus, authenticationUrl, returnUrl}. */
export function createSavedCardOrder({ cardId, items }) {
  return call("POST", "/orders/saved-card", { cardId, items });
}

/** POST /orders/{id}/pay: the shop pays a saved-card order once 3-D Secure is done. */
export function paySavedCardOrder(id) {
  return call("POST", `${orderPath(id)}/pay`);
}
