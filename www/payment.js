// One payment attempt: Tessera turns the card into a token in the browser
// (the card goes to the payments API and nowhere else), then the shop's server
// is asked to pay its order with that token. Resolves to an outcome; never
// rejects:
//   { kind: "captured", payment: { id, brand, last4 } }
//   { kind: "declined", code, reason }
//   { kind: "token_error", error }          a TesseraError from createToken
//   { kind: "order_error", code, message }  the shop refused or failed
//   { kind: "order_unreachable" }

/** `card` = { number, expiry, verification_value, name }; `onStage("paying")` once tokenized. */
export async function pay({ tokenizer, card, order, onStage = () => {} }) {
  let token;
  try {
    token = await tokenizer.createToken(card, { currency: order.currency });
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
  if (body && body.status === "declined") return { kind: "declined", code: body.code, reason: body.reason };
  return {
    kind: "order_error",
    code: body && body.code ? String(body.code) : `http_${response.status}`,
    message: body && body.message ? String(body.message) : "",
  };
}
