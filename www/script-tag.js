// The checkout through Tessera's script-tag build: a classic script, no
// modules, no bundler; everything comes from the global `Tessera` that
// /tessera/tessera.iife.js defines. Simpler than the ES-module page (English
// only), same flow: format as you type, validate, tokenize, let the shop pay.
(function () {
  "use strict";

  var BRANDS = { visa: "Visa", master: "Mastercard", jcb: "JCB", american_express: "American Express",
    diners_club: "Diners Club", discover: "Discover" };
  var FIELDS = { name: "cc-name", number: "cc-number", expiry: "cc-exp", verification_value: "cc-csc" };

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.content : "";
  }
  function byId(id) {
    return document.getElementById(id);
  }

  var config = {
    apiBase: meta("tessera-api-base"),
    publishableKey: meta("tessera-publishable-key"),
    amount: Number(meta("shop-amount")),
    currency: meta("shop-currency"),
  };
  var form = byId("checkout-form");
  var button = byId("pay-button");
  var status = byId("status");
  var amountText = new Intl.NumberFormat("en-US", { style: "currency", currency: config.currency }).format(config.amount);

  function setStatus(tone, title, detail) {
    status.className = "status status--" + tone;
    Object.keys(status.dataset).forEach(function (key) { delete status.dataset[key]; });
    status.replaceChildren();
    var strong = document.createElement("strong");
    strong.className = "status-title";
    strong.textContent = title;
    status.append(strong);
    if (detail) {
      var line = document.createElement("span");
      line.className = "status-line";
      line.textContent = detail;
      status.append(line);
    }
  }

  // One Tessera call per keystroke: formats, keeps the caret, validates.
  function reformat(input, field, inputType) {
    var result = field(input.value, input.selectionStart, inputType);
    input.value = result.value;
    if (document.activeElement === input) input.setSelectionRange(result.caret, result.caret);
    return result;
  }

  function card() {
    return {
      number: byId(FIELDS.number).value,
      expiry: byId(FIELDS.expiry).value,
      verification_value: byId(FIELDS.verification_value).value,
      name: byId(FIELDS.name).value.trim(),
    };
  }

  function showErrors(errors) {
    Object.keys(FIELDS).forEach(function (field) {
      var input = byId(FIELDS[field]);
      var found = errors.find(function (error) { return error.field === field; });
      byId(FIELDS[field] + "-error").textContent = found ? found.message : "";
      input.setAttribute("aria-invalid", String(Boolean(found)));
      input.closest(".field").classList.toggle("has-error", Boolean(found));
    });
  }

  async function submit(tokenizer) {
    var check = Tessera.validateCard(card());
    showErrors(check.errors);
    if (!check.isValid) {
      setStatus("error", "Please check the highlighted fields.");
      return;
    }
    button.disabled = true;
    setStatus("info", "Securing your card details…");
    try {
      var token = await tokenizer.createToken(card(), { currency: config.currency });
      setStatus("info", "Confirming your payment…");
      var response = await fetch("/orders", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ token: token.id, amount: config.amount, currency: config.currency }),
      });
      var result = await response.json();
      if (result.status === "captured") {
        byId("card-fields").disabled = true;
        button.textContent = "Paid";
        button.dataset.phase = "paid";
        setStatus("success", "Payment complete",
          (BRANDS[result.payment.brand] || result.payment.brand) + " ending in " + result.payment.last4 +
          " · " + result.payment.id);
        return;
      }
      if (result.status === "declined") setStatus("error", "Your card was declined", result.reason);
      else setStatus("error", "The payment did not go through", result.message || result.code);
    } catch (error) {
      if (error instanceof Tessera.TesseraError && error.errors) showErrors(error.errors);
      setStatus("error", "The payment did not go through",
        error instanceof Tessera.TesseraError ? error.message : "We could not reach the shop. Please try again.");
      if (error instanceof Tessera.TesseraError) {
        status.dataset.errorType = error.type;
        status.dataset.errorCode = error.code;
      }
    }
    button.disabled = false;
  }

  function loadFailed(type, code) {
    setStatus("error", "The payment form could not be loaded", "Please reload the page. Error code: " + code);
    status.dataset.outcome = "load_failed";
    status.dataset.errorType = type;
    status.dataset.errorCode = code;
    document.documentElement.dataset.ready = "failed";
  }

  // tessera.iife.js did not run: blocked (its integrity did not match, or the
  // page's policy refused it) or not found.
  if (typeof window.Tessera === "undefined") {
    loadFailed("integration_error", "script_not_loaded");
    console.error("checkout: tessera.iife.js did not load (blocked by its integrity check or the page's policy, or missing)");
    return;
  }

  Tessera.init()
    .then(function () {
      var tokenizer = new Tessera.Tokenizer({ publishableKey: config.publishableKey, apiBase: config.apiBase });
      var number = byId(FIELDS.number);
      var badge = byId("cc-brand");
      var cvc = byId(FIELDS.verification_value);
      number.addEventListener("input", function (event) {
        var brand = reformat(number, Tessera.cardNumberInput, event.inputType).brand;
        badge.textContent = brand ? brand.niceType : "";
        badge.dataset.brand = brand ? brand.type : "";
        cvc.maxLength = brand ? brand.code.size : 4;
        cvc.placeholder = brand ? brand.code.name : "CVC";
      });
      byId(FIELDS.expiry).addEventListener("input", function (event) {
        reformat(event.target, Tessera.expiryInput, event.inputType);
      });
      cvc.addEventListener("input", function () {
        cvc.value = cvc.value.replace(/\D/g, "");
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!button.disabled) submit(tokenizer);
      });
      document.querySelectorAll("[data-amount]").forEach(function (node) { node.textContent = amountText; });
      button.textContent = "Pay " + amountText;
      button.disabled = false;
      document.documentElement.dataset.ready = "true";
    })
    .catch(function (error) {
      // integration_error: wasm_blocked (the CSP lacks 'wasm-unsafe-eval') or
      // wasm_load_failed (the .wasm is missing, or does not match its hash).
      var tessera = error instanceof Tessera.TesseraError;
      loadFailed(tessera ? error.type : "integration_error", tessera ? error.code : "load_failed");
      console.error("checkout: the payment form could not start:", error && error.code, error && error.message);
    });
})();
