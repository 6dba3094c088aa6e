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
