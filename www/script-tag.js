// The checkout through Tessera's script-tag build: a classic script, no
// modules, no bundler; everything comes from the global `Tessera` that
// tessera.iife.js defines. Simpler than the ES-module page (English only),
// same flow: format as you type, validate (a field when it is left, all on
// submit), then the direct route with 3-D Secure — a secure token (the
// issuer's challenge in a dialog when the card needs one; `?challenge=redirect`
// leaves the page instead and resume() finishes on return) — and let the shop
// pay it; the focus stays in the form throughout.
(function () {
  "use strict";

  var BRANDS = { visa: "Visa", master: "Mastercard", jcb: "JCB", american_express: "American Express",
    diners_club: "Diners Club", discover: "Discover" };
  var FIELDS = { name: "cc-name", number: "cc-number", expiry: "cc-exp", verification_value: "cc-csc" };
  var LABELS = { name: "Name on card", number: "Card number", expiry: "Expiry date", verification_value: "Security code" };
  // The payments API's decline_code, said once (the title already says "declined").
  var DECLINES = {
    insufficient_funds: "The card has insufficient funds.",
    exceeded_limit: "The card's limit has been reached.",
    bad_verification_value: "The security code is incorrect.",
    card_expired: "The card has expired.",
    card_not_usable: "This card cannot be used.",
    invalid_number: "The card number is invalid.",
    three_d_secure_failed: "3-D Secure authentication failed.",
  };

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
  var announcer = byId("field-announcer");
  var touched = {}; // fields the shopper has left non-empty (all of them after a submit)
  var shown = {}; // field -> the error message on screen
  var announced = {}; // field -> the error last read out for it, while it stays
  // Dialog (default) or, with ?challenge=redirect, a full-page redirect.
  var challengeMode = new URLSearchParams(location.search).get("challenge") === "redirect" ? "redirect" : "dialog";
  var amountText = new Intl.NumberFormat("en-US", { style: "currency", currency: config.currency }).format(config.amount);

  function setStatus(tone, title, detail, outcome) {
    status.className = "status status--" + tone;
    Object.keys(status.dataset).forEach(function (key) { delete status.dataset[key]; });
    if (outcome) status.dataset.outcome = outcome;
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

  // Security codes are digits only; the caret stays after the digits before it.
  function digitsOnly(input) {
    var caret = input.selectionStart === null ? input.value.length : input.selectionStart;
    var before = input.value.slice(0, caret).replace(/\D/g, "").length;
    var value = input.value.replace(/\D/g, "").slice(0, input.maxLength > 0 ? input.maxLength : undefined);
    if (value === input.value) return;
    input.value = value;
    if (document.activeElement === input) input.setSelectionRange(Math.min(before, value.length), Math.min(before, value.length));
  }

  /**
   * Shows the errors of the fields the shopper has left (or all, after a
   * submit) and clears the fixed ones; returns every error. `announce`: the
   * field just left, whose newly shown error is read out.
   */
  function showErrors(errors, announce) {
    Object.keys(FIELDS).forEach(function (field) {
      var input = byId(FIELDS[field]);
      var found = touched[field] && errors.find(function (error) { return error.field === field; });
      var message = found ? found.message : "";
      if (!message) delete announced[field];
      else if (field === announce && message !== announced[field]) {
        announced[field] = message;
        announcer.textContent = LABELS[field] + ": " + message;
      }
      shown[field] = message;
      byId(FIELDS[field] + "-error").textContent = message;
      input.setAttribute("aria-invalid", String(message !== ""));
      input.closest(".field").classList.toggle("has-error", message !== "");
    });
    return errors;
  }

  function recheck(announce) {
    return showErrors(Tessera.validateCard(card()).errors, announce);
  }

  /** After a submit with errors: every field's error shown, the status says which, the first one has the focus. */
  function showInvalid(errors) {
    Object.keys(FIELDS).forEach(function (field) { touched[field] = true; });
    showErrors(errors);
    var invalid = Object.keys(FIELDS).filter(function (field) { return shown[field]; });
    setStatus("error", "Please check these fields:", invalid.map(function (field) { return LABELS[field]; }).join(", "), "invalid");
    if (invalid.length > 0) byId(FIELDS[invalid[0]]).focus();
  }

  /** Unless a field took it, the focus stays on the status line, just above Pay. */
  function keepFocus() {
    var active = document.activeElement;
    if (!active || active === document.body || active === status) status.focus();
  }

  async function submit(tokenizer) {
    var check = Tessera.validateCard(card());
    if (!check.isValid) {
      showInvalid(check.errors);
      return;
    }
    // Pay is disabled while paying: the status line takes the focus first.
    setStatus("info", "Securing your card details…");
    status.focus();
    button.disabled = true;
    await pay(tokenizer);
    keepFocus();
  }

  /** The secure token's order and where the issuer sends the shopper back. */
  function secureOptions() {
    var returnUrl = challengeMode === "redirect"
      ? location.origin + location.pathname + "?challenge=redirect"
      : location.origin + "/3ds-return.html";
    return { amount: config.amount, currency: config.currency, returnUrl: returnUrl, challenge: { mode: challengeMode } };
  }

  function tokenFailed(error) {
    button.disabled = false;
    if (error instanceof Tessera.TesseraError && error.errors) {
      showInvalid(error.errors);
      return;
    }
    setStatus("error", "The payment did not go through",
      error instanceof Tessera.TesseraError ? error.message : "The payment form failed. Please try again.", "token_error");
    if (error instanceof Tessera.TesseraError) {
      status.dataset.errorType = error.type;
      status.dataset.errorCode = error.code;
    }
  }

  async function pay(tokenizer) {
    var token;
    try {
      token = await tokenizer.createSecureToken(card(), secureOptions());
    } catch (error) {
      tokenFailed(error);
      return;
    }
    await placeOrder(token);
  }

  /** The shop pays the secure token with the secret key (Payment: Create). */
  async function placeOrder(token) {
    setStatus("info", "Confirming your payment…");
    var response;
    var result = null;
    try {
      response = await fetch("/orders", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ token: token.id, amount: config.amount, currency: config.currency }),
      });
      result = await response.json();
    } catch (error) {
      // No response at all is "unreachable"; a response that is not JSON
      // (a proxy's error page) is the shop failing, said with its HTTP status.
      result = null;
    }
    if (result && result.status === "captured" && result.payment) {
      byId("card-fields").disabled = true;
      button.textContent = "Paid";
      button.dataset.phase = "paid";
      setStatus("success", "Payment complete",
        (BRANDS[result.payment.brand] || result.payment.brand) + " ending in " + result.payment.last4 +
        " · " + result.payment.id, "captured");
      return;
    }
    button.disabled = false;
    if (!response) {
      setStatus("error", "The payment did not go through", "We could not reach the shop. Please try again.", "order_error");
      status.dataset.errorCode = "order_unreachable";
    } else if (result && result.status === "declined") {
      setStatus("error", "Your card was declined",
        (DECLINES[result.code] || result.reason) + " Please try another card.", "declined");
    } else {
      var code = result && result.code ? String(result.code) : "http_" + response.status;
      setStatus("error", "The payment did not go through",
        "The shop could not complete the order." + (result && result.message ? " " + result.message : ""), "order_error");
      status.dataset.errorCode = code;
    }
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
      var codeName = byId("cc-csc-name");
      number.addEventListener("input", function (event) {
        var brand = reformat(number, Tessera.cardNumberInput, event.inputType).brand;
        badge.textContent = brand ? brand.niceType : "";
        badge.dataset.brand = brand ? brand.type : "";
        cvc.maxLength = brand ? brand.code.size : 4;
        cvc.placeholder = brand ? brand.code.name : "CVC";
        codeName.textContent = "(" + (brand ? brand.code.name : "CVC") + ")";
      });
      byId(FIELDS.expiry).addEventListener("input", function (event) {
        reformat(event.target, Tessera.expiryInput, event.inputType);
      });
      cvc.addEventListener("input", function () {
        digitsOnly(cvc);
      });
      // An error appearing between mousedown and mouseup would move Pay away
      // and lose the click: errors found on blur wait for the pointer's release.
      var pressed = false;
      var waiting = null;
      document.addEventListener("pointerdown", function () { pressed = true; }, true);
      function release() {
        pressed = false;
        if (!waiting) return;
        var left = waiting;
        waiting = null;
        setTimeout(function () { recheck(left); }, 0);
      }
      document.addEventListener("pointerup", release, true);
      document.addEventListener("pointercancel", release, true);
      Object.keys(FIELDS).forEach(function (field) {
        var input = byId(FIELDS[field]);
        input.addEventListener("blur", function () {
          if (input.value.trim() !== "") touched[field] = true;
          if (pressed) waiting = field;
          else recheck(field);
        });
        // Once a field shows an error, it is re-checked as the shopper fixes it.
        input.addEventListener("input", function () {
          if (touched[field]) recheck();
        });
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!button.disabled) submit(tokenizer);
      });
      document.querySelectorAll("[data-amount]").forEach(function (node) { node.textContent = amountText; });
      button.textContent = "Pay " + amountText;
      button.disabled = false;
      document.documentElement.dataset.ready = "true";
      // Back from the issuer's page (redirect mode): finish the payment. The
      // URL loses the token's ID at once, so a reload does not pay again.
      tokenizer.resume().then(function (token) {
        if (!token) return;
        history.replaceState(null, "", location.pathname + (challengeMode === "redirect" ? "?challenge=redirect" : ""));
        button.disabled = true;
        status.focus();
        return placeOrder(token).then(keepFocus);
      }, function (error) {
        history.replaceState(null, "", location.pathname + (challengeMode === "redirect" ? "?challenge=redirect" : ""));
        tokenFailed(error);
      });
    })
    .catch(function (error) {
      // integration_error: wasm_blocked (the CSP lacks 'wasm-unsafe-eval') or
      // wasm_load_failed (the .wasm is missing, or does not match its hash).
      var tessera = error instanceof Tessera.TesseraError;
      loadFailed(tessera ? error.type : "integration_error", tessera ? error.code : "load_failed");
      console.error("checkout: the payment form could not start:", error && error.code, error && error.message);
    });
})();
