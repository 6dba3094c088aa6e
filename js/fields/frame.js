// The card frame's script (dist/fields/fields.js, bundled with Tessera's
// entry, glue and result helpers into one file so that one SRI hash covers
// it). It runs in a document of the payment provider's origin: the card is
// typed, formatted, validated and tokenized here, and the parent page is told
// only completeness, emptiness, the brand, error codes and messages, focus,
// the height, and the token result. See protocol.js for the messages.
import init, {
  TesseraError,
  Tokenizer,
  formatCardNumber,
  formatExpiry,
  validateCard,
  validateCardNumber,
  validateCardholderName,
  validateCvc,
  validateExpiry,
} from "tessera";
import { FIELDS, LOCALES, PROTOCOL, errorData, styleProblems } from "./protocol.js";
import { applyStyle } from "./frame-style.js";
import { frameText } from "./frame-text.js";

// Replaced by the build (esbuild --define) with the sha384 of tessera_bg.wasm.
const WASM_INTEGRITY = __TESSERA_FIELDS_WASM_INTEGRITY__;

function metaContent(name) {
  const element = document.querySelector(`meta[name="${name}"]`);
  return element ? element.content : "";
}

// Exact origins only: "https://shop.example" is kept, "https://shop.example/"
// or anything with a path, a wildcard or a scheme other than http(s) is not.
function exactOrigin(text) {
  try {
    const url = new URL(text);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === text ? text : null;
  } catch {
    return null;
  }
}

const allowedOrigins = metaContent("tessera-allowed-origins").split(/\s+/).map(exactOrigin).filter(Boolean);
const apiBase = exactOrigin(metaContent("tessera-api-base").replace(/\/+$/, ""));

// The script's own check, besides frame-ancestors: framed, and every ancestor
// the browser tells us of is allowed (Firefox has no ancestorOrigins; there
// the handshake's origin check and the CSP remain).
function ancestorsAllowed() {
  if (window.parent === window) return false;
  const ancestors = location.ancestorOrigins;
  if (!ancestors) return true;
  if (ancestors.length === 0) return false;
  for (let i = 0; i < ancestors.length; i++) if (!allowedOrigins.includes(ancestors[i])) return false;
  return true;
}

const $ = (id) => document.getElementById(id);
const form = $("tf-form");
const inputs = Object.fromEntries(FIELDS.map((f) => [f, $(`tf-${f}`)]));
const labels = Object.fromEntries(FIELDS.map((f) => [f, $(`tf-${f}-label`)]));
const errorsShown = Object.fromEntries(FIELDS.map((f) => [f, $(`tf-${f}-error`)]));

function refuse() {
  form.remove();
  $("tf-refused").hidden = false;
}

if (!apiBase || allowedOrigins.length === 0 || !ancestorsAllowed()) {
  refuse();
} else {
  start();
}

function start() {
  // Start fetching and compiling the wasm at once; the handshake waits for it.
  const loaded = init(
    fetch(new URL("tessera_bg.wasm", import.meta.url), { integrity: WASM_INTEGRITY, credentials: "same-origin" }).then(
      (response) => {
        if (!response.ok) throw new Error(`tessera_bg.wasm answered HTTP ${response.status}`);
        return response;
      },
      (error) => {
        throw new Error(`tessera_bg.wasm could not be fetched (a network failure, or it does not match its integrity hash): ${error && error.message}`);
      },
    ),
  );
  loaded.catch(() => {});

  let port = null;
  function onMessage(event) {
    if (port) return;
    if (event.source !== window.parent || !allowedOrigins.includes(event.origin)) return;
    const ancestors = location.ancestorOrigins;
    if (ancestors && ancestors[0] !== event.origin) return;
    const data = event.data;
    if (!data || typeof data !== "object" || data.tessera !== PROTOCOL || data.type !== "hello") return;
    if (event.ports.length !== 1 || !data.config || typeof data.config !== "object") return;
    port = event.ports[0];
    window.removeEventListener("message", onMessage);
    connect(port, data.config, loaded);
  }
  window.addEventListener("message", onMessage);
}

function connect(port, config, loaded) {
  const send = (message) => port.postMessage(message);
  let locale = LOCALES.includes(config.locale) ? config.locale : "en";
  let tokenizer = null;
  let submitted = false;
  let busy = 0;
  const touched = Object.fromEntries(FIELDS.map((f) => [f, false]));
  let lastState = "";

  function fail(error) {
    send({ type: "failed", error: errorData(error) });
    port.close();
    refuse();
  }

  function makeTokenizer() {
    tokenizer = new Tokenizer({ publishableKey: config.publishableKey, apiBase, locale });
  }

  function card() {
    return {
      number: inputs.number.value,
      expiry: inputs.expiry.value,
      verification_value: inputs.cvc.value,
      name: inputs.name.value,
    };
  }

  const fieldOf = (field) => (field === "verification_value" ? "cvc" : field);

  // Per field: the first error (code and localised message), and whether the
  // value as typed can still become valid.
  function evaluate() {
    const details = card();
    const { errors } = validateCard(details, { locale });
    const firstError = {};
    for (const e of errors) {
      const field = fieldOf(e.field);
      if (!firstError[field]) firstError[field] = { field, code: e.code, message: e.message };
    }
    const number = validateCardNumber(details.number);
    const brand = number.brand;
    const potential = {
      number: number.isPotentiallyValid,
      expiry: validateExpiry(details.expiry).isPotentiallyValid,
      cvc: validateCvc(details.verification_value, brand ? brand.type : undefined).isPotentiallyValid,
      name: validateCardholderName(details.name).isPotentiallyValid,
    };
    return { firstError, potential, brand };
  }

  function update({ announce = true } = {}) {
    const { firstError, potential, brand } = evaluate();
    const code = brand ? brand.code : { name: "CVC", size: 4 };
    inputs.cvc.maxLength = code.size;
    inputs.cvc.placeholder = code.name;
    const shown = [];
    let empty = true;
    for (const field of FIELDS) {
      const input = inputs[field];
      const value = input.value;
      if (value !== "") empty = false;
      const error = firstError[field];
      const show = error && (submitted || (value !== "" && (touched[field] || !potential[field])));
      input.setAttribute("aria-invalid", show ? "true" : "false");
      input.classList.toggle("tf-complete", !error);
      if (show) {
        input.setAttribute("aria-describedby", errorsShown[field].id);
        if (errorsShown[field].textContent !== error.message) errorsShown[field].textContent = error.message;
        shown.push(error);
      } else {
        input.removeAttribute("aria-describedby");
        errorsShown[field].textContent = "";
      }
    }
    const state = {
      complete: FIELDS.every((f) => !firstError[f]),
      empty,
      brand: brand ? brand.type : null,
      errors: shown,
    };
    const text = JSON.stringify(state);
    if (text === lastState) return;
    lastState = text;
    if (announce) send({ type: "change", state });
  }

  function reformat(input, format) {
    const caret = input.selectionStart ?? input.value.length;
    const { value, caret: next } = format(input.value, caret);
    if (value !== input.value) input.value = value;
    if (document.activeElement === input) input.setSelectionRange(next, next);
  }

  function digitsOnly(input) {
    const caret = input.selectionStart ?? input.value.length;
    const before = input.value.slice(0, caret).replace(/\D/g, "").length;
    const value = input.value.replace(/\D/g, "").slice(0, input.maxLength > 0 ? input.maxLength : undefined);
    if (value !== input.value) {
      input.value = value;
      if (document.activeElement === input) input.setSelectionRange(before, before);
    }
  }

  function showLocale() {
    const text = frameText(locale);
    document.documentElement.lang = locale;
    document.title = text.title;
    for (const field of FIELDS) labels[field].textContent = text[field];
    inputs.expiry.placeholder = text.expiryPlaceholder;
  }

  function height() {
    return Math.ceil(document.body.getBoundingClientRect().height);
  }

  function result(id, promise) {
    busy++;
    for (const field of FIELDS) inputs[field].readOnly = true;
    promise.then(
      (value) => send({ type: "result", id, ok: true, value }),
      (error) => {
        const data = errorData(error);
        if (data.field) data.field = fieldOf(data.field);
        if (data.errors) data.errors = data.errors.map((e) => ({ ...e, field: fieldOf(e.field) }));
        send({ type: "result", id, ok: false, error: data });
      },
    ).finally(() => {
      if (--busy === 0) for (const field of FIELDS) inputs[field].readOnly = false;
    });
  }

  function createToken(id, options) {
    submit();
    const currency = options && typeof options.currency === "string" ? options.currency : undefined;
    result(id, Promise.resolve().then(() => tokenizer.createToken(card(), currency === undefined ? {} : { currency })));
  }

  // Validation as for createToken: errors shown by their fields, the first
  // invalid one focused (the Tokenizer then refuses without a request).
  function submit() {
    submitted = true;
    update();
    const { firstError } = evaluate();
    const firstInvalid = FIELDS.find((f) => firstError[f]);
    if (firstInvalid) inputs[firstInvalid].focus();
  }

  // 3-D Secure: the issuer's page is shown by the merchant's page (a dialog
  // inside this small frame would be unusable). The Tokenizer's custom
  // challenge sends the issuer's URL (not card data) to the parent, which
  // answers "challengeDone" with the outcome only; the Tokenizer then reads
  // the secure token or the Session itself. When its own read finds the
  // challenge over first, the signal aborts and the parent is told to close.
  const challenges = new Map();
  function parentShows(id) {
    return (url, { signal }) =>
      new Promise((resolve, reject) => {
        if (challenges.has(id)) {
          reject(new TesseraError("integration_error", "unexpected", "A challenge is already shown for this call."));
          return;
        }
        const onAbort = () => {
          if (!challenges.delete(id)) return;
          send({ type: "challengeEnd", id });
          reject(new TesseraError("abort_error", "aborted", "The challenge was ended."));
        };
        challenges.set(id, {
          resolve: () => {
            signal.removeEventListener("abort", onAbort);
            resolve();
          },
          reject: (error) => {
            signal.removeEventListener("abort", onAbort);
            reject(error);
          },
        });
        signal.addEventListener("abort", onAbort);
        send({ type: "challenge", id, url });
      });
  }

  function challengeDone(data) {
    const entry = challenges.get(data.id);
    if (!entry) return;
    challenges.delete(data.id);
    if (data.ok === true) {
      entry.resolve();
      return;
    }
    const e = data.error && typeof data.error === "object" ? data.error : {};
    const type = typeof e.type === "string" ? e.type : "abort_error";
    const code = typeof e.code === "string" ? e.code : "three_d_secure_cancelled";
    const message = typeof e.message === "string" ? e.message : "The card's authentication was cancelled.";
    entry.reject(new TesseraError(type, code, message));
  }

  function createSecureToken(id, options) {
    submit();
    const o = options && typeof options === "object" ? options : {};
    result(
      id,
      Promise.resolve().then(() =>
        tokenizer.createSecureToken(card(), {
          amount: o.amount,
          currency: o.currency,
          returnUrl: o.returnUrl,
          challenge: { mode: "custom", show: parentShows(id) },
        }),
      ),
    );
  }

  function paySession(id, sessionId, options) {
    submit();
    const o = options && typeof options === "object" ? options : {};
    result(
      id,
      Promise.resolve().then(() =>
        tokenizer.paySession(sessionId, card(), {
          ...(o.capture === undefined ? {} : { capture: o.capture }),
          challenge: { mode: "custom", show: parentShows(id) },
        }),
      ),
    );
  }

  function onPortMessage(event) {
    const data = event.data;
    if (!data || typeof data !== "object" || typeof data.type !== "string") return;
    switch (data.type) {
      case "setLocale":
        if (!LOCALES.includes(data.locale)) return;
        locale = data.locale;
        makeTokenizer();
        showLocale();
        update();
        return;
      case "focus":
        if (FIELDS.includes(data.field)) inputs[data.field].focus();
        return;
      case "clear":
        for (const field of FIELDS) {
          inputs[field].value = "";
          touched[field] = false;
        }
        submitted = false;
        update();
        return;
      case "createToken":
        if (Number.isSafeInteger(data.id)) createToken(data.id, data.options);
        return;
      case "createSecureToken":
        if (Number.isSafeInteger(data.id)) createSecureToken(data.id, data.options);
        return;
      case "paySession":
        if (Number.isSafeInteger(data.id)) paySession(data.id, data.sessionId, data.options);
        return;
      case "challengeDone":
        if (Number.isSafeInteger(data.id)) challengeDone(data);
        return;
      default:
        return;
    }
  }

  loaded.then(
    () => {
      const problems = styleProblems(config.style);
      if (problems.length) {
        const error = new Error(`Invalid style: ${problems.join("; ")}.`);
        error.type = "integration_error";
        error.code = "invalid_option";
        throw error;
      }
      if (config.apiBase !== undefined && config.apiBase !== null && exactOrigin(String(config.apiBase).replace(/\/+$/, "")) !== apiBase) {
        const error = new Error(`The card frame sends cards to ${apiBase}, not to the apiBase the page asked for.`);
        error.type = "integration_error";
        error.code = "api_base_mismatch";
        throw error;
      }
      makeTokenizer();
      applyStyle(config.style);
      showLocale();
      wire();
      form.hidden = false;
      update({ announce: false });
      port.onmessage = onPortMessage;
      send({ type: "ready", height: height(), state: JSON.parse(lastState) });
      let lastHeight = height();
      new ResizeObserver(() => {
        const h = height();
        if (h !== lastHeight) {
          lastHeight = h;
          send({ type: "resize", height: h });
        }
      }).observe(document.body);
    },
  ).catch(fail);

  function wire() {
    inputs.number.addEventListener("input", () => reformat(inputs.number, formatCardNumber));
    inputs.expiry.addEventListener("input", () => reformat(inputs.expiry, formatExpiry));
    inputs.cvc.addEventListener("input", () => digitsOnly(inputs.cvc));
    for (const field of FIELDS) {
      const input = inputs[field];
      input.addEventListener("input", () => update());
      // Autofill may set values without an input event in some browsers.
      input.addEventListener("change", () => update());
      input.addEventListener("focus", () => send({ type: "focus", field }));
      input.addEventListener("blur", () => {
        if (input.value !== "") touched[field] = true;
        update();
        send({ type: "blur", field });
      });
    }
    form.addEventListener("submit", (event) => event.preventDefault());
  }
}
