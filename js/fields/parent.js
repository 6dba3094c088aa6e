// `tessera/fields`: the merchant page's side of the isolated card fields. It
// puts Tessera's card frame (served from the payment provider's origin) into
// a container, talks to it on a MessageChannel set up by one handshake, and
// never sees card data: only completeness, emptiness, the brand, error codes
// and messages, focus, the frame's height and the token result. No wasm here.
// See protocol.js for the messages and the README's "Isolated card fields" for the guide.
import { TesseraError } from "tessera-error";
import { runChallenge } from "../bindings/challenge.js";
import { EVENTS, FIELDS, LOCALES, PROTOCOL, copyStyle, errorData, styleProblems } from "./protocol.js";

const TITLES = {
  en: "Secure card payment input",
  ja: "カード情報の入力（安全な入力欄）",
};
const DEFAULT_READY_TIMEOUT_MS = 30_000;
const MAX_HEIGHT = 4000;

const mounted = new WeakSet();

function integration(code, message) {
  return new TesseraError("integration_error", code, message);
}

function fromData(data) {
  if (!data || typeof data !== "object") return integration("unexpected", "The card frame failed.");
  const extra = {};
  for (const key of ["field", "status", "retryAfter", "errors", "declineCode"]) if (data[key] !== undefined) extra[key] = data[key];
  return new TesseraError(String(data.type), String(data.code), String(data.message), extra);
}

function isLoopbackHost(hostname) {
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
}

function checkOptions(options) {
  if (options === null || typeof options !== "object") throw integration("invalid_option", "mountCardFields needs an options object.");
  const { publishableKey, fieldsUrl, locale = "en", style, apiBase, readyTimeoutMs = DEFAULT_READY_TIMEOUT_MS } = options;
  if (typeof publishableKey !== "string") throw integration("invalid_publishable_key", "`publishableKey` must be a string (pk_…).");
  if (publishableKey.startsWith("sk_")) {
    throw integration("secret_key_in_browser", "A secret key (sk_…) must never be used in a browser: pass your publishable key (pk_…).");
  }
  if (!publishableKey.startsWith("pk_")) throw integration("invalid_publishable_key", "`publishableKey` must start with pk_.");
  let url;
  try {
    url = new URL(fieldsUrl);
  } catch {
    throw integration("invalid_fields_url", "`fieldsUrl` must be the absolute URL of the card frame page.");
  }
  if (!(url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname)))) {
    throw integration("insecure_fields_url", "`fieldsUrl` must be https: (plain http: only for localhost, 127.0.0.1 and [::1]).");
  }
  if (url.origin === location.origin) {
    throw integration("fields_same_origin", "The card frame must be served from another origin than this page, or the page's scripts could read the card.");
  }
  if (!LOCALES.includes(locale)) throw integration("invalid_option", '`locale` must be "en" or "ja".');
  const problems = styleProblems(style);
  if (problems.length) throw integration("invalid_option", `Invalid style: ${problems.join("; ")}.`);
  if (apiBase !== undefined && typeof apiBase !== "string") throw integration("invalid_option", "`apiBase` must be a string.");
  if (!(Number.isSafeInteger(readyTimeoutMs) && readyTimeoutMs > 0)) {
    throw integration("invalid_option", "`readyTimeoutMs` must be a positive whole number of milliseconds.");
  }
  return { publishableKey, url, locale, style: copyStyle(style), apiBase, readyTimeoutMs };
}

// The `challenge` option of createSecureToken / paySession: the dialog (in
// `container` or <body>) is this page's. Redirect mode is refused: leaving
// the page unloads the frame, and with it the card.
function challengeSettings(challenge) {
  if (challenge === undefined || challenge === null) return { container: undefined };
  if (typeof challenge !== "object") throw integration("invalid_option", 'Option `challenge` must be { mode: "dialog", container? }.');
  const { mode = "dialog", container: host } = challenge;
  if (mode === "redirect") {
    throw integration(
      "invalid_option",
      'The card fields show the 3-D Secure challenge in a dialog of this page; { mode: "redirect" } is not available (leaving the page would unload the card frame and the card). Use the dialog, or pay by Session and let your server read it.',
    );
  }
  if (mode !== "dialog") throw integration("invalid_option", 'Option `challenge.mode` must be "dialog".');
  if (host !== undefined && host !== null && !(host instanceof HTMLElement)) throw integration("invalid_option", "Option `challenge.container` must be an HTMLElement.");
  return { container: host ?? undefined };
}

function container(target) {
  const element = typeof target === "string" ? document.querySelector(target) : target;
  if (!(element instanceof Element)) throw integration("invalid_container", "mountCardFields needs an element or a selector that finds one.");
  return element;
}

/**
 * Mounts the card frame in `target` (an element or a selector). Resolves with
 * the fields once the frame is ready; rejects with a TesseraError when the
 * options are wrong, the frame refuses (this page's origin is not allowed, a
 * bad key, the wasm was refused) or does not answer within `readyTimeoutMs`.
 */
export function mountCardFields(target, options) {
  return new Promise((resolve, reject) => {
    const settings = checkOptions(options);
    const host = container(target);
    if (mounted.has(host)) throw integration("already_mounted", "Card fields are already mounted in this element.");
    mounted.add(host);
    const fieldsOrigin = settings.url.origin;
    let locale = settings.locale;
    const listeners = new Map(EVENTS.map((e) => [e, new Set()]));
    const pending = new Map();
    let nextId = 1;
    let port = null;
    let ready = false;
    let destroyed = false;
    let state = { complete: false, empty: true, brand: null, errors: [] };

    const iframe = document.createElement("iframe");
    iframe.src = settings.url.href;
    iframe.title = TITLES[locale];
    iframe.setAttribute("scrolling", "no");
    // The frame learns this page's origin, never its path: "no-referrer"
    // would also hide the origin from the frame's location.ancestorOrigins
    // (Firefox masks it to "null", as the HTML standard says), and the frame
    // refuses ancestors it cannot check.
    iframe.referrerPolicy = "origin";
    // Styles through the CSSOM: no style attribute, so a strict CSP holds.
    iframe.style.border = "0";
    iframe.style.width = "100%";
    iframe.style.display = "block";
    iframe.style.height = "0px";
    iframe.style.overflow = "hidden";
    iframe.style.colorScheme = "normal";

    const timer = setTimeout(() => {
      if (!ready) fail(integration("fields_load_failed", `The card frame at ${settings.url.href} did not become ready within ${settings.readyTimeoutMs} ms (blocked, not allowed to be embedded in this page, or unreachable).`));
    }, settings.readyTimeoutMs);

    function fail(error) {
      clearTimeout(timer);
      teardown();
      reject(error);
    }

    function emit(event, payload) {
      for (const cb of [...listeners.get(event)]) {
        try {
          cb(payload);
        } catch (error) {
          setTimeout(() => {
            throw error;
          });
        }
      }
    }

    // `challenge`: for 3-D Secure calls, { returnUrl, container } of the
    // dialog this page shows when the frame asks.
    function request(message, challenge = null) {
      if (destroyed) return Promise.reject(integration("destroyed", "These card fields were destroyed."));
      if (!ready) return Promise.reject(integration("not_ready", "The card frame is not ready."));
      const id = nextId++;
      return new Promise((resolveRequest, rejectRequest) => {
        pending.set(id, { resolve: resolveRequest, reject: rejectRequest, challenge, shown: null });
        port.postMessage({ ...message, id });
      });
    }

    // The frame asks to show the issuer's page: this page's dialog, its
    // return URL of this page's origin; the frame is told only the outcome.
    function showChallenge(id, url) {
      const entry = pending.get(id);
      if (!entry || !entry.challenge || entry.shown || typeof url !== "string") return;
      const shown = new AbortController();
      entry.shown = shown;
      const answer = (message) => {
        if (entry.shown === shown) entry.shown = null;
        if (!shown.signal.aborted && port && pending.get(id) === entry) port.postMessage({ type: "challengeDone", id, ...message });
      };
      Promise.resolve()
        .then(() => runChallenge(url, {
          mode: "dialog",
          returnUrl: entry.challenge.returnUrl,
          container: entry.challenge.container,
          locale,
          signal: shown.signal,
        }))
        .then(() => answer({ ok: true }), (error) => answer({ ok: false, error: errorData(error) }));
    }

    function endChallenge(id) {
      const entry = pending.get(id);
      if (entry && entry.shown) {
        entry.shown.abort();
        entry.shown = null;
      }
    }

    function onPortMessage(event) {
      const data = event.data;
      if (!data || typeof data !== "object") return;
      switch (data.type) {
        case "ready":
          if (ready) return;
          ready = true;
          clearTimeout(timer);
          setHeight(data.height);
          if (data.state && typeof data.state === "object") state = copyState(data.state);
          resolve(fields);
          emit("ready", {});
          return;
        case "failed":
          if (!ready) fail(fromData(data.error));
          return;
        case "change":
          if (!ready || !data.state || typeof data.state !== "object") return;
          state = copyState(data.state);
          emit("change", { ...state, errors: state.errors.map((e) => ({ ...e })) });
          return;
        case "focus":
        case "blur":
          if (ready && FIELDS.includes(data.field)) emit(data.type, { field: data.field });
          return;
        case "resize":
          setHeight(data.height);
          return;
        case "challenge":
          if (ready) showChallenge(data.id, data.url);
          return;
        case "challengeEnd":
          endChallenge(data.id);
          return;
        case "result": {
          const entry = pending.get(data.id);
          if (!entry) return;
          pending.delete(data.id);
          if (entry.shown) entry.shown.abort();
          if (data.ok === true) entry.resolve(data.value);
          else entry.reject(fromData(data.error));
          return;
        }
        default:
          return;
      }
    }

    // Only the fields the parent is meant to know, as plain values.
    function copyState(s) {
      return {
        complete: s.complete === true,
        empty: s.empty === true,
        brand: typeof s.brand === "string" ? s.brand : null,
        errors: Array.isArray(s.errors)
          ? s.errors.filter((e) => e && FIELDS.includes(e.field)).map((e) => ({ field: e.field, code: String(e.code), message: String(e.message) }))
          : [],
      };
    }

    function setHeight(h) {
      if (typeof h === "number" && Number.isFinite(h) && h >= 0) iframe.style.height = `${Math.min(Math.ceil(h), MAX_HEIGHT)}px`;
    }

    // Every load of the frame document gets a fresh channel; the frame
    // accepts one handshake per document, and only from an allowed origin.
    function handshake() {
      if (destroyed) return;
      if (port) port.close();
      const channel = new MessageChannel();
      port = channel.port1;
      port.onmessage = onPortMessage;
      const config = { publishableKey: settings.publishableKey, locale, style: settings.style };
      if (settings.apiBase !== undefined) config.apiBase = settings.apiBase;
      iframe.contentWindow.postMessage({ tessera: PROTOCOL, type: "hello", config }, fieldsOrigin, [channel.port2]);
    }
    iframe.addEventListener("load", handshake);

    // A <label for="…"> of the page pointing at the container focuses the number.
    const labelClicks = [];
    if (host.id) {
      for (const label of document.querySelectorAll("label")) {
        if (label.htmlFor !== host.id) continue;
        const onClick = (event) => {
          event.preventDefault();
          fields.focus("number");
        };
        label.addEventListener("click", onClick);
        labelClicks.push([label, onClick]);
      }
    }

    function teardown() {
      destroyed = true;
      clearTimeout(timer);
      iframe.removeEventListener("load", handshake);
      if (port) port.close();
      port = null;
      iframe.remove();
      for (const [label, onClick] of labelClicks) label.removeEventListener("click", onClick);
      mounted.delete(host);
      for (const entry of pending.values()) entry.shown?.abort();
      for (const entry of pending.values()) entry.reject(new TesseraError("abort_error", "destroyed", "The card fields were destroyed."));
      pending.clear();
    }

    const fields = {
      /** Listens to "ready", "change", "focus" or "blur". A "ready" listener added after ready is called at once. */
      on(event, callback) {
        if (!EVENTS.includes(event)) throw integration("invalid_option", `Unknown event "${event}" (use ${EVENTS.join(", ")}).`);
        if (typeof callback !== "function") throw integration("invalid_option", "The listener must be a function.");
        listeners.get(event).add(callback);
        if (event === "ready" && ready && !destroyed) queueMicrotask(() => listeners.get("ready").has(callback) && callback({}));
        return fields;
      },
      off(event, callback) {
        listeners.get(event)?.delete(callback);
        return fields;
      },
      /** The last state the frame reported: { complete, empty, brand, errors }. */
      get state() {
        return { ...state, errors: state.errors.map((e) => ({ ...e })) };
      },
      createToken(options = {}) {
        if (options === null || typeof options !== "object") return Promise.reject(integration("invalid_option", "createToken takes an options object."));
        const { currency } = options;
        if (currency !== undefined && typeof currency !== "string") return Promise.reject(integration("invalid_option", "`currency` must be a string."));
        return request({ type: "createToken", options: currency === undefined ? {} : { currency } });
      },
      /**
       * 3-D Secure, the direct route: the frame creates the secure token with
       * its card; a challenge shows in a dialog of this page. `returnUrl`
       * must be of this page's origin (the dialog's frame lands there).
       */
      createSecureToken(options) {
        try {
          if (options === null || typeof options !== "object") throw integration("invalid_option", "createSecureToken needs options { amount, currency, returnUrl }.");
          const { amount, currency, returnUrl, challenge } = options;
          const dialog = challengeSettings(challenge);
          let back = null;
          try {
            back = new URL(returnUrl);
          } catch {}
          if (typeof returnUrl !== "string" || !back || back.origin !== location.origin) {
            throw integration("invalid_option", `Option \`returnUrl\` must be an absolute URL of this page's origin (${location.origin}): the challenge dialog's frame lands there.`);
          }
          return request({ type: "createSecureToken", options: { amount, currency, returnUrl: back.href } }, { returnUrl: back.href, ...dialog });
        } catch (error) {
          return Promise.reject(error);
        }
      },
      /**
       * KOMOJU's recommended route: the frame pays the Session `sessionId`
       * (created by your server) with its card; a challenge shows in a dialog
       * of this page, which closes when the issuer's page returns to this
       * page's URL or when the Session is seen finished.
       */
      paySession(sessionId, options = {}) {
        try {
          if (typeof sessionId !== "string") throw integration("invalid_argument", "The session ID must be a string.");
          if (options === null || typeof options !== "object") throw integration("invalid_option", "paySession takes an options object.");
          const { capture, challenge } = options;
          if (capture !== undefined && capture !== "auto" && capture !== "manual") throw integration("invalid_option", 'Option `capture` must be "auto" or "manual".');
          const dialog = challengeSettings(challenge);
          return request({ type: "paySession", sessionId, options: capture === undefined ? {} : { capture } }, { returnUrl: location.href, ...dialog });
        } catch (error) {
          return Promise.reject(error);
        }
      },
      setLocale(next) {
        if (!LOCALES.includes(next)) throw integration("invalid_option", '`locale` must be "en" or "ja".');
        locale = next;
        iframe.title = TITLES[locale];
        if (port && ready) port.postMessage({ type: "setLocale", locale });
      },
      focus(field = "number") {
        if (!FIELDS.includes(field)) throw integration("invalid_option", `Unknown field "${field}" (use ${FIELDS.join(", ")}).`);
        if (!port || !ready) return;
        iframe.focus();
        port.postMessage({ type: "focus", field });
      },
      clear() {
        if (port && ready) port.postMessage({ type: "clear" });
      },
      destroy() {
        if (destroyed) return;
        teardown();
        for (const set of listeners.values()) set.clear();
      },
    };

    host.append(iframe);
  });
}
