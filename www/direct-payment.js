// The direct route (the card-fields page; the ES-module page pays by sessions
// in payment.js). One payment attempt: Tessera turns the payment details (a card, or a
// konbini payment's store and email) into a token in the browser (the details
// go to the payments API and nowhere else), then the shop's server is asked to
// pay its order with that token. Resolves to an outcome; never rejects:
//   { kind: "captured", payment: { id, brand, last4 } }              a card
//   { kind: "authorized", payment: { id, type, store, instructionsUrl } }
//                                  konbini: to be paid at the store
//   { kind: "declined", code, reason }
//   { kind: "token_error", error }          a TesseraError from createToken
//   { kind: "order_error", code, message }  the shop refused or failed
//   { kind: "order_unreachable" }
import { safeHttpUrl } from "./outcome-view.js";

/** `details` = Tessera payment_details; `onStage("paying")` once tokenized. */
export async function pay({ tokenizer, details, order, onStage = () => {} }) {
  let token;
  try {
    token = await tokenizer.createToken(details, { currency: order.currency });
  } catch (error) {
    return { kind: "token_error", error };
  }
  onStage("paying");

  let response;
  let body = null;
  try {
    response = await fetch("/orders", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ token: token.id, amount: order.amount, currency: order.currency }),
      credentials: "same-origin",
    });
    body = await response.json();
  } catch {
    if (!response) return { kind: "order_unreachable" };
  }
  if (body && body.status === "captured" && body.payment) return { kind: "captured", payment: body.payment };
  if (body && body.status === "authorized" && body.payment && safeHttpUrl(body.payment.instructionsUrl)) {
    return { kind: "authorized", payment: body.payment };
  }
  if (body && body.status === "declined") return { kind: "declined", code: body.code, reason: body.reason };
  return {
    kind: "order_error",
    code: body && body.code ? String(body.code) : `http_${response.status}`,
    message: body && body.message ? String(body.message) : "",
  };
}
