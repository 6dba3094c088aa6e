// Result objects of Tessera's validators, built on the JavaScript side in one
// call: cheaper than setting properties one by one across the wasm boundary.
// Imported by the wasm-bindgen glue (see src/wasm/results.rs).

export function numberResult(brand, isPotentiallyValid, isValid) {
  return { brand, isPotentiallyValid, isValid };
}

export function checkResult(isValid, isPotentiallyValid) {
  return { isValid, isPotentiallyValid };
}

export function expiryResult(isValid, isPotentiallyValid, month, year) {
  return { isValid, isPotentiallyValid, month: month ?? null, year: year ?? null };
}

export function formatted(value, caret) {
  return { value, caret };
}

export function brandObject(type, niceType, komoju, lengths, gaps, codeName, codeSize) {
  return Object.freeze({
    type,
    niceType,
    komoju: komoju ?? null,
    lengths: Object.freeze(Array.from(lengths)),
    gaps: Object.freeze(Array.from(gaps)),
    code: Object.freeze({ name: codeName, size: codeSize }),
  });
}
