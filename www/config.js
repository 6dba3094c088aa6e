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

/** What the page sells, from its order lines (<li data-sku data-quantity>): sent to the shop, which prices it. */
function readItems() {
  const items = [...document.querySelectorAll(".lines [data-sku]")].map((line) => ({
    sku: line.dataset.sku,
    quantity: Number(line.dataset.quantity || "1"),
  }));
  if (items.length === 0 || items.some(({ sku, quantity }) => !sku || !Number.isSafeInteger(quantity) || quantity < 1)) {
    throw new Error("checkout: the order lines have no data-sku / data-quantity");
  }
  return items;
}

/**
 * The 3-D Secure challenge's mode: the dialog (Tessera's default, undefined
 * here), or a full-page redirect with `?challenge=redirect` (the shopper comes
 * back to the shop's return URL, /orders/{id}/complete).
 */
function readChallenge() {
  return new URLSearchParams(location.search).get("challenge") === "redirect" ? { mode: "redirect" } : undefined;
}

/**
 * { apiBase, publishableKey, order: { amount, currency }, items, challenge,
 * pollMs, timeoutMs (or undefined: Tessera's default) }
 */
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
    items: readItems(),
    challenge: readChallenge(),
    pollMs: 2000, // how often a konbini order waiting for payment at the store is read again
    timeoutMs,
  };
}
