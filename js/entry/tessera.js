// Tessera's package entry: the wasm-bindgen glue behind a guard, so that
// `init()` may be called any number of times and using the API before it
// resolves throws a clear `integration_error` instead of a TypeError from
// deep inside the glue. The build copies this file to dist/tessera.js.
import initGlue, * as glue from "./tessera_glue.js";
import { TesseraError } from "__TESSERA_ERROR_MODULE__";

export { TesseraError };

let ready = false;
let pending = null;
let memory = null;

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
    (exports) => {
      memory = exports.memory;
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
// back as bits (and a short text through wasm memory), which cost less than
// the check itself would otherwise. Every rule still runs in wasm; anything
// else takes the general path.
// (Bounds checked here: charCodeAt past the end is NaN, which costs more.)
const units = (s, i) => (i < s.length ? s.charCodeAt(i) | (i + 1 < s.length ? s.charCodeAt(i + 1) << 16 : 0) : 0);
const MONTHS = [null, "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"];
const years = [];
const yearText = (year) => (year ? (years[year] ??= String(year).padStart(4, "0")) : null);

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

// A caret as the general path reads it (-1: none), or -2: let it decide.
function caretArg(caret) {
  if (caret == null) return -1;
  if (typeof caret !== "number") return -2;
  if (!Number.isFinite(caret)) return -1;
  return caret <= 0 ? 0 : caret >= 1e6 ? 1e6 : Math.floor(caret);
}

// `__expiryBits`'s edit for validateExpiry (src/wasm/packed.rs VALIDATE_ONLY).
const VALIDATE_ONLY = 3;

// What the wasm makes of an `inputType` (src/wasm/packed.rs `__editCode`), asked once per string.
const editCodes = new Map();
function editCode(inputType) {
  const key = inputType ?? "";
  let code = editCodes.get(key);
  if (code === undefined) {
    code = glue.__editCode(key);
    if (editCodes.size < 64) editCodes.set(key, code);
  }
  return code;
}

// The short text a packed call left in wasm memory; `input` itself when the
// text is the same (as typing at the end of a field mostly leaves it).
let textView = null;
function textOut(length, input) {
  // A view of a memory that has grown since is detached: its length is 0.
  if (textView === null || textView.length === 0) textView = new Uint16Array(memory.buffer, glue.__textOut(), 10);
  let same = length === input.length;
  for (let i = 0; same && i < length; i++) same = textView[i] === input.charCodeAt(i);
  if (same) return input;
  let s = "";
  for (let i = 0; i < length; i++) s += String.fromCharCode(textView[i]);
  return s;
}

export function validateExpiry(value, options) {
  if (!ready) notReady();
  if (options === undefined && typeof value === "string" && value.length <= 12) {
    readMonth();
    const s = value;
    const bits = glue.__expiryBits(s.length, units(s, 0), units(s, 2), units(s, 4), units(s, 6), units(s, 8),
      units(s, 10), -1, VALIDATE_ONLY, thisYear, thisMonth);
    if (bits !== 0xffffffff) {
      return {
        isValid: (bits & 1) === 1,
        isPotentiallyValid: (bits & 2) === 2,
        month: MONTHS[(bits >>> 2) & 15] ?? null,
        year: yearText((bits >>> 6) & 0x3fff),
      };
    }
  }
  return glue.validateExpiry(value, options);
}

// Security codes: for a code of ASCII digits, the verdict hangs on its length
// and the brand alone, and `cvcInput` keeps such a code as it is, cut at the
// brand's code size. So the answers come from a table per brand, filled once
// with the wasm's own answers for "", "0", "00", ... (validateCvc and
// cvcInput themselves, the rules unchanged). Other short codes cross as
// numbers (`__cvcBits`); anything else (a brand that is not a string) takes
// the general path. The JS-API tests hold both to the general path on
// generated codes.
const CODE_FAST = 8;
const codeTables = new Map();
let noBrandTable;
function codeTable(brand) {
  const verdicts = [];
  for (let n = 0, zeros = ""; n <= CODE_FAST; n++, zeros += "0") {
    const r = glue.validateCvc(zeros, brand);
    verdicts.push(Object.freeze({ isValid: r.isValid, isPotentiallyValid: r.isPotentiallyValid }));
  }
  const size = glue.cvcInput("0".repeat(CODE_FAST), CODE_FAST, brand).value.length;
  const table = { verdicts, size, index: brand === undefined ? -1 : glue.__brandIndex(brand) };
  if (brand === undefined) noBrandTable = table;
  else if (codeTables.size < 64) codeTables.set(brand, table);
  return table;
}
// The table for `brand` once made (so only after init), else undefined.
const tableOf = (brand) => (brand == null ? noBrandTable : codeTables.get(brand));
function asciiDigits(s) {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

// The table for a code's brand, made on first use; undefined: the general path.
function codeTableFor(brand) {
  const table = tableOf(brand);
  if (table !== undefined || !ready || (brand != null && typeof brand !== "string")) return table;
  return codeTable(brand ?? undefined);
}
const cvcBits = (s, caret, table) =>
  glue.__cvcBits(s.length, units(s, 0), units(s, 2), units(s, 4), units(s, 6), caret, table.index);

export function validateCvc(value, brand) {
  if (typeof value === "string" && value.length <= CODE_FAST) {
    const table = codeTableFor(brand);
    if (table !== undefined) {
      if (asciiDigits(value)) return table.verdicts[value.length];
      const bits = cvcBits(value, -2, table);
      if (bits !== 0xffffffff) return { isValid: (bits & 1) === 1, isPotentiallyValid: (bits & 2) === 2 };
    }
  }
  if (!ready) notReady();
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
  const at = caretArg(caret);
  if (options === undefined && typeof value === "string" && value.length <= 12 && at > -2
    && (inputType == null || typeof inputType === "string")) {
    readMonth();
    const s = value;
    const bits = glue.__expiryBits(s.length, units(s, 0), units(s, 2), units(s, 4), units(s, 6), units(s, 8),
      units(s, 10), at, editCode(inputType), thisYear, thisMonth);
    if (bits !== 0xffffffff) {
      return {
        value: textOut(bits >>> 24, s),
        caret: (bits >>> 20) & 15,
        month: MONTHS[(bits >>> 2) & 15] ?? null,
        year: yearText((bits >>> 6) & 0x3fff),
        isValid: (bits & 1) === 1,
        isPotentiallyValid: (bits & 2) === 2,
      };
    }
  }
  return glue.expiryInput(value, caret, inputType, options);
}
const DIGITS = ["", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
export function cvcInput(value, caret, brand) {
  const at = caretArg(caret);
  if (typeof value === "string" && value.length <= 64 && at > -2) {
    const table = codeTableFor(brand);
    if (table !== undefined) {
      if (asciiDigits(value)) {
        const n = value.length < table.size ? value.length : table.size;
        const verdict = table.verdicts[n];
        return {
          value: n < value.length ? value.slice(0, n) : value,
          caret: at < 0 || at > n ? n : at,
          isValid: verdict.isValid,
          isPotentiallyValid: verdict.isPotentiallyValid,
        };
      }
      const bits = value.length <= CODE_FAST ? cvcBits(value, at, table) : 0xffffffff;
      if (bits !== 0xffffffff) {
        const n = (bits >>> 20) & 7;
        let kept = "";
        for (let i = 0; i < n; i++) kept += DIGITS[((bits >>> (4 + 4 * i)) & 15) + 1];
        return { value: kept, caret: (bits >>> 23) & 7, isValid: (bits & 4) === 4, isPotentiallyValid: (bits & 8) === 8 };
      }
    }
  }
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
