// What the shop's server templated into the page: where the payments API is,
// the publishable key, and the order's amount. Read from <meta> tags, so the
// page needs no inline script (it runs under a strict Content-Security-Policy).

function meta(name) {
  const element = document.querySelector(`meta[name="${name}"]`);
  const value = element ? element.content.trim() : "";
  if (!value || value.startsWith("{{")) throw new Error(`checkout: <meta name="${name}"> is missing`);
  return value;
}

/** { apiBase, publishableKey, order: { amount, currency } } */
export function readConfig() {
  const amount = Number(meta("shop-amount"));
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new Error("checkout: <meta name=\"shop-amount\"> is not an amount");
  return {
    apiBase: meta("tessera-api-base"),
    publishableKey: meta("tessera-publishable-key"),
    order: { amount, currency: meta("shop-currency") },
  };
}
