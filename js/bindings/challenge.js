// The card issuer's 3-D Secure challenge in the browser: the issuer's page in
// an accessible modal <dialog> (default) or a full-page redirect. Plain DOM,
// no dependencies; works under a strict Content-Security-Policy (no inline
// styles: styles go through the CSSOM) and with Trusted Types enforced (no
// HTML strings: elements are built with createElement/textContent).
import { TesseraError } from "./error.js";

// The iframe's sandbox: the narrowest set an issuer's (ACS) page needs.
// - allow-scripts: challenge pages run scripts (device data, OTP timers, the
//   final post of the result).
// - allow-forms: the shopper's answer and the result are posted by forms.
// - allow-same-origin: the issuer's page keeps its own origin, so its session
//   cookie and its requests to its own server work; and the merchant's return
//   page keeps the merchant's origin, so this module can read where the frame
//   arrived. The pair allow-scripts + allow-same-origin only lets a document
//   lift the sandbox when it is of the embedding page's own origin, which here
//   is only the merchant's own return page.
// Deliberately absent: allow-top-navigation and even
// allow-top-navigation-by-user-activation (a page that tries to break out of
// the frame is stopped, the shop's page and this promise stay; `poll` then
// finishes the challenge from the resource's status), allow-popups (no new
// windows to phish from), allow-modals, allow-downloads and the rest. No
// permissions are delegated (no `allow` attribute): a password or one-time
// code needs none.
export const SANDBOX = "allow-forms allow-scripts allow-same-origin";

const DEFAULT_DEADLINE_MS = 600000;
const MAX_DEADLINE_MS = 2147483647; // setTimeout's limit
const DEFAULT_POLL_MS = 3000;

const TEXT = {
  en: {
    title: "Confirm your payment",
    close: "Close",
    frame: "Your card issuer's authentication page",
    cancelled: "The card's authentication was cancelled.",
    timeout: "The card's authentication was not finished in time.",
    aborted: "The request was cancelled.",
  },
  ja: {
    title: "カード会社の本人認証",
    close: "閉じる",
    frame: "カード会社の本人認証ページ",
    cancelled: "カードの本人認証がキャンセルされました。",
    timeout: "カードの本人認証が時間内に完了しませんでした。",
    aborted: "リクエストはキャンセルされました。",
  },
};

let serial = 0;

function invalid(message) {
  return new TesseraError("integration_error", "invalid_option", message);
}

function absent(value) {
  return value === undefined || value === null;
}

function pageOrigin() {
  return typeof location === "undefined" ? null : location.origin;
}

// An absolute http(s) URL, or null.
function httpUrl(value) {
  if (typeof value !== "string") return null;
  let url;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  return url.protocol === "https:" || url.protocol === "http:" ? url : null;
}

// Checks every argument; returns the settings or throws a TesseraError.
function settings(authenticationUrl, options) {
  const issuerUrl = httpUrl(authenticationUrl);
  if (!issuerUrl) throw invalid("`authenticationUrl` must be an absolute http(s) URL.");
  if (options === null || typeof options !== "object") {
    throw invalid("The options must be an object with at least `returnUrl`.");
  }
  const { returnUrl, mode, container, signal, deadlineMs, locale, poll, pollIntervalMs } = options;

  const back = httpUrl(returnUrl);
  if (!back) throw invalid("Option `returnUrl` must be an absolute http(s) URL.");
  const origin = pageOrigin();
  if (!origin || back.origin !== origin) {
    throw invalid(`Option \`returnUrl\` must be of this page's origin (${origin}).`);
  }

  const chosenMode = absent(mode) ? "dialog" : mode;
  if (chosenMode !== "dialog" && chosenMode !== "redirect") {
    throw invalid('Option `mode` must be "dialog" or "redirect".');
  }

  if (!absent(signal) && !(typeof AbortSignal !== "undefined" && signal instanceof AbortSignal)) {
    throw invalid("Option `signal` must be an AbortSignal.");
  }

  const chosenLocale = absent(locale) ? "en" : locale;
  if (!Object.prototype.hasOwnProperty.call(TEXT, chosenLocale)) throw invalid('Option `locale` must be "en" or "ja".');

  const deadline = absent(deadlineMs) ? DEFAULT_DEADLINE_MS : deadlineMs;
  if (typeof deadline !== "number" || !Number.isFinite(deadline) || deadline <= 0 || deadline > MAX_DEADLINE_MS) {
    throw invalid(`Option \`deadlineMs\` must be a number of milliseconds between 1 and ${MAX_DEADLINE_MS}.`);
  }

  if (!absent(poll) && typeof poll !== "function") throw invalid("Option `poll` must be a function.");
  const interval = absent(pollIntervalMs) ? DEFAULT_POLL_MS : pollIntervalMs;
  if (typeof interval !== "number" || !Number.isFinite(interval) || interval < 10 || interval > MAX_DEADLINE_MS) {
    throw invalid("Option `pollIntervalMs` must be a number of milliseconds of at least 10.");
  }

  let host = null;
  if (chosenMode === "dialog") {
    if (typeof document === "undefined" || typeof HTMLDialogElement === "undefined") {
      throw invalid('The dialog mode needs a browser page with <dialog>; use mode "redirect".');
    }
    host = absent(container) ? document.body : container;
    if (!(host instanceof HTMLElement) || !host.isConnected) {
      throw invalid("Option `container` must be an HTMLElement in this page's document.");
    }
  }

  return {
    issuerUrl: issuerUrl.href,
    returnUrl: back,
    mode: chosenMode,
    container: host,
    signal: absent(signal) ? null : signal,
    deadlineMs: deadline,
    text: TEXT[chosenLocale],
    poll: absent(poll) ? null : poll,
    pollIntervalMs: interval,
  };
}

function aborted(text, signal) {
  const error = new TesseraError("abort_error", "aborted", text.aborted);
  if (signal && signal.reason !== undefined) error.cause = signal.reason;
  return error;
}

/**
 * Shows the issuer's page at `authenticationUrl` and resolves with
 * `{ returnedTo, finishedBy }` when the shopper is done: `finishedBy` is
 * "return" when the frame reached `returnUrl` (`returnedTo` is the URL it
 * reached, query included), or "poll" when `poll()` said the resource is
 * finished (`returnedTo` is then `returnUrl` itself).
 *
 * Options: `returnUrl` (required, of this page's origin), `mode` ("dialog" or
 * "redirect"), `container`, `signal`, `deadlineMs` (default 10 minutes),
 * `locale` ("en" or "ja"), `poll` (async (signal) => boolean, called every
 * `pollIntervalMs`, default 3 s, one call at a time; a rejection counts as
 * "not yet").
 *
 * Rejects with a TesseraError: integration_error / invalid_option for bad
 * arguments, abort_error / three_d_secure_cancelled when the shopper closes the
 * dialog, abort_error / aborted for `signal`, timeout_error / timeout after
 * `deadlineMs`. In redirect mode the page navigates away and the promise never
 * settles.
 */
export async function runChallenge(authenticationUrl, options) {
  const s = settings(authenticationUrl, options);
  if (s.signal?.aborted) throw aborted(s.text, s.signal);
  if (s.mode === "redirect") {
    location.assign(s.issuerUrl);
    return new Promise(() => {});
  }
  return showDialog(s);
}

/**
 * The public form of `runChallenge`, for a challenge the merchant's server
 * started (a saved card's secure token): options `returnUrl`, `mode`,
 * `container`, `signal`, and also `locale` and `deadlineMs`.
 */
export function handleChallenge(authenticationUrl, options) {
  if (options === null || typeof options !== "object") {
    return Promise.reject(invalid("handleChallenge needs an options object with at least `returnUrl`."));
  }
  const { returnUrl, mode, container, signal, locale, deadlineMs } = options;
  return runChallenge(authenticationUrl, { returnUrl, mode, container, signal, locale, deadlineMs });
}

// The dialog, built with createElement/textContent and styled through the
// CSSOM only.
function buildDialog(s) {
  const id = `tessera-challenge-${++serial}-${Math.random().toString(36).slice(2, 8)}`;

  const dialog = document.createElement("dialog");
  dialog.className = "tessera-challenge";
  dialog.setAttribute("aria-labelledby", `${id}-title`);
  dialog.tabIndex = -1;
  dialog.style.setProperty("padding", "1em");
  dialog.style.setProperty("max-width", "calc(100vw - 2em)");
  dialog.style.setProperty("max-height", "calc(100vh - 2em)");
  dialog.style.setProperty("box-sizing", "border-box");

  const header = document.createElement("div");
  header.style.setProperty("display", "flex");
  header.style.setProperty("align-items", "center");
  header.style.setProperty("justify-content", "space-between");
  header.style.setProperty("gap", "1em");
  header.style.setProperty("margin-bottom", "0.75em");

  const heading = document.createElement("h2");
  heading.id = `${id}-title`;
  heading.textContent = s.text.title;
  heading.style.setProperty("margin", "0");
  heading.style.setProperty("font-size", "1.15em");

  const close = document.createElement("button");
  close.type = "button";
  close.className = "tessera-challenge-close";
  close.setAttribute("aria-label", s.text.close);
  close.textContent = "×";
  close.style.setProperty("font-size", "1.4em");
  close.style.setProperty("line-height", "1");
  close.style.setProperty("min-width", "44px");
  close.style.setProperty("min-height", "44px");
  close.style.setProperty("cursor", "pointer");

  const frame = document.createElement("iframe");
  frame.title = s.text.frame;
  // Sandbox and referrer policy before the source, so the first navigation
  // already has them.
  frame.setAttribute("sandbox", SANDBOX);
  frame.setAttribute("referrerpolicy", "no-referrer");
  frame.style.setProperty("display", "block");
  frame.style.setProperty("border", "0");
  frame.style.setProperty("width", "min(420px, calc(100vw - 4em))");
  frame.style.setProperty("height", "min(560px, calc(100vh - 9em))");
  frame.src = s.issuerUrl;

  header.append(heading, close);
  dialog.append(header, frame);
  return { dialog, close, frame };
}

// Where the frame is now, when it is of this page's origin; null otherwise
// (a cross-origin frame's contentDocument is null, so nothing throws or logs).
function sameOriginHref(frame) {
  try {
    const doc = frame.contentDocument;
    return doc ? frame.contentWindow.location.href : null;
  } catch {
    return null;
  }
}

function reachedReturn(href, returnUrl) {
  if (!href) return false;
  let url;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  return url.origin === returnUrl.origin && url.pathname === returnUrl.pathname;
}

function showDialog(s) {
  return new Promise((resolve, reject) => {
    const opener = document.activeElement;
    const { dialog, close, frame } = buildDialog(s);
    const polling = new AbortController();
    let settled = false;
    let deadlineTimer = 0;
    let pollTimer = 0;

    const cleanup = () => {
      clearTimeout(deadlineTimer);
      clearTimeout(pollTimer);
      polling.abort();
      s.signal?.removeEventListener("abort", onAbort);
      dialog.removeEventListener("cancel", onCancel);
      dialog.removeEventListener("close", onClose);
      close.removeEventListener("click", onCancel);
      frame.removeEventListener("load", onLoad);
      if (dialog.open) dialog.close();
      dialog.remove();
      if (opener && opener !== document.body && opener.isConnected && typeof opener.focus === "function") {
        opener.focus();
      }
    };
    const finish = (outcome) => {
      if (settled) return;
      settled = true;
      cleanup();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const cancelled = () => new TesseraError("abort_error", "three_d_secure_cancelled", s.text.cancelled);

    // Escape fires `cancel` (then `close`); the close button; and a close by
    // anything else (say, the browser closing it without `cancel`).
    function onCancel() {
      finish(cancelled());
    }
    function onClose() {
      finish(cancelled());
    }
    function onAbort() {
      finish(aborted(s.text, s.signal));
    }
    function onLoad() {
      const href = sameOriginHref(frame);
      if (reachedReturn(href, s.returnUrl)) finish({ returnedTo: href, finishedBy: "return" });
    }
    const schedulePoll = () => {
      pollTimer = setTimeout(async () => {
        let done = false;
        try {
          done = (await s.poll(polling.signal)) === true;
        } catch {
          done = false;
        }
        if (settled) return;
        if (done) finish({ returnedTo: s.returnUrl.href, finishedBy: "poll" });
        else schedulePoll();
      }, s.pollIntervalMs);
    };

    dialog.addEventListener("cancel", onCancel);
    dialog.addEventListener("close", onClose);
    close.addEventListener("click", onCancel);
    frame.addEventListener("load", onLoad);
    s.signal?.addEventListener("abort", onAbort);
    deadlineTimer = setTimeout(() => finish(new TesseraError("timeout_error", "timeout", s.text.timeout)), s.deadlineMs);
    if (s.poll) schedulePoll();

    try {
      s.container.append(dialog);
      dialog.showModal();
      // Focus on the dialog itself: a screen reader announces its label, and
      // Escape reaches it (keys typed inside the cross-origin frame go to the
      // issuer's page, so there the close button is the way out).
      dialog.focus();
    } catch (error) {
      const failure = invalid(`The challenge dialog could not be shown: ${error && error.message ? error.message : error}`);
      failure.cause = error;
      finish(failure);
    }
  });
}
