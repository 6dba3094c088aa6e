// Tessera's package entry: the wasm-bindgen glue behind a guard, so that
// `init()` may be called any number of times and using the API before it
// resolves throws a clear `integration_error` instead of a TypeError from
// deep inside the glue. The build copies this file to dist/tessera.js.
import initGlue, * as glue from "./tessera_glue.js";
import { TesseraError } from "__TESSERA_ERROR_MODULE__";

export { TesseraError };

let ready = false;
let pending = null;

function loadError(error) {
  const text = String(error && error.message ? error.message : error);
  const blocked = /unsafe-eval|Content Security Policy|CSP|wasm-eval/i.test(text);
  const err = new TesseraError(
    "integration_error",
    blocked ? "wasm_blocked" : "wasm_load_failed",
    blocked
      ? "The page's Content-Security-Policy does not allow WebAssembly: add 'wasm-unsafe-eval' to script-src."
      : `Tessera's WebAssembly module could not be loaded: ${text}`,
  );
  err.cause = error;
  return err;
}

/**
 * Loads and instantiates Tessera's WebAssembly module. Call it once before
 * anything else; calling it again returns the same promise.
 *
 * `input` is anything wasm-bindgen's init accepts: a URL or Request for the
 * `.wasm`, a `Response`, bytes, a `WebAssembly.Module`, or
 * `{ module_or_path }`. By default the `.wasm` is fetched from beside this file.
 */
export default function init(input) {
  if (pending) return pending;
  const arg = input === undefined || (input !== null && typeof input === "object" && "module_or_path" in input)
    ? input
    : { module_or_path: input };
  pending = initGlue(arg).then(
    () => {
      ready = true;
    },
    (error) => {
      pending = null;
      throw loadError(error);
    },
  );
  return pending;
}

function notReady() {
  throw new TesseraError(
    "integration_error",
    "not_initialized",
    "Tessera is not initialised yet: `await init()` before using it.",
  );
}

export function validateCardNumber(value, options) {
  if (!ready) notReady();
  return glue.validateCardNumber(value, options);
}
export function cardBrands(value) {
  if (!ready) notReady();
  return glue.cardBrands(value);
}
// The cheap checks cross into wasm as numbers (src/wasm/packed.rs): a short
// string goes as its UTF-16 units, two per argument, and the verdict comes
// back as bits, which cost less than the check itself would otherwise. Every
// rule still runs in wasm; anything else takes the general path.
const units = (s, i) => s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
const twoDigits = (month) => (month ? (month < 10 ? "0" : "") + month : null);
const brandIndexes = new Map();
function brandIndex(brand) {
  let index = brandIndexes.get(brand);
  if (index === undefined) {
    index = glue.__brandIndex(brand);
    if (brandIndexes.size < 64) brandIndexes.set(brand, index);
  }
  return index;
}

// The shopper's current month, read again at most once a second.
let thisYear = 0;
let thisMonth = 0;
let monthReadAt = -Infinity;
function readMonth() {
  const at = Date.now();
  if (at - monthReadAt >= 1000 || at < monthReadAt) {
    const now = new Date(at);
    thisYear = now.getFullYear();
    thisMonth = now.getMonth() + 1;
    monthReadAt = at;
  }
}

export function validateExpiry(value, options) {
  if (!ready) notReady();
  if (options === undefined && typeof value === "string" && value.length <= 12) {
    readMonth();
    const s = value;
    const bits = glue.__expiryBits(s.length, units(s, 0), units(s, 2), units(s, 4), units(s, 6), units(s, 8),
      units(s, 10), thisYear, thisMonth);
    if (bits !== 0xffffffff) {
      const year = (bits >>> 6) & 0x3fff;
      return {
        isValid: (bits & 1) === 1,
        isPotentiallyValid: (bits & 2) === 2,
        month: twoDigits((bits >>> 2) & 15),
        year: year ? String(year).padStart(4, "0") : null,
      };
    }
  }
  return glue.validateExpiry(value, options);
}
export function validateCvc(value, brand) {
  if (!ready) notReady();
  if (typeof value === "string" && value.length <= 8 && (brand == null || typeof brand === "string")) {
    const bits = glue.__cvcBits(value.length, units(value, 0), units(value, 2), units(value, 4), units(value, 6),
      brand == null ? -1 : brandIndex(brand));
    return { isValid: (bits & 1) === 1, isPotentiallyValid: (bits & 2) === 2 };
  }
  return glue.validateCvc(value, brand);
}
export function validateCardholderName(value) {
  if (!ready) notReady();
  return glue.validateCardholderName(value);
}
export function formatCardNumber(value, caret) {
  if (!ready) notReady();
  return glue.formatCardNumber(value, caret);
}
export function formatExpiry(value, caret) {
  if (!ready) notReady();
  return glue.formatExpiry(value, caret);
}
export function cardNumberInput(value, caret, inputType, options) {
  if (!ready) notReady();
  return glue.cardNumberInput(value, caret, inputType, options);
}
export function expiryInput(value, caret, inputType, options) {
  if (!ready) notReady();
  return glue.expiryInput(value, caret, inputType, options);
}
export function cvcInput(value, caret, brand) {
  if (!ready) notReady();
  return glue.cvcInput(value, caret, brand);
}
export function validateCard(card, options) {
  if (!ready) notReady();
  return glue.validateCard(card, options);
}
export function validateDetails(details, options) {
  if (!ready) notReady();
  return glue.validateDetails(details, options);
}

export function handleChallenge(authenticationUrl, options) {
  if (!ready) notReady();
  return glue.handleChallenge(authenticationUrl, options);
}

/** See the generated declaration in tessera_glue.d.ts. */
export class Tokenizer extends glue.Tokenizer {
  constructor(options) {
    if (!ready) notReady();
    super(options);
  }
}
