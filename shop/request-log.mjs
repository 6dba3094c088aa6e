// The shop's record of every request it received, body included, so tests can
// prove that no card data ever reached the merchant. Anything that looks like
// a card number is masked before it is kept (the shop never holds one) and the
// entry is flagged `cardNumberSeen: true`, so a leak still shows.
import { containsCardNumber, removeCardNumbers } from "./card-data.mjs";

export class RequestLog {
  #entries = [];

  /** Records one request; `body` is its text ("" for none). */
  add({ method, url, status, body }) {
    const cardNumberSeen = containsCardNumber(url) || containsCardNumber(body);
    this.#entries.push({
      seq: this.#entries.length + 1,
      at: new Date().toISOString(),
      method,
      url: removeCardNumbers(url),
      status,
      body: removeCardNumbers(body),
      cardNumberSeen,
    });
  }

  /** A copy of the entries, oldest first. */
  entries() {
    return this.#entries.map((entry) => ({ ...entry }));
  }

  clear() {
    this.#entries = [];
  }
}
