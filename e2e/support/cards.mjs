// Test data shared by the end-to-end tests, and the checks that prove no card
// data reached the merchant. What "looks like a card number" is the shop's
// own detector (shop/card-data.mjs): one definition for both.
import { containsCardNumber } from "../../shop/card-data.mjs";

export const VISA = "4111111111111111";
export const DECLINED_INSUFFICIENT_FUNDS = "4123111111111000";
export const LUHN_FAILING = "4111111111111112";
export const CVC = "739";
export const NAME = "TARO YAMADA";

// The sandbox issuer's 3-D Secure test cards (sandbox/README.md) and the
// password its challenge page accepts.
export const THREE_DS_FRICTIONLESS = "4100000000000100";
export const THREE_DS_CHALLENGE = "4100000000005000";
export const THREE_DS_FAILS = "4100000000500000";
export const THREE_DS_PASSWORD = "123456";

/** A valid expiry two years ahead, as typed ("MMYY") and as shown ("MM / YY"). */
export function futureExpiry(now = new Date()) {
  const yy = String((now.getFullYear() + 2) % 100).padStart(2, "0");
  return { typed: `12${yy}`, shown: `12 / ${yy}` };
}

/** "4111111111111111" → "4111 1111 1111 1111". */
export function grouped(number) {
  return number.replace(/(\d{4})(?=\d)/g, "$1 ");
}

/**
 * Problems with the shop's request log: card-number-like text, a security
 * code, an order body holding anything but { token, amount, currency }, a
 * session order's anything but { items, email }, or a saved card's anything
 * but { token }.
 * An empty list means no card data reached the merchant.
 */
export function cardDataInShopLog(entries, { numbers, cvc }) {
  const problems = [];
  for (const entry of entries) {
    const where = `#${entry.seq} ${entry.method} ${entry.url}`;
    if (entry.cardNumberSeen) problems.push(`${where}: the shop saw a card number`);
    // What a shopper's input could travel in: the body and the query string
    // (a static file's path holds build hashes, not input).
    const query = entry.url.includes("?") ? entry.url.slice(entry.url.indexOf("?") + 1) : "";
    let text = `${query}\n${entry.body}`;
    if (entry.method === "POST" && entry.url === "/orders") {
      let body;
      try {
        body = JSON.parse(entry.body);
      } catch {
        problems.push(`${where}: the order body is not JSON`);
        continue;
      }
      const keys = Object.keys(body).sort().join(",");
      if (keys !== "amount,currency,token") problems.push(`${where}: the order body has ${keys}`);
      // The token is random: keep it out of the security-code search.
      text = text.split(String(body.token)).join("");
    }
    // The session route: what is bought and the email, never a price or card data.
    if (entry.method === "POST" && entry.url === "/orders/session") {
      let body;
      try {
        body = JSON.parse(entry.body);
      } catch {
        problems.push(`${where}: the session order body is not JSON`);
        continue;
      }
      const extra = Object.keys(body).filter((key) => key !== "items" && key !== "email");
      if (extra.length > 0) problems.push(`${where}: the session order body has ${extra.join(",")}`);
    }
    // "Save this card": a token, and nothing else.
    if (entry.method === "POST" && entry.url === "/account/cards") {
      let body;
      try {
        body = JSON.parse(entry.body);
      } catch {
        problems.push(`${where}: the saved card body is not JSON`);
        continue;
      }
      if (Object.keys(body).join(",") !== "token") problems.push(`${where}: the saved card body has ${Object.keys(body)}`);
      text = text.split(String(body.token)).join("");
    }
    for (const number of numbers) {
      if (text.includes(number) || text.includes(grouped(number))) problems.push(`${where}: holds a card number`);
    }
    if (containsCardNumber(`${entry.url}\n${text}`)) problems.push(`${where}: holds a card-number-like run of digits`);
    if (cvc && text.includes(cvc)) problems.push(`${where}: holds the security code`);
  }
  return problems;
}
