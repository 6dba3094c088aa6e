// The checkout page's entry (ES module route): load Tessera's WebAssembly,
// then hand the form to the controller. Tokenizers talk to the payments API
// the shop's server named in the page (<meta name="tessera-api-base">).
import init, { Tokenizer } from "./tessera/tessera.js";
import { CheckoutForm } from "./checkout-form.js";
import { readConfig } from "./config.js";
import { initialLocale } from "./i18n.js";
import { loadFailedStatus, renderStatus } from "./outcome-view.js";

async function main() {
  const config = readConfig();
  await init();
  const form = new CheckoutForm({
    config,
    locale: initialLocale(),
    makeTokenizer: (locale) => new Tokenizer({
      publishableKey: config.publishableKey,
      apiBase: config.apiBase,
      locale,
      ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    }),
  });
  await form.ready; // the saved cards are offered
  document.documentElement.dataset.ready = "true";
}

main().catch((error) => {
  // E.g. integration_error / wasm_blocked when the page's CSP lacks
  // 'wasm-unsafe-eval': say so on the page (with the code, for the shop's
  // support) rather than leave a form that never becomes ready.
  const status = document.getElementById("status");
  if (status) renderStatus(status, loadFailedStatus(error), initialLocale());
  document.documentElement.dataset.ready = "failed";
  console.error("checkout: the payment form could not start:", error && error.code, error && error.message);
});
