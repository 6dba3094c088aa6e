// The checkout form: inline errors (shown when a field is left and on
// submit, in the chosen language), the language switch, and the pay flow with
// its status line. Everything is rendered with DOM APIs and textContent: the
// page runs under Trusted Types, so there is no innerHTML anywhere.
import { validateCard } from "/tessera/tessera.js";
import { bindCardInputs } from "./card-inputs.js";
import { brandName, declineReason, formatAmount, hasMessage, saveLocale, t } from "./i18n.js";
import { pay } from "./payment.js";

// Tessera's field names, in the order the form shows them, and their inputs.
const FIELDS = [
  ["name", "cc-name"],
  ["number", "cc-number"],
  ["expiry", "cc-exp"],
  ["verification_value", "cc-csc"],
];

// The form field an API error's `param` names ("payment_details[number]",
// "payment_details.month", "verification_value", ...), or null.
function formField(param) {
  if (typeof param !== "string") return null;
  const name = param.replace(/^payment_details(?:\.|\[)/, "").replace(/\]$/, "");
  if (name === "month" || name === "year") return "expiry";
  return FIELDS.some(([field]) => field === name) ? name : null;
}

function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`checkout: #${id} is missing`);
  return element;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class CheckoutForm {
  #config;
  #makeTokenizer;
  #tokenizers = new Map();
  #locale;
  #phase = "ready"; // "ready" | "paying" | "paid"
  #touched = new Set();
  #apiErrors = new Map(); // field -> message the payments API gave for it
  #status = null; // (locale) => { tone, title, lines }
  #inputs = new Map();
  #form = byId("checkout-form");
  #fieldset = byId("card-fields");
  #button = byId("pay-button");
  #buttonLabel = byId("pay-label");
  #statusLine = byId("status");

  /** `makeTokenizer(locale)` builds a Tessera Tokenizer for that locale. */
  constructor({ config, makeTokenizer, locale }) {
    this.#config = config;
    this.#makeTokenizer = makeTokenizer;
    this.#locale = locale;
    for (const [field, id] of FIELDS) this.#inputs.set(field, byId(id));

    bindCardInputs({
      number: this.#inputs.get("number"),
      expiry: this.#inputs.get("expiry"),
      cvc: this.#inputs.get("verification_value"),
      brandBadge: byId("cc-brand"),
      codeName: byId("cc-csc-name"),
    }, () => {
      // A new brand changes which security codes are valid.
      if (this.#touched.has("verification_value")) this.#renderErrors();
    });

    // An error that appears while a pointer is pressed would move the Pay
    // button away between mousedown and mouseup, and the click would be lost:
    // errors found on blur wait until the pointer is released.
    let pressed = false;
    let renderWhenReleased = false;
    document.addEventListener("pointerdown", () => { pressed = true; }, true);
    const release = () => {
      pressed = false;
      if (!renderWhenReleased) return;
      renderWhenReleased = false;
      setTimeout(() => this.#renderErrors(), 0);
    };
    document.addEventListener("pointerup", release, true);
    document.addEventListener("pointercancel", release, true);

    for (const [field, input] of this.#inputs) {
      input.addEventListener("blur", () => {
        if (input.value.trim() !== "") this.#touched.add(field);
        if (pressed) renderWhenReleased = true;
        else this.#renderErrors();
      });
      input.addEventListener("input", () => {
        this.#apiErrors.delete(field);
        // Once a field shows an error, it is re-checked as the shopper fixes it.
        if (this.#touched.has(field)) this.#renderErrors();
      });
    }
    this.#form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#submit();
    });
    for (const button of document.querySelectorAll(".lang-switch [data-locale]")) {
      button.addEventListener("click", () => {
        saveLocale(button.dataset.locale);
        this.setLocale(button.dataset.locale);
      });
    }
    this.setLocale(locale);
    this.#setPhase("ready");
  }

  /** Switches every label, amount, error and status message to `locale`. */
  setLocale(locale) {
    this.#locale = locale;
    document.documentElement.lang = locale;
    document.title = t(locale, "page.title");
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(locale, node.dataset.i18n);
    for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
      node.placeholder = t(locale, node.dataset.i18nPlaceholder);
    }
    for (const node of document.querySelectorAll("[data-i18n-aria-label]")) {
      node.setAttribute("aria-label", t(locale, node.dataset.i18nAriaLabel));
    }
    for (const button of document.querySelectorAll(".lang-switch [data-locale]")) {
      button.setAttribute("aria-pressed", String(button.dataset.locale === locale));
    }
    const total = this.#amount();
    for (const node of document.querySelectorAll("[data-amount]")) node.textContent = total;
    this.#renderButton();
    this.#renderErrors();
    this.#renderStatus();
  }

  #amount() {
    return formatAmount(this.#locale, this.#config.order.amount, this.#config.order.currency);
  }

  #card() {
    const value = (field) => this.#inputs.get(field).value;
    return {
      number: value("number"),
      expiry: value("expiry"),
      verification_value: value("verification_value"),
      name: value("name").trim(),
    };
  }

  #tokenizer() {
    if (!this.#tokenizers.has(this.#locale)) this.#tokenizers.set(this.#locale, this.#makeTokenizer(this.#locale));
    return this.#tokenizers.get(this.#locale);
  }

  /** Shows the errors of the fields the shopper has left (or all, after submit); returns them all. */
  #renderErrors() {
    const { errors } = validateCard(this.#card(), { locale: this.#locale });
    for (const [field, input] of this.#inputs) {
      const found = errors.find((error) => error.field === field);
      const message = this.#apiErrors.get(field) ?? (this.#touched.has(field) && found ? found.message : "");
      const slot = byId(`${input.id}-error`);
      slot.textContent = message;
      input.setAttribute("aria-invalid", String(message !== ""));
      input.closest(".field").classList.toggle("has-error", message !== "");
    }
    return errors;
  }

  #setPhase(phase) {
    this.#phase = phase;
    this.#button.disabled = phase !== "ready";
    this.#button.setAttribute("aria-busy", String(phase === "paying"));
    this.#button.dataset.phase = phase;
    this.#fieldset.disabled = phase === "paid";
    this.#renderButton();
  }

  #renderButton() {
    const key = { ready: "button.pay", paying: "button.paying", paid: "button.paid" }[this.#phase];
    this.#buttonLabel.textContent = t(this.#locale, key, { amount: this.#amount() });
  }

  /** `render(locale)` → { tone: "info"|"success"|"error", title, lines }. */
  #setStatus(render) {
    this.#status = render;
    this.#renderStatus();
  }

  #renderStatus() {
    const line = this.#statusLine;
    line.replaceChildren();
    line.className = "status";
    if (!this.#status) return;
    const { tone, title, lines = [] } = this.#status(this.#locale);
    line.classList.add(`status--${tone}`);
    line.append(element("strong", "status-title", title));
    for (const text of lines) line.append(element("span", "status-line", text));
  }

  async #submit() {
    if (this.#phase !== "ready") return;
    for (const [field] of FIELDS) this.#touched.add(field);
    this.#apiErrors.clear();
    const errors = this.#renderErrors();
    if (errors.length > 0) {
      this.#setStatus((locale) => ({ tone: "error", title: t(locale, "status.fixErrors") }));
      const first = FIELDS.find(([field]) => errors.some((error) => error.field === field));
      this.#inputs.get(first[0]).focus();
      return;
    }

    this.#setPhase("paying");
    this.#setStatus((locale) => ({ tone: "info", title: t(locale, "status.tokenizing") }));
    const outcome = await pay({
      tokenizer: this.#tokenizer(),
      card: this.#card(),
      order: this.#config.order,
      onStage: () => this.#setStatus((locale) => ({ tone: "info", title: t(locale, "status.paying") })),
    });
    this.#setPhase(outcome.kind === "captured" ? "paid" : "ready");
    this.#showOutcome(outcome);
  }

  #showOutcome(outcome) {
    const order = this.#config.order;
    switch (outcome.kind) {
      case "captured": {
        const { id, brand, last4 } = outcome.payment;
        this.#setStatus((locale) => ({
          tone: "success",
          title: t(locale, "status.captured"),
          lines: [
            t(locale, "status.capturedDetail", {
              brand: brandName(brand),
              last4,
              amount: formatAmount(locale, order.amount, order.currency),
            }),
            t(locale, "status.paymentId", { id }),
          ],
        }));
        return;
      }
      case "declined":
        this.#setStatus((locale) => ({
          tone: "error",
          title: t(locale, "status.declined"),
          lines: [declineReason(locale, outcome.code, outcome.reason), t(locale, "status.declinedHint")],
        }));
        return;
      case "token_error":
        this.#showTokenError(outcome.error);
        return;
      case "order_unreachable":
        this.#setStatus((locale) => ({ tone: "error", title: t(locale, "status.error"), lines: [t(locale, "error.orderUnreachable")] }));
        return;
      default:
        this.#setStatus((locale) => ({
          tone: "error",
          title: t(locale, "status.error"),
          lines: [t(locale, "error.order"), outcome.message].filter(Boolean),
        }));
    }
  }

  #showTokenError(error) {
    const type = error && typeof error.type === "string" ? error.type : "integration_error";
    if (type === "validation_error" && Array.isArray(error.errors)) {
      // Tessera checked the card again before sending it; show what it found.
      for (const found of error.errors) this.#touched.add(found.field);
      this.#renderErrors();
      this.#setStatus((locale) => ({ tone: "error", title: t(locale, "status.fixErrors") }));
      return;
    }
    const field = type === "invalid_request_error" ? formField(error.field) : null;
    if (field) {
      this.#apiErrors.set(field, error.message);
      this.#renderErrors();
      this.#inputs.get(field).focus();
    }
    const key = hasMessage(`error.${type}`) ? `error.${type}` : "error.api_error";
    this.#setStatus((locale) => ({ tone: "error", title: t(locale, "status.error"), lines: [t(locale, key)] }));
  }
}
