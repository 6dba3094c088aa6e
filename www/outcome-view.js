// What the status line says about a payment attempt or a failure to start,
// in either language. Each function returns a status: `(locale) => { tone,
// title, lines, link?, data }`, re-rendered when the language changes. `data`
// becomes data-* attributes of the status line (outcome, error type and
// code), so what happened can be read without parsing the words.
import { brandName, declineReason, formatAmount, hasMessage, paymentStatus, storeName, t } from "./i18n.js";

/** `value` when it is an absolute http(s) URL, else null: never a javascript: link. */
export function safeHttpUrl(value) {
  try {
    const url = new URL(String(value));
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Shown while the attempt runs: `stage` is "tokenizing", "tokenizingDetails", "paying" or "confirming". */
export function progressStatus(stage) {
  return (locale) => ({ tone: "info", title: t(locale, `status.${stage}`), data: { outcome: "pending" } });
}

/** The form has errors of its own: nothing was sent. `labelKeys`: the i18n keys of the fields to check, in form order. */
export function invalidStatus(labelKeys = []) {
  return (locale) => ({
    tone: "error",
    title: t(locale, "status.fixErrors"),
    lines: labelKeys.length > 0 ? [labelKeys.map((key) => t(locale, key)).join(t(locale, "list.separator"))] : [],
    data: { outcome: "invalid" },
  });
}

/** A TesseraError from createToken (any type but validation_error), as the shopper should read it. */
export function tokenErrorStatus(error) {
  const type = error && typeof error.type === "string" ? error.type : "integration_error";
  const code = error && typeof error.code === "string" ? error.code : "unknown";
  const offline = type === "api_connection_error" && typeof navigator !== "undefined" && navigator.onLine === false;
  const key = offline ? "error.offline"
    : hasMessage(`error.${code}`) ? `error.${code}`
      : hasMessage(`error.${type}`) ? `error.${type}` : "error.api_error";
  const retryAfter = Number.isFinite(error?.retryAfter) && error.retryAfter > 0 ? error.retryAfter : null;
  return (locale) => ({
    tone: "error",
    title: t(locale, "status.error"),
    lines: [t(locale, key), retryAfter && t(locale, "error.retryAfter", { seconds: retryAfter })].filter(Boolean),
    data: { outcome: "token_error", errorType: type, errorCode: code },
  });
}

/** Tessera (or the page) could not start: e.g. integration_error / wasm_blocked under a strict CSP. */
export function loadFailedStatus(error) {
  const type = error && typeof error.type === "string" ? error.type : "integration_error";
  const code = error && typeof error.code === "string" ? error.code : "load_failed";
  return (locale) => ({
    tone: "error",
    title: t(locale, "status.loadFailed"),
    lines: [t(locale, "status.errorCode", { code })],
    data: { outcome: "load_failed", errorType: type, errorCode: code },
  });
}

/**
 * The outcome of an attempt (payment.js) other than a token error. `saved`:
 * what became of "save this card" ({ label } once saved, { failed: true }
 * when it could not be), or null.
 */
export function outcomeStatus(outcome, order, { saved = null } = {}) {
  const amount = (locale) => formatAmount(locale, order.amount, order.currency);
  const savedLine = (locale) => {
    if (!saved) return [];
    return [saved.failed ? t(locale, "status.saveFailed") : t(locale, "status.saved", { label: saved.label })];
  };
  switch (outcome.kind) {
    case "captured": {
      const { id, brand, last4 } = outcome.payment;
      return (locale) => ({
        tone: "success",
        title: t(locale, "status.captured"),
        lines: [
          t(locale, "status.capturedDetail", { brand: brandName(brand), last4, amount: amount(locale) }),
          t(locale, "status.paymentId", { id }),
          ...savedLine(locale),
        ],
        data: { outcome: "captured", paymentStatus: "captured" },
      });
    }
    case "paid_at_store": {
      const { id, store } = outcome.payment;
      return (locale) => ({
        tone: "success",
        title: t(locale, "status.paidAtStore"),
        lines: [
          t(locale, "status.paidAtStoreDetail", { store: storeName(locale, store), amount: amount(locale) }),
          t(locale, "status.paymentStatus", { status: paymentStatus(locale, "captured") }),
          t(locale, "status.paymentId", { id }),
        ],
        data: { outcome: "captured", paymentStatus: "captured" },
      });
    }
    case "confirming":
      return (locale) => ({
        tone: "info",
        title: t(locale, "status.confirming"),
        lines: [t(locale, "status.confirmingDetail")],
        data: { outcome: "confirming" },
      });
    case "ended":
      return (locale) => ({
        tone: "error",
        title: t(locale, "status.error"),
        lines: [t(locale, "status.ended"), t(locale, "status.paymentStatus", { status: paymentStatus(locale, outcome.status) })],
        data: { outcome: "ended", paymentStatus: outcome.status },
      });
    case "authorized": {
      const { id, store, instructionsUrl } = outcome.payment;
      return (locale) => ({
        tone: "success",
        title: t(locale, "status.authorized"),
        lines: [
          t(locale, "status.authorizedDetail", { store: storeName(locale, store), amount: amount(locale) }),
          t(locale, "status.paymentStatus", { status: paymentStatus(locale, "authorized") }),
          t(locale, "status.paymentId", { id }),
        ],
        link: { href: instructionsUrl, text: t(locale, "status.instructions") },
        data: { outcome: "authorized", paymentStatus: "authorized" },
      });
    }
    case "declined":
      return (locale) => ({
        tone: "error",
        title: t(locale, "status.declined"),
        lines: [declineReason(locale, outcome.code, outcome.reason), t(locale, "status.declinedHint")],
        data: { outcome: "declined" },
      });
    case "order_unreachable":
      return (locale) => ({
        tone: "error",
        title: t(locale, "status.error"),
        lines: [t(locale, "error.orderUnreachable")],
        data: { outcome: "order_error", errorCode: "order_unreachable" },
      });
    default:
      return (locale) => ({
        tone: "error",
        title: t(locale, "status.error"),
        lines: [t(locale, "error.order"), outcome.message].filter(Boolean),
        data: { outcome: "order_error", errorCode: outcome.code },
      });
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Renders `status` (or nothing, for null) in `locale` into the status line. DOM APIs only: no innerHTML. */
export function renderStatus(line, status, locale) {
  line.replaceChildren();
  line.className = "status";
  for (const key of Object.keys(line.dataset)) delete line.dataset[key];
  if (!status) return;
  const { tone, title, lines = [], link = null, data = {} } = status(locale);
  line.classList.add(`status--${tone}`);
  for (const [key, value] of Object.entries(data)) if (value) line.dataset[key] = value;
  line.append(element("strong", "status-title", title));
  for (const text of lines) line.append(element("span", "status-line", text));
  const href = link && safeHttpUrl(link.href);
  if (href) {
    const anchor = element("a", "status-link", link.text);
    anchor.href = href;
    anchor.target = "_blank";
    anchor.rel = "noopener noreferrer";
    line.append(anchor);
  }
}
