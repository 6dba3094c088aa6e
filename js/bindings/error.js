// The one error class every Tessera failure reaches JavaScript as. Imported by
// the wasm-bindgen glue (src/wasm/error.rs builds instances) and re-exported
// by the package entry (js/entry/tessera.js), so `instanceof TesseraError`
// holds for both. Its properties are those of JS_FIELDS in
// src/client/error.rs, which js/entry/tessera.d.ts declares (a test checks).

export class TesseraError extends Error {
  constructor(type, code, message, extra) {
    super(message);
    this.name = "TesseraError";
    this.type = type;
    this.code = code;
    if (extra) {
      if (extra.field !== undefined) this.field = extra.field;
      if (extra.status !== undefined) this.status = extra.status;
      if (extra.errors !== undefined) this.errors = extra.errors;
      if (extra.retryAfter !== undefined) this.retryAfter = extra.retryAfter;
      if (extra.declineCode !== undefined) this.declineCode = extra.declineCode;
    }
  }
}

export function fieldError(field, code, message) {
  return { field, code, message };
}

export function errorExtra(field, status, retryAfter, errors, declineCode) {
  const extra = {};
  if (declineCode !== undefined) extra.declineCode = declineCode;
  if (field !== undefined) extra.field = field;
  if (status !== undefined) extra.status = status;
  if (retryAfter !== undefined) extra.retryAfter = retryAfter;
  if (errors !== undefined) extra.errors = errors;
  return extra;
}

export function makeError(type, code, message, extra) {
  return new TesseraError(type, code, message, extra);
}
