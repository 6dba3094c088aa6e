// Recognises card data in text the shop receives, so that the merchant's
// server can refuse it (and never keep it): a run of 13 to 19 digits, written
// together or grouped with single spaces or dashes, as a card number is typed.
// Deliberately broad: no Luhn check, so a mistyped number is caught as well.
// The one such detector on the JavaScript side: the end-to-end tests' checks
// (e2e/support/cards.mjs) use it too.

const CARD_NUMBER = /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g;

/** True when `text` holds anything that looks like a card number. */
export function containsCardNumber(text) {
  CARD_NUMBER.lastIndex = 0;
  return CARD_NUMBER.test(text);
}

/** `text` with every card-number-like run replaced by "[card number removed]". */
export function removeCardNumbers(text) {
  return text.replace(CARD_NUMBER, "[card number removed]");
}

/** True when `value` (parsed JSON) holds a card-number-like string or number anywhere. */
export function jsonContainsCardNumber(value) {
  if (typeof value === "string") return containsCardNumber(value);
  if (typeof value === "number") return containsCardNumber(String(value));
  if (Array.isArray(value)) return value.some(jsonContainsCardNumber);
  if (value && typeof value === "object") {
    return Object.entries(value).some(([key, v]) => containsCardNumber(key) || jsonContainsCardNumber(v));
  }
  return false;
}
