// The card-fields checkout (fields.html): Tessera's isolated card fields
// (tessera/fields) in a frame of the payment provider's origin, so this page
// never holds the card; it gets completeness, errors and a token, and pays
// the shop's POST /orders with the token exactly as the other pages do
// (payment.js). Cards go the direct route with 3-D Secure, as on the
// script-tag page: the frame makes a secure token (the issuer's challenge,
// when the card needs one, shows in a dialog of this page, and comes back to
// /3ds-return.html), then the shop pays the stok_ ID with Payment: Create.
// No WebAssembly runs in this page.
import { mountCardFields } from "./tessera/fields.js";
import { readConfig } from "./config.js";
import { LOCALES, formatAmount, initialLocale, saveLocale, t } from "./i18n.js";
import { invalidStatus, loadFailedStatus, outcomeStatus, progressStatus, renderStatus, tokenErrorStatus } from "./outcome-view.js";
import { pay } from "./direct-payment.js";

// This page's own words; the rest are the checkout's (i18n.js).
const WORDS = {
  en: {
    "fields.label": "Card, in a secure frame",
    "fields.reassurance": "Your card is typed into a frame of the payment service: this page and its scripts cannot read it. This shop only ever receives a one-time token.",
    "fields.footer": "The same checkout with the card inputs on the page",
  },
  ja: {
    "fields.label": "カード（安全な入力欄）",
    "fields.reassurance": "カード情報は決済サービスの入力欄に入力され、このページやそのスクリプトからは読み取れません。当店が受け取るのは一度限りのトークンだけです。",
    "fields.footer": "カード入力欄をページ内に置いた同じお支払いページ",
  },
};
const say = (locale, key, params) => WORDS[locale]?.[key] ?? t(locale, key, params);

// The frame's inputs drawn like the shop's own (checkout.css).
const STYLE = {
  base: {
    fontFamily: 'system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans JP", sans-serif',
    fontSize: "16px",
    color: "#1d2622",
    backgroundColor: "#ffffff",
    borderColor: "#848b86",
    borderRadius: "8px",
    "::placeholder": { color: "#6b746f" },
  },
  focus: { borderColor: "#2e5e4e" },
  invalid: { color: "#b3261e", borderColor: "#b3261e" },
};

// The frame's field names → the checkout's label keys (for "Please check these fields").
const LABELS = { number: "label.number", expiry: "label.expiry", cvc: "label.cvc", name: "label.name" };

const status = document.getElementById("status");
const button = document.getElementById("pay-button");
const payLabel = document.getElementById("pay-label");
let locale = initialLocale();
let shown = null; // the status on screen, re-rendered when the language changes
let phase = "loading"; // loading | ready | paying | paid | failed

function show(next) {
  shown = next;
  renderStatus(status, shown, locale);
}

function render(config) {
  document.documentElement.lang = locale;
  document.title = t(locale, "page.title");
  for (const element of document.querySelectorAll("[data-i18n]")) element.textContent = say(locale, element.dataset.i18n);
  for (const element of document.querySelectorAll("[data-i18n-aria-label]")) element.setAttribute("aria-label", say(locale, element.dataset.i18nAriaLabel));
  for (const element of document.querySelectorAll("[data-amount]")) element.textContent = formatAmount(locale, config.order.amount, config.order.currency);
  for (const switcher of document.querySelectorAll("[data-locale]")) switcher.setAttribute("aria-pressed", String(switcher.dataset.locale === locale));
  const key = { loading: "button.loading", paying: "button.paying", paid: "button.paid" }[phase] ?? "button.pay";
  payLabel.textContent = t(locale, key, { amount: formatAmount(locale, config.order.amount, config.order.currency) });
  if (shown) renderStatus(status, shown, locale);
}

async function main() {
  const config = readConfig();
  const fieldsUrl = document.querySelector('meta[name="tessera-fields-url"]').content;
  render(config);
  let fields;
  try {
    fields = await mountCardFields("#card-frame", { publishableKey: config.publishableKey, fieldsUrl, locale, style: STYLE });
  } catch (error) {
    phase = "failed";
    show(loadFailedStatus(error));
    document.documentElement.dataset.ready = "failed";
    console.error("checkout: the card fields could not start:", error && error.code, error && error.message);
    return;
  }
  phase = "ready";
  button.disabled = false;
  render(config);

  for (const switcher of document.querySelectorAll("[data-locale]")) {
    switcher.addEventListener("click", () => {
      if (!LOCALES.includes(switcher.dataset.locale) || switcher.dataset.locale === locale) return;
      locale = switcher.dataset.locale;
      saveLocale(locale);
      fields.setLocale(locale);
      render(config);
    });
  }

  // The frame stands for the card to the shop's payment flow: the secure
  // token is made in the frame, with the card the page never sees.
  const tokenizer = {
    createToken: (_details, options) =>
      fields.createSecureToken({ amount: config.order.amount, currency: options.currency, returnUrl: `${location.origin}/3ds-return.html` }),
  };
  document.getElementById("fields-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (phase !== "ready") return;
    phase = "paying";
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    render(config);
    show(progressStatus("tokenizing"));
    const outcome = await pay({ tokenizer, details: null, order: config.order, onStage: (stage) => show(progressStatus(stage)) });
    button.removeAttribute("aria-busy");
    if (outcome.kind === "token_error" && outcome.error && outcome.error.type === "validation_error") {
      // The frame shows each error by its field and focuses the first.
      const fieldsWithErrors = (outcome.error.errors ?? []).map((e) => LABELS[e.field]).filter(Boolean);
      show(invalidStatus([...new Set(fieldsWithErrors)]));
    } else {
      show(outcome.kind === "token_error" ? tokenErrorStatus(outcome.error) : outcomeStatus(outcome, config.order));
      status.focus();
    }
    if (outcome.kind === "captured") {
      phase = "paid";
      button.dataset.phase = "paid";
    } else {
      phase = "ready";
      button.disabled = false;
    }
    render(config);
  });
  document.documentElement.dataset.ready = "true";
}

main().catch((error) => {
  phase = "failed";
  show(loadFailedStatus(error));
  document.documentElement.dataset.ready = "failed";
  console.error("checkout: the payment form could not start:", error && error.code, error && error.message);
});
