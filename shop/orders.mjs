// POST /orders: the merchant's half of a payment. The page sends only the
// token Tessera created in the browser (a card's, or a konbini payment's) plus
// the amount and currency; the shop checks them against the order it is
// selling, then creates the payment on the payments API with its secret key
// and tells the page what happened:
//   { status: "captured", payment: { id, brand, last4 } }                a card
//   { status: "authorized", payment: { id, type, store, instructionsUrl } }
//                    a konbini payment: the shopper pays at the store later
//   { status: "declined", reason, code }
//   { status: "error", code, message }
import { jsonContainsCardNumber } from "./card-data.mjs";
import { HttpError } from "./http-util.mjs";

const FIELDS = ["token", "amount", "currency"];
// A token, or a secure token that passed 3-D Secure (the sandbox's `stok_`).
const TOKEN = /^s?tok_[A-Za-z0-9_-]{1,200}$/;
const PAYMENT_TIMEOUT_MS = 15_000;

/**
 * Parses and checks an order request's body text against `order`
 * ({ amount, currency }). Throws HttpError 400/415/422 on anything else.
 */
export function parseOrderRequest(text, contentType, order) {
  if (!/^application\/json\s*(;|$)/i.test(contentType ?? "")) {
    throw new HttpError(415, "unsupported_media_type", "Send the order as application/json.");
  }
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "The order is not valid JSON.");
  }
  if (jsonContainsCardNumber(body)) {
    throw new HttpError(400, "card_data_refused",
      "This shop never accepts card numbers: send the token Tessera created instead.");
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new HttpError(400, "invalid_order", "The order must be a JSON object.");
  }
  const extra = Object.keys(body).filter((key) => !FIELDS.includes(key));
  if (extra.length > 0) {
    throw new HttpError(400, "unexpected_field", `The order may only hold token, amount and currency (not ${extra.join(", ")}).`);
  }
  const missing = FIELDS.filter((key) => !(key in body));
  if (missing.length > 0) {
    throw new HttpError(400, "missing_field", `The order is missing ${missing.join(", ")}.`);
  }
  const { token, amount, currency } = body;
  if (typeof token !== "string" || !TOKEN.test(token)) {
    throw new HttpError(422, "invalid_token", "The token must be a token ID (tok_...).");
  }
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new HttpError(422, "invalid_amount", "The amount must be a positive whole number.");
  }
  if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency)) {
    throw new HttpError(422, "invalid_currency", "The currency must be a three-letter ISO 4217 code.");
  }
  // Never trust the browser with the price: it must be what the shop is selling.
  if (amount !== order.amount || currency !== order.currency) {
    throw new HttpError(422, "amount_mismatch", "The amount does not match the order.");
  }
  return { token, amount, currency };
}

/** `value` when it is an absolute http(s) URL (never javascript: or data:), else null. */
function httpUrl(value) {
  if (typeof value !== "string") return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Creates the payment on `sandboxUrl` with `secretKey` and maps the answer to
 * what the page is told: [httpStatus, body].
 */
export async function createPayment({ token, amount, currency }, { sandboxUrl, secretKey, fetchImpl = fetch }) {
  let response;
  try {
    response = await fetchImpl(new URL("/api/v1/payments", sandboxUrl), {
      method: "POST",
      headers: {
        Authorization: "Basic " + Buffer.from(`${secretKey}:`).toString("base64"),
        "Content-Type": "application/json",
        Accept: "application/json",
      },
      body: JSON.stringify({ amount, currency, payment_details: token }),
      signal: AbortSignal.timeout(PAYMENT_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error && error.name === "TimeoutError";
    return [502, {
      status: "error",
      code: timedOut ? "payment_timeout" : "payment_unreachable",
      message: timedOut ? "The payment service did not answer in time." : "The payment service could not be reached.",
    }];
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.ok && body && body.resource === "payment") {
    if (body.status === "captured") {
      const details = body.payment_details ?? {};
      return [200, {
        status: "captured",
        payment: { id: body.id, brand: details.brand ?? null, last4: details.last_four_digits ?? null },
      }];
    }
    // Konbini: created and waiting for the shopper to pay at the store, with
    // the page of instructions to show them (KOMOJU's advice: show that URL,
    // not the receipt number).
    const instructionsUrl = httpUrl(body.payment_details?.instructions_url);
    if (body.status === "authorized" && instructionsUrl) {
      const details = body.payment_details;
      return [200, {
        status: "authorized",
        payment: {
          id: body.id,
          type: String(details.type ?? ""),
          store: details.store === undefined ? null : String(details.store),
          instructionsUrl,
        },
      }];
    }
    return [502, { status: "error", code: "unexpected_payment_status", message: `The payment is ${body.status}.` }];
  }
  const error = body && body.error && typeof body.error === "object" ? body.error : null;
  // A decline is an answer, not a failure of this request: 200, like a capture.
  if (response.status === 402 && error && error.code === "card_declined") {
    return [200, {
      status: "declined",
      reason: String(error.message ?? "The card was declined."),
      code: String(error.details?.decline_code ?? "card_declined"),
    }];
  }
  // The shop's own keys or the service failing is the shop's problem (502);
  // a refused token (used, expired, unknown) is the page's (422/404...).
  const upstream = response.ok || response.status >= 500 || response.status === 401 || response.status === 403;
  return [upstream ? 502 : response.status, {
    status: "error",
    code: String(error?.code ?? "payment_failed"),
    message: String(error?.message ?? `The payment service answered HTTP ${response.status}.`),
  }];
}
