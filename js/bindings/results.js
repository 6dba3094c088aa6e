// Result objects of Tessera's validators, built on the JavaScript side in one
// call: cheaper than setting properties one by one across the wasm boundary.
// Imported by the wasm-bindgen glue (see src/wasm/results.rs).

export function numberResult(brand, isPotentiallyValid, isValid) {
  return { brand, isPotentiallyValid, isValid };
}

export function checkResult(isValid, isPotentiallyValid) {
  return { isValid, isPotentiallyValid };
}

// `month` and `year` come as numbers (0: not known yet) and are written out
// here: cheaper than formatting them in Rust and decoding two strings a call.
export function expiryResult(isValid, isPotentiallyValid, month, year) {
  return {
    isValid,
    isPotentiallyValid,
    month: month ? (month < 10 ? "0" : "") + month : null,
    year: year ? String(year).padStart(4, "0") : null,
  };
}

export function validationResult(isValid, errors) {
  return { isValid, errors };
}

export function tokenResult(id, createdAt, type, card) {
  return card === undefined ? { id, createdAt, type } : { id, createdAt, type, card };
}

export function tokenCard(brand, komojuBrand, last4, month, year) {
  return { brand, komojuBrand: komojuBrand ?? null, last4, month, year };
}

export function formatted(value, caret) {
  return { value, caret };
}

// One frozen object per brand (by its index in the brand table), made on
// first use and shared after.
const brands = [];

export function cachedBrand(index) {
  return brands[index];
}

export function brandObject(index, type, niceType, komoju, lengths, gaps, codeName, codeSize) {
  return (brands[index] = Object.freeze({
    type,
    niceType,
    komoju: komoju ?? null,
    lengths: Object.freeze(Array.from(lengths)),
    gaps: Object.freeze(Array.from(gaps)),
    code: Object.freeze({ name: codeName, size: codeSize }),
  }));
}

export function secureTokenResult(id, verificationStatus, card) {
  return card === undefined ? { id, verificationStatus } : { id, verificationStatus, card };
}

export function paymentCard(brand, last4) {
  return { brand, last4 };
}

export function paymentResult(id, status, type, card, instructionsUrl) {
  const payment = { id, status, type };
  if (card !== undefined) payment.card = card;
  if (instructionsUrl !== undefined) payment.instructionsUrl = instructionsUrl;
  return payment;
}

export function sessionResult(sessionId, status, payment, redirectUrl) {
  const result = { sessionId, status };
  if (payment !== undefined) result.payment = payment;
  if (redirectUrl !== undefined) result.redirectUrl = redirectUrl;
  return result;
}

export function challengeOptions(mode, extra, locale) {
  if (mode === "custom") return { mode, show: extra, locale };
  return extra === undefined || extra === null ? { mode, locale } : { mode, container: extra, locale };
}

// Where the page is, for the checks only a page can make (a dialog's return
// URL of the page's own origin) and for resume(); undefined outside a page.
export function pageOrigin() {
  return typeof location === "undefined" ? undefined : location.origin;
}

export function pageHref() {
  return typeof location === "undefined" ? undefined : location.href;
}

// False inside a frame: the return page loads, briefly, in the dialog's frame.
export function isTopWindow() {
  return typeof window === "undefined" || window === window.top;
}
