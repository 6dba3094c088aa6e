// The contract between the merchant's page (js/fields/parent.js) and the card
// frame (js/fields/frame.js), bundled into both. Nothing here touches card
// data: it names the messages, the fields, and the style whitelist.
//
// Handshake (once per frame document): when the <iframe> has loaded, the
// parent creates a MessageChannel and posts
//   { tessera: PROTOCOL, type: "hello", config: { publishableKey, locale, style, apiBase? } }
// to `iframe.contentWindow` with targetOrigin = the exact origin of
// `fieldsUrl`, transferring port2. The frame accepts the first such message
// whose `source` is its parent and whose `origin` is one of the origins its
// host configured (meta tessera-allowed-origins; also every entry of
// location.ancestorOrigins where the browser has it), and ignores every other
// message on `window` for good. Everything after travels on the port.
//
// Frame → parent (on the port):
//   { type: "ready", height }                      fields shown and usable
//   { type: "failed", error }                      could not start (bad key, wasm refused, …)
//   { type: "change", state: { complete, empty, brand, errors } }
//   { type: "focus", field } / { type: "blur", field }
//   { type: "resize", height }
//   { type: "result", id, ok: true, value } / { type: "result", id, ok: false, error }
//   { type: "challenge", id, url }                 3-D Secure: show the issuer's page (see below)
//   { type: "challengeEnd", id }                   the frame's own read found it over: close it
// Parent → frame (on the port):
//   { type: "setLocale", locale } / { type: "focus", field } / { type: "clear" }
//   { type: "createToken", id, options: { currency } }
//   { type: "createSecureToken", id, options: { amount, currency, returnUrl } }
//   { type: "paySession", id, sessionId, options: { capture? } }
//   { type: "challengeDone", id, ok: true } / { type: "challengeDone", id, ok: false, error }
// 3-D Secure (issue 12): the frame's Tokenizer runs createSecureToken /
// paySession with `challenge: { mode: "custom" }`; when the issuer wants a
// challenge the frame sends "challenge" with the authentication URL (not card
// data), the parent shows it in its own dialog (runChallenge, returnUrl of
// the parent's origin, where the dialog's iframe lands) and answers
// "challengeDone" with the outcome only (no URL: the frame reads the secure
// token or Session by the ID it already has); the frame then reads the
// outcome and sends "result". The frame also reads the resource every few
// seconds during the challenge; when that finds it over first (the issuer's
// page did not come back to returnUrl) it sends "challengeEnd" and the
// parent closes the dialog. Redirect mode is refused by the parent: a
// full-page redirect would unload the frame and its card.

export const PROTOCOL = "tessera-fields/1";

/** The four inputs of the frame, in tab order. */
export const FIELDS = Object.freeze(["number", "expiry", "cvc", "name"]);

export const LOCALES = Object.freeze(["en", "ja"]);

/** Events a merchant can listen to. */
export const EVENTS = Object.freeze(["ready", "change", "focus", "blur"]);

/** Style variants, and the CSS properties each may set (camelCase, as in the style object). */
export const STYLE_VARIANTS = Object.freeze(["base", "complete", "invalid", "focus"]);
export const STYLE_PROPERTIES = Object.freeze([
  "color",
  "backgroundColor",
  "borderColor",
  "borderRadius",
  "borderWidth",
  "caretColor",
  "fontFamily",
  "fontSize",
  "fontStyle",
  "fontWeight",
  "letterSpacing",
  "lineHeight",
  "padding",
  "textTransform",
]);
/** Properties of the placeholder, given as `base["::placeholder"]`. */
export const PLACEHOLDER_PROPERTIES = Object.freeze(["color", "fontStyle", "fontWeight"]);
export const PLACEHOLDER = "::placeholder";

const MAX_VALUE = 200;

/** "backgroundColor" → "background-color". */
export function cssName(property) {
  return property.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

// Values that could load something or break out of a declaration are refused
// whatever the property (the frame's CSP would block a load anyway).
const FORBIDDEN_VALUE = /url\s*\(|image\s*\(|image-set|src\s*\(|expression|[;{}<>\\@]|\/\*/i;

/**
 * Checks a style object's shape. Returns the list of problems ("base.colour is
 * not a style property", …); an empty list means it is fine. The frame checks
 * the values again with CSS.supports before applying them.
 */
export function styleProblems(style) {
  const problems = [];
  if (style === undefined || style === null) return problems;
  if (typeof style !== "object" || Array.isArray(style)) return ["style must be an object"];
  for (const [variant, declarations] of Object.entries(style)) {
    if (!STYLE_VARIANTS.includes(variant)) {
      problems.push(`style.${variant} is not a variant (use ${STYLE_VARIANTS.join(", ")})`);
      continue;
    }
    if (declarations === null || typeof declarations !== "object" || Array.isArray(declarations)) {
      problems.push(`style.${variant} must be an object`);
      continue;
    }
    for (const [property, value] of Object.entries(declarations)) {
      if (property === PLACEHOLDER && variant === "base") {
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
          problems.push(`style.base["${PLACEHOLDER}"] must be an object`);
          continue;
        }
        for (const [p, v] of Object.entries(value)) {
          if (!PLACEHOLDER_PROPERTIES.includes(p)) problems.push(`style.base["${PLACEHOLDER}"].${p} is not allowed`);
          else if (!valueOk(v)) problems.push(`style.base["${PLACEHOLDER}"].${p} has a value that is not allowed`);
        }
        continue;
      }
      if (!STYLE_PROPERTIES.includes(property)) problems.push(`style.${variant}.${property} is not an allowed style property`);
      else if (!valueOk(value)) problems.push(`style.${variant}.${property} has a value that is not allowed`);
    }
  }
  return problems;
}

function valueOk(value) {
  return typeof value === "string" && value.length > 0 && value.length <= MAX_VALUE && !FORBIDDEN_VALUE.test(value);
}

/** A copy of a valid style object holding only plain strings (safe to post). */
export function copyStyle(style) {
  const out = {};
  if (!style) return out;
  for (const [variant, declarations] of Object.entries(style)) {
    out[variant] = {};
    for (const [property, value] of Object.entries(declarations)) {
      out[variant][property] = typeof value === "object" ? { ...value } : value;
    }
  }
  return out;
}

/** An error as plain data, for the port (TesseraError's own fields only). */
export function errorData(error) {
  const data = {
    type: typeof error?.type === "string" ? error.type : "integration_error",
    code: typeof error?.code === "string" ? error.code : "unexpected",
    message: typeof error?.message === "string" ? error.message : "Unexpected failure.",
  };
  for (const key of ["field", "status", "retryAfter", "declineCode"]) if (error && error[key] !== undefined) data[key] = error[key];
  if (error && Array.isArray(error.errors)) {
    data.errors = error.errors.map((e) => ({ field: e.field, code: e.code, message: e.message }));
  }
  return data;
}
