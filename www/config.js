// What the shop's server templated into the page: where the payments API is,
// the publishable key, the order's amount and, optionally, the Tokenizer's
// timeout. Read from <meta> tags, so the page needs no inline script (it runs
// under a strict Content-Security-Policy).

function meta(name, { optional = false } = {}) {
  const element = document.querySelector(`meta[name="${name}"]`);
  const value = element ? element.content.trim() : "";
  if (value.startsWith("{{")) throw new Error(`checkout: <meta name="${name}"> was not filled in`);
  if (!value && !optional) throw new Error(`checkout: <meta name="${name}"> is missing`);
  return value;
}

/** { apiBase, publishableKey, order: { amount, currency }, timeoutMs (or undefined: Tessera's default) } */
export function readConfig() {
  const amount = Number(meta("shop-amount"));
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new Error("checkout: <meta name=\"shop-amount\"> is not an amount");
  const timeout = meta("tessera-timeout-ms", { optional: true });
  const timeoutMs = timeout === "" ? undefined : Number(timeout);
  if (timeoutMs !== undefined && !(Number.isSafeInteger(timeoutMs) && timeoutMs > 0)) {
    throw new Error("checkout: <meta name=\"tessera-timeout-ms\"> is not a number of milliseconds");
  }
  return {
    apiBase: meta("tessera-api-base"),
    publishableKey: meta("tessera-publishable-key"),
    order: { amount, currency: meta("shop-currency") },
    timeoutMs,
  };
}
