// The merchant's server for KOMOJU's recommended route (seed 002, Method 1)
// and for saved cards (seed 001), beside the direct route of orders.mjs:
//
//   POST /orders/session        {items?, email?} → {orderId, sessionId, amount, currency}
//   GET  /orders/{id}           the order as the page may see it (the page polls it)
//   GET  /orders/{id}/complete?session_id=…   the return URL: checked with the secret key
//   POST /webhooks/komoju       signed events (X-Komoju-Signature) move orders
//   GET  /account/cards         the demo account's saved cards
//   POST /account/cards         {token} (tok_… or stok_…) → a Customer, saved
//   POST /orders/saved-card     {cardId, items?} → {orderId, secureTokenId, verificationStatus, authenticationUrl, returnUrl}
//   POST /orders/{id}/pay       pays a saved-card order once its secure token is OK
//
// The page never sends a price or card data: the server prices what is
// bought, and every call to the API uses the secret key.
import { jsonContainsCardNumber } from "./card-data.mjs";
import { HttpError } from "./http-util.mjs";
import { komoju, KomojuUnreachable } from "./komoju.mjs";
import { createPayment } from "./orders.mjs";
import { verifySignature } from "./webhook.mjs";

/** What the shop sells, priced on the server. */
export const CATALOG = Object.freeze({
  // The ES-module checkout page's order (www/index.html).
  "sencha-tasting-set": Object.freeze({ name: "Sencha tasting set", amount: 4980 }),
  "tessera-tee": Object.freeze({ name: "Tessera T-shirt", amount: 4980 }),
  "tessera-mug": Object.freeze({ name: "Tessera mug", amount: 1500 }),
});
const DEFAULT_ITEMS = [{ sku: "tessera-tee", quantity: 1 }];
const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]{1,190}$/;
const TOKEN = /^(?:tok|stok)_[A-Za-z0-9_-]{1,200}$/;

/** Parses a JSON object body, refusing card data and fields not in `fields`. */
export function parseJsonObject(text, contentType, fields) {
  if (!/^application\/json\s*(;|$)/i.test(contentType ?? "")) {
    throw new HttpError(415, "unsupported_media_type", "Send application/json.");
  }
  let body;
  try {
    body = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "The body is not valid JSON.");
  }
  if (jsonContainsCardNumber(body)) {
    throw new HttpError(400, "card_data_refused", "This shop never accepts card numbers.");
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new HttpError(400, "invalid_order", "The body must be a JSON object.");
  }
  const extra = Object.keys(body).filter((key) => !fields.includes(key));
  if (extra.length > 0) {
    throw new HttpError(400, "unexpected_field", `Unexpected field: ${extra.join(", ")} (a price is never taken from the page).`);
  }
  return body;
}

/** Prices `items` ([{sku, quantity}]) from the catalog: {items, amount}. */
export function price(items = DEFAULT_ITEMS) {
  if (!Array.isArray(items) || items.length === 0 || items.length > 20) {
    throw new HttpError(422, "invalid_items", "items must be a list of 1 to 20 {sku, quantity}.");
  }
  let amount = 0;
  const priced = items.map((item) => {
    const product = item && typeof item === "object" ? CATALOG[item.sku] : undefined;
    const quantity = item?.quantity ?? 1;
    if (!product || !Object.hasOwn(CATALOG, item.sku)) throw new HttpError(422, "unknown_item", "An item is not sold here.");
    if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > 99) {
      throw new HttpError(422, "invalid_quantity", "A quantity must be a whole number from 1 to 99.");
    }
    amount += product.amount * quantity;
    return { sku: item.sku, quantity, name: product.name, amount: product.amount };
  });
  return { items: priced, amount };
}

function email(value) {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string" || !EMAIL.test(value.trim())) {
    throw new HttpError(422, "invalid_email", "The email address is not valid.");
  }
  return value.trim();
}

function upstreamError(answer) {
  const error = answer.body?.error;
  return new HttpError(502, String(error?.code ?? "payment_failed"),
    String(error?.message ?? `The payment service answered HTTP ${answer.status}.`));
}

async function call(method, path, body, api) {
  try {
    return await komoju(method, path, body, api);
  } catch (error) {
    if (error instanceof KomojuUnreachable) throw new HttpError(502, error.code, error.message);
    throw error;
  }
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// The return URL's words, in the shopper's language (Accept-Language).
const LANDING = {
  en: {
    refused: "This payment could not be confirmed",
    notThisOrder: "The payment session does not belong to this order.",
    unreadable: "The payment session could not be read.",
    mismatch: "The payment session does not match this order.",
    noOrder: "No such order",
    noOrderText: "This order does not exist.",
    notFinished: "Payment not finished",
    notFinishedText: "The payment was not completed. You can go back and pay again.",
    paid: "Thank you: your order is paid",
    waiting: "Waiting for payment at the store",
    instructions: "How to pay at the store",
    received: "Payment received",
    receivedText: "Order {id} is {status}.",
    order: "Order {id}.",
    back: "Back to the shop",
  },
  ja: {
    refused: "お支払いを確認できませんでした",
    notThisOrder: "この決済セッションはこのご注文のものではありません。",
    unreadable: "決済セッションを読み込めませんでした。",
    mismatch: "決済セッションがこのご注文と一致しません。",
    noOrder: "ご注文が見つかりません",
    noOrderText: "このご注文は存在しません。",
    notFinished: "お支払いは完了していません",
    notFinishedText: "お支払いは完了しませんでした。ショップに戻って、もう一度お支払いいただけます。",
    paid: "ありがとうございます：お支払いが完了しました",
    waiting: "店頭でのお支払いをお待ちしています",
    instructions: "店頭でのお支払い方法",
    received: "お支払いを受け付けました",
    receivedText: "ご注文 {id} の状況：{status}",
    order: "ご注文番号：{id}",
    back: "ショップに戻る",
  },
};

/** "ja" when the shopper's browser prefers Japanese (Accept-Language), else "en". */
export function landingLanguage(acceptLanguage) {
  const first = String(acceptLanguage ?? "").split(",")[0].trim().toLowerCase();
  return first.startsWith("ja") ? "ja" : "en";
}

function words(lang, key, params = {}) {
  return LANDING[lang][key].replace(/\{(\w+)\}/g, (_, name) => escapeHtml(params[name] ?? ""));
}

/** A small server-rendered page (the return URL's landing). */
function page(title, paragraphs, { status, orderStatus = "", lang = "en" }) {
  const body = paragraphs.map((p) => `<p>${p}</p>`).join("");
  return {
    status,
    html: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>`
      + `<body><main id="outcome" data-order-status="${escapeHtml(orderStatus)}"><h1>${escapeHtml(title)}</h1>${body}<p><a href="/">${escapeHtml(LANDING[lang].back)}</a></p></main></body></html>`,
  };
}

/**
 * The shop's checkout state and handlers. `api` is {apiBase, secretKey};
 * `shopUrl()` gives the shop's own origin (for return URLs);
 * `webhookSecret` verifies webhooks; `catalogOrder` is the direct route's
 * fixed order ({amount, currency}).
 */
export class Checkout {
  constructor({ api, shopUrl, webhookSecret, currency = "JPY", book }) {
    this.api = api;
    this.shopUrl = shopUrl;
    this.webhookSecret = webhookSecret;
    this.currency = currency;
    this.book = book;
    this.cards = []; // the demo account's saved cards
  }

  /** POST /orders/session. */
  async createSessionOrder(body) {
    const { items, amount } = price(body.items);
    const shopperEmail = email(body.email);
    const order = this.book.create({ route: "session", items, amount, currency: this.currency, email: shopperEmail });
    const answer = await call("POST", "/api/v1/sessions", {
      amount,
      currency: this.currency,
      return_url: `${this.shopUrl()}/orders/${order.id}/complete`,
      ...(shopperEmail ? { email: shopperEmail } : {}),
      payment_types: ["credit_card", "konbini"],
      default_locale: "en",
      line_items: items.map((i) => ({ description: i.name, quantity: i.quantity, amount: i.amount })),
      payment_data: { external_order_num: order.id },
      metadata: { order_id: order.id },
    }, this.api);
    if (answer.status !== 200 || answer.body?.resource !== "session") throw upstreamError(answer);
    order.sessionId = String(answer.body.id);
    return [200, { orderId: order.id, sessionId: order.sessionId, amount, currency: this.currency }];
  }

  /** GET /orders/{id}. */
  showOrder(id) {
    const order = this.book.get(id);
    if (!order) throw new HttpError(404, "order_not_found", "No such order.");
    return [200, this.book.view(order)];
  }

  /**
   * GET /orders/{id}/complete?session_id=…: the return URL proves nothing by
   * itself. Read the session with the secret key; it must be this order's
   * and completed. `lang`: "en" or "ja" (see landingLanguage).
   */
  async complete(id, sessionId, { lang = "en" } = {}) {
    const w = (key, params) => words(lang, key, params);
    const order = this.book.get(id);
    const refused = (why) => page(w("refused"), [w(why)], { status: 400, orderStatus: "refused", lang });
    if (!order || order.route !== "session") return page(w("noOrder"), [w("noOrderText")], { status: 404, lang });
    if (typeof sessionId !== "string" || !/^[A-Za-z0-9_-]{1,100}$/.test(sessionId) || sessionId !== order.sessionId) {
      return refused("notThisOrder");
    }
    const answer = await call("GET", `/api/v1/sessions/${encodeURIComponent(sessionId)}`, undefined, this.api);
    if (answer.status !== 200 || answer.body?.resource !== "session") return refused("unreadable");
    const session = answer.body;
    if (session.id !== order.sessionId || session.payment_data?.external_order_num !== order.id
        || session.amount !== order.amount || session.currency !== order.currency) {
      return refused("mismatch");
    }
    if (session.status !== "completed" || !session.payment) {
      return page(w("notFinished"), [w("notFinishedText")], { status: 200, orderStatus: order.status, lang });
    }
    this.book.applyPayment(order, session.payment);
    const view = this.book.view(order);
    if (view.paid) {
      return page(w("paid"), [w("order", { id: order.id })], { status: 200, orderStatus: order.status, lang });
    }
    if (view.waitingAtStore) {
      const link = view.payment.instructionsUrl
        ? `<a href="${escapeHtml(view.payment.instructionsUrl)}" rel="noopener noreferrer">${w("instructions")}</a>` : "";
      return page(w("waiting"), [w("order", { id: order.id }), link].filter(Boolean),
        { status: 200, orderStatus: order.status, lang });
    }
    return page(w("received"), [w("receivedText", { id: order.id, status: order.status })],
      { status: 200, orderStatus: order.status, lang });
  }

  /**
   * POST /webhooks/komoju with the raw body (a Buffer) and the signature
   * header. Missing or wrong signature → 401 and nothing changes.
   */
  webhook(raw, signature) {
    if (!verifySignature(raw, signature, this.webhookSecret)) {
      return [401, { status: "error", code: "invalid_signature", message: "The webhook signature is missing or wrong." }];
    }
    let event;
    try {
      event = JSON.parse(raw.toString("utf8"));
    } catch {
      return [400, { status: "error", code: "invalid_json", message: "The event is not JSON." }];
    }
    if (!event || typeof event !== "object" || typeof event.id !== "string") {
      return [400, { status: "error", code: "invalid_event", message: "The event has no ID." }];
    }
    return [200, { received: true, outcome: this.book.applyEvent(event) }];
  }

  /** GET /account/cards. */
  listCards() {
    return [200, { cards: this.cards.map(({ id, label, brand, last4 }) => ({ id, label, brand, last4 })) }];
  }

  /** POST /account/cards {token}: Customer: Create with the token (seed 001, Method 3). */
  async saveCard(body) {
    if (typeof body.token !== "string" || !TOKEN.test(body.token)) {
      throw new HttpError(422, "invalid_token", "The token must be a token or secure token ID (tok_… or stok_…).");
    }
    const answer = await call("POST", "/api/v1/customers", { payment_details: body.token, metadata: { account: "demo" } }, this.api);
    if (answer.status !== 200 || answer.body?.resource !== "customer") {
      const error = answer.body?.error;
      const status = answer.status >= 500 || answer.status === 401 || answer.status === 403 ? 502 : 422;
      throw new HttpError(status, String(error?.code ?? "customer_failed"), String(error?.message ?? "The card could not be saved."));
    }
    const source = answer.body.source ?? {};
    if (source.type !== "credit_card") throw new HttpError(422, "not_a_card", "Only cards can be saved.");
    const brandName = { visa: "Visa", master: "Mastercard", jcb: "JCB", american_express: "American Express", diners_club: "Diners Club" };
    const card = {
      id: String(answer.body.id),
      brand: String(source.brand ?? ""),
      last4: String(source.last_four_digits ?? ""),
    };
    card.label = `${brandName[card.brand] ?? card.brand} •••• ${card.last4}`;
    this.cards.push(card);
    return [200, { card: { id: card.id, label: card.label, brand: card.brand, last4: card.last4 }, cards: this.listCards()[1].cards }];
  }

  /**
   * POST /orders/saved-card {cardId, items?}: a secure token for the saved
   * card (secret key); the page shows its challenge with handleChallenge,
   * then calls POST /orders/{id}/pay.
   */
  async createSavedCardOrder(body) {
    const card = this.cards.find((c) => c.id === body.cardId);
    if (!card) throw new HttpError(404, "card_not_found", "No such saved card.");
    const { items, amount } = price(body.items);
    const order = this.book.create({ route: "saved-card", items, amount, currency: this.currency });
    order.customerId = card.id;
    const returnUrl = `${this.shopUrl()}/orders/${order.id}/verified`;
    const answer = await call("POST", "/api/v1/secure_tokens", {
      amount, currency: this.currency, return_url: returnUrl, customer: card.id,
    }, this.api);
    if (answer.status !== 200 || answer.body?.resource !== "secure_token") throw upstreamError(answer);
    order.secureTokenId = String(answer.body.id);
    return [200, {
      orderId: order.id,
      secureTokenId: order.secureTokenId,
      verificationStatus: String(answer.body.verification_status),
      authenticationUrl: answer.body.authentication_url ?? null,
      returnUrl,
    }];
  }

  /** POST /orders/{id}/pay: pays a saved-card order with its secure token once it is OK. */
  async paySavedCardOrder(id) {
    const order = this.book.get(id);
    if (!order || order.route !== "saved-card") throw new HttpError(404, "order_not_found", "No such order.");
    if (order.status !== "pending") return [200, { ...this.book.view(order) }];
    const read = await call("GET", `/api/v1/secure_tokens/${encodeURIComponent(order.secureTokenId)}`, undefined, this.api);
    const status = read.body?.verification_status;
    if (read.status !== 200 || (status !== "OK" && status !== "SKIPPED")) {
      return [200, { status: "declined", code: "three_d_secure_failed", reason: `3-D Secure did not succeed (${String(status ?? read.status)}).` }];
    }
    const [httpStatus, answer, payment] = await createPayment(
      { token: order.secureTokenId, amount: order.amount, currency: order.currency },
      { sandboxUrl: this.api.apiBase, secretKey: this.api.secretKey, externalOrderNum: order.id },
    );
    if (payment) this.book.applyPayment(order, payment);
    return [httpStatus, { ...answer, orderId: order.id }];
  }
}
