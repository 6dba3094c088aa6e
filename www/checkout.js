// The checkout page's entry (ES module route): load Tessera's WebAssembly,
// then hand the form to the controller. Tokenizers talk to the payments API
// the shop's server named in the page (<meta name="tessera-api-base">).
import init, { Tokenizer } from "/tessera/tessera.js";
import { CheckoutForm } from "./checkout-form.js";
import { readConfig } from "./config.js";
import { initialLocale, t } from "./i18n.js";

async function main() {
  const config = readConfig();
  await init();
  new CheckoutForm({
    config,
    locale: initialLocale(),
    makeTokenizer: (locale) => new Tokenizer({ publishableKey: config.publishableKey, apiBase: config.apiBase, locale }),
  });
  document.documentElement.dataset.ready = "true";
}

main().catch((error) => {
  const status = document.getElementById("status");
  if (status) {
    status.className = "status status--error";
    status.textContent = t(initialLocale(), "status.loadFailed");
  }
  console.error("checkout: the payment form could not start:", error && error.message);
});
