// Result objects of Tessera's as-you-type functions (cardNumberInput,
// expiryInput, cvcInput), built in one call each. Imported by the
// wasm-bindgen glue (see src/wasm/typing.rs).

export function numberInput(value, caret, brand, isValid, isPotentiallyValid) {
  return { value, caret, brand, isValid, isPotentiallyValid };
}

// `month` and `year` come as numbers (0: not known yet), written "MM" and
// "YYYY" as validateExpiry writes them.
export function expiryInput(value, caret, month, year, isValid, isPotentiallyValid) {
  return {
    value,
    caret,
    month: month ? (month < 10 ? "0" : "") + month : null,
    year: year ? String(year).padStart(4, "0") : null,
    isValid,
    isPotentiallyValid,
  };
}

export function cvcInput(value, caret, isValid, isPotentiallyValid) {
  return { value, caret, isValid, isPotentiallyValid };
}
