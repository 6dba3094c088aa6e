// The checkout form: the payment-method switch (card or konbini), the demo
// account's saved cards and "save this card", inline errors (shown when a
// field is left and on submit, in the chosen language, from Tessera's
// validateDetails; one found on leaving a field is also announced), the
// language switch, and the pay flow (payment.js: the shop's Session paid by
// Tessera, or a saved card) with its status line, which takes the focus while
// paying so that it never falls out of the form, and which follows a konbini
// order until it is paid at the store. Everything is rendered with DOM APIs
// and textContent: the page runs under Trusted Types, so there is no
// innerHTML anywhere.
import { validateDetails } from "./tessera/tessera.js";
import { bindCardInputs } from "./card-inputs.js";
import { fieldErrorMessage, formatAmount, saveLocale, t } from "./i18n.js";
import { invalidStatus, outcomeStatus, progressStatus, renderStatus, tokenErrorStatus } from "./outcome-view.js";
import { METHODS, formField, method as findMethod } from "./payment-methods.js";
import { openSessionOrder, payOrder, payWithSavedCard, watchOrder } from "./payment.js";
import { ShopUnreachable, listCards, saveCard } from "./shop-api.js";

// Outcomes after which the order is placed: the form is locked.
const PLACED = new Set(["captured", "authorized", "paid_at_store", "confirming"]);
// Outcomes the shop may still move by itself (a webhook): the page follows them.
const FOLLOWED = new Set(["authorized", "confirming"]);

function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`checkout: #${id} is missing`);
  return element;
}

export class CheckoutForm {
  #config;
  #makeTokenizer;
  #tokenizers = new Map();
  #locale;
  #method = "card";
  #phase = "ready"; // "ready" | "paying" | "paid"
  #touched = new Set(); // fields the shopper has left (or all of the method's, after a submit)
  #apiErrors = new Map(); // field -> message the payments API gave for it
  #status = null; // (locale) => { tone, title, lines, link, data }
  #order = null; // the Session order being paid ({orderId, sessionId, ...}); kept after a decline
  #savedCards = []; // the demo account's saved cards [{id, label, brand, last4}]
  #savedChoice = "new"; // a saved card's id, or "new"
  #doneLabel = null; // the Pay button's words once placed, when not the method's
  #stopWatching = () => {};
  #inputs = new Map(); // field -> input, every method's
  #shown = new Map(); // field -> the error message on screen
  #announced = new Map(); // field -> the error last read out for it, while it stays
  #form = byId("checkout-form");
  #methodSwitch = byId("method-switch");
  #button = byId("pay-button");
  #buttonLabel = byId("pay-label");
  #statusLine = byId("status");
  #announcer = byId("field-announcer");
  #savedFieldset = byId("saved-cards");
  #savedOptions = byId("saved-card-options");
  #newCard = byId("new-card");
  #saveBox = byId("cc-save");

  /** Resolves once the saved cards are known (the form is usable before). */
  ready;

  /** `makeTokenizer(locale)` builds a Tessera Tokenizer for that locale. */
  constructor({ config, makeTokenizer, locale }) {
    this.#config = config;
    this.#makeTokenizer = makeTokenizer;
    this.#locale = locale;
    for (const { fields } of Object.values(METHODS)) {
      for (const [field, id] of fields) this.#inputs.set(field, byId(id));
    }

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
    let renderWhenReleased = null; // the field whose blur is waiting, or null
    document.addEventListener("pointerdown", () => { pressed = true; }, true);
    const release = () => {
      pressed = false;
      if (!renderWhenReleased) return;
      const left = renderWhenReleased;
      renderWhenReleased = null;
      setTimeout(() => this.#renderErrors({ announce: left }), 0);
    };
    document.addEventListener("pointerup", release, true);
    document.addEventListener("pointercancel", release, true);

    for (const [field, input] of this.#inputs) {
      input.addEventListener("blur", () => {
        if (input.value.trim() !== "") this.#touched.add(field);
        if (pressed) renderWhenReleased = field;
        else this.#renderErrors({ announce: field });
      });
      // A <select> reports its choice with `change`; text inputs with `input`.
      input.addEventListener(input.tagName === "SELECT" ? "change" : "input", () => {
        this.#apiErrors.delete(field);
        if (input.tagName === "SELECT") this.#touched.add(field);
        // Once a field shows an error, it is re-checked as the shopper fixes it.
        if (this.#touched.has(field)) this.#renderErrors();
      });
    }
    for (const radio of this.#methodSwitch.querySelectorAll("input[type=radio]")) {
      radio.addEventListener("change", () => {
        if (radio.checked) this.setMethod(radio.value);
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
    // The browser may restore the radio's state (back/forward): follow it.
    const checked = this.#methodSwitch.querySelector("input[type=radio]:checked");
    this.#method = findMethod(checked && checked.value) ? checked.value : "card";
    this.setLocale(locale);
    this.#setPhase("ready");
    this.ready = this.#loadSavedCards();
  }

  /** GET /account/cards: offers the saved cards (the newest chosen), if any. A failure just offers none. */
  async #loadSavedCards() {
    let answer;
    try {
      answer = await listCards();
    } catch (error) {
      if (error instanceof ShopUnreachable) return;
      throw error;
    }
    const cards = answer.ok && answer.body && Array.isArray(answer.body.cards) ? answer.body.cards : [];
    this.#savedCards = cards.filter((card) => card && typeof card.id === "string" && typeof card.label === "string");
    this.#renderSavedCards();
    if (this.#savedCards.length > 0 && this.#phase === "ready") this.#chooseSaved(this.#savedCards.at(-1).id);
  }

  #renderSavedCards() {
    const option = (value, text, i18nKey) => {
      const label = document.createElement("label");
      label.className = "method-option";
      const radio = document.createElement("input");
      radio.type = "radio";
      radio.name = "saved-card";
      radio.value = value;
      radio.checked = value === this.#savedChoice;
      radio.addEventListener("change", () => {
        if (radio.checked) this.#chooseSaved(value);
      });
      const span = document.createElement("span");
      span.textContent = text;
      if (i18nKey) span.dataset.i18n = i18nKey;
      label.append(radio, span);
      return label;
    };
    this.#savedOptions.replaceChildren(
      ...this.#savedCards.map((card) => option(card.id, card.label)),
      option("new", t(this.#locale, "savedCards.new"), "savedCards.new"),
    );
    this.#setPhase(this.#phase);
  }

  /** Pays with saved card `id`, or with a new card ("new"). */
  #chooseSaved(id) {
    if (this.#phase !== "ready") return;
    this.#savedChoice = id === "new" || this.#savedCards.some((card) => card.id === id) ? id : "new";
    for (const radio of this.#savedOptions.querySelectorAll("input[type=radio]")) {
      radio.checked = radio.value === this.#savedChoice;
    }
    this.#setStatus(null);
    this.#setPhase(this.#phase);
    this.#renderErrors();
  }

  /** The saved card chosen to pay with (card method only), or null. */
  #savedCard() {
    if (this.#method !== "card" || this.#savedChoice === "new") return null;
    return this.#savedCards.find((card) => card.id === this.#savedChoice) ?? null;
  }

  /** Shows the fields of payment method `name` ("card" or "konbini"). */
  setMethod(name) {
    if (!findMethod(name) || this.#phase !== "ready") return;
    this.#method = name;
    for (const radio of this.#methodSwitch.querySelectorAll("input[type=radio]")) radio.checked = radio.value === name;
    this.#setStatus(null); // what was said about the other method no longer applies
    this.#setPhase(this.#phase);
    this.#renderErrors();
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

  /** The method's fields the shopper fills in (none when paying with a saved card). */
  #fields() {
    return this.#savedCard() ? [] : METHODS[this.#method].fields;
  }

  #details() {
    return METHODS[this.#method].details((field) => this.#inputs.get(field).value);
  }

  #tokenizer() {
    if (!this.#tokenizers.has(this.#locale)) this.#tokenizers.set(this.#locale, this.#makeTokenizer(this.#locale));
    return this.#tokenizers.get(this.#locale);
  }

  /**
   * Shows the errors of the method's fields the shopper has left (or all,
   * after submit); returns them all. `announce`: the field just left, whose
   * newly shown error is read out by screen readers (the field itself no
   * longer has the focus, so its description would not be).
   */
  #renderErrors({ announce = null } = {}) {
    const { errors } = this.#savedCard() ? { errors: [] } : validateDetails(this.#details(), { locale: this.#locale });
    for (const [field, id, labelKey] of this.#fields()) {
      const input = this.#inputs.get(field);
      const found = errors.find((error) => error.field === field);
      const message = this.#apiErrors.get(field)
        ?? (this.#touched.has(field) && found ? fieldErrorMessage(this.#locale, found) : "");
      if (message === "") this.#announced.delete(field);
      else if (field === announce && message !== this.#announced.get(field)) {
        this.#announced.set(field, message);
        this.#announcer.textContent = t(this.#locale, "announce.fieldError", { label: t(this.#locale, labelKey), message });
      }
      this.#shown.set(field, message);
      byId(`${id}-error`).textContent = message;
      input.setAttribute("aria-invalid", String(message !== ""));
      input.closest(".field").classList.toggle("has-error", message !== "");
    }
    return errors;
  }

  /** The label keys of the method's fields that have errors, in form order. */
  #invalidLabels(errors) {
    return this.#fields()
      .filter(([field]) => this.#apiErrors.has(field) || errors.some((error) => error.field === field))
      .map(([, , labelKey]) => labelKey);
  }

  /** Focuses the first of the method's fields that shows an error; false when none does. */
  #focusFirstError() {
    const first = this.#fields().find(([field]) => this.#shown.get(field));
    if (!first) return false;
    this.#inputs.get(first[0]).focus();
    return true;
  }

  #setPhase(phase) {
    this.#phase = phase;
    this.#button.disabled = phase !== "ready";
    this.#button.setAttribute("aria-busy", String(phase === "paying"));
    this.#button.dataset.phase = phase;
    this.#methodSwitch.disabled = phase !== "ready";
    for (const [name, { fieldset }] of Object.entries(METHODS)) {
      const shown = name === this.#method;
      const element = byId(fieldset);
      element.hidden = !shown;
      // Hidden fields are disabled too: out of the tab order, never autofilled into.
      element.disabled = !shown || phase === "paid";
    }
    this.#savedFieldset.hidden = this.#savedCards.length === 0;
    this.#savedFieldset.disabled = this.#savedCards.length === 0 || phase !== "ready";
    const saved = this.#savedCard() !== null;
    this.#newCard.hidden = saved;
    for (const [field] of METHODS.card.fields) this.#inputs.get(field).disabled = saved;
    this.#saveBox.disabled = saved;
    this.#renderButton();
  }

  #renderButton() {
    const { payLabel, doneLabel } = METHODS[this.#method];
    const key = { ready: payLabel, paying: "button.paying", paid: this.#doneLabel ?? doneLabel }[this.#phase];
    this.#buttonLabel.textContent = t(this.#locale, key, { amount: this.#amount() });
  }

  #setStatus(status) {
    this.#status = status;
    this.#renderStatus();
  }

  #renderStatus() {
    renderStatus(this.#statusLine, this.#status, this.#locale);
  }

  async #submit() {
    if (this.#phase !== "ready") return;
    const fields = this.#fields();
    for (const [field] of fields) this.#touched.add(field);
    this.#apiErrors.clear();
    const errors = this.#renderErrors();
    if (errors.length > 0) {
      this.#setStatus(invalidStatus(this.#invalidLabels(errors)));
      this.#focusFirstError();
      return;
    }

    // Pay is disabled while paying: the focus moves to the status line first
    // (it says what is happening), rather than falling to <body>. A 3-D
    // Secure dialog gives the focus back to it when it closes.
    const savedCard = this.#savedCard();
    this.#setStatus(progressStatus(savedCard ? "paying" : this.#method === "card" ? "tokenizing" : "tokenizingDetails"));
    this.#statusLine.focus();
    this.#setPhase("paying");
    const onStage = () => this.#setStatus(progressStatus("paying"));
    let outcome;
    let saved = null;
    let orderId = null;
    if (savedCard) {
      outcome = await payWithSavedCard({
        cardId: savedCard.id, items: this.#config.items, locale: this.#locale, onStage,
      });
      orderId = outcome.orderId ?? null;
    } else {
      const details = this.#details();
      if (!this.#order) {
        // What is bought, and the shopper's email when the form has one: never a price or card data.
        const opened = await openSessionOrder({
          items: this.#config.items, email: details.email, expected: this.#config.order,
        });
        if (opened.order) this.#order = opened.order;
        else outcome = opened.failed;
      }
      if (this.#order) {
        orderId = this.#order.orderId;
        outcome = await payOrder({
          tokenizer: this.#tokenizer(), order: this.#order, details, challenge: this.#config.challenge, onStage,
        });
        // A decline or an error leaves the session payable: the next Pay uses it again.
        if (outcome.sessionSpent) this.#order = null;
        if (this.#method === "card" && this.#saveBox.checked && PLACED.has(outcome.kind)) {
          saved = await this.#saveCard(details);
        }
      }
    }
    this.#show(outcome, { saved, orderId });
    // Unless a field with an error took it, the focus stays on the status
    // line, just above Pay: Tab goes to Pay again, Shift+Tab back to the fields.
    const active = document.activeElement;
    if (!active || active === document.body || active === this.#statusLine) this.#statusLine.focus();
  }

  /** Shows `outcome`; an order the shop may still move (konbini, or not yet confirmed) is followed. */
  #show(outcome, { saved = null, orderId = null } = {}) {
    this.#setPhase(PLACED.has(outcome.kind) ? "paid" : "ready");
    if (outcome.kind === "token_error") this.#showTokenError(outcome.error);
    else this.#setStatus(outcomeStatus(outcome, this.#config.order, { saved }));
    this.#stopWatching();
    if (orderId && FOLLOWED.has(outcome.kind)) {
      this.#stopWatching = watchOrder(orderId, {
        current: outcome.kind,
        keepGoing: (kind) => FOLLOWED.has(kind),
        intervalMs: this.#config.pollMs,
        onChange: (next) => {
          if (next.kind === "paid_at_store") this.#doneLabel = "button.paid";
          // The status line is polite live region: the change is read out, the focus stays where it is.
          this.#show(next, { saved, orderId });
        },
      });
    }
  }

  /**
   * "Save this card": a card token (Tessera's createToken) that the shop
   * turns into a Customer (POST /account/cards). Resolves to { label } or
   * { failed: true }; the payment stands either way.
   */
  async #saveCard(details) {
    try {
      const token = await this.#tokenizer().createToken(details, { currency: this.#config.order.currency });
      const answer = await saveCard(token.id);
      const card = answer.ok && answer.body && answer.body.card;
      if (!card || typeof card.label !== "string") return { failed: true };
      this.#savedCards = Array.isArray(answer.body.cards) ? answer.body.cards : [...this.#savedCards, card];
      return { label: card.label };
    } catch {
      return { failed: true };
    }
  }

  #showTokenError(error) {
    if (error && error.type === "validation_error" && Array.isArray(error.errors)) {
      // Tessera checked the details again before sending them; show what it found.
      for (const found of error.errors) this.#touched.add(found.field);
      this.#setStatus(invalidStatus(this.#invalidLabels(this.#renderErrors())));
      this.#focusFirstError();
      return;
    }
    const field = error && error.type === "invalid_request_error" ? formField(error.field, this.#fields()) : null;
    if (field) {
      this.#apiErrors.set(field, error.message);
      this.#renderErrors();
      this.#inputs.get(field).focus();
    }
    this.#setStatus(tokenErrorStatus(error));
  }
}
