// Time from navigation to interactive card inputs, one kind per page load
// (bench/lib/fields.mjs opens it in a fresh browser context every run):
//   ?kind=fields     tessera/fields: mountCardFields resolves when the card
//                    frame (served by the sandbox, another origin) is ready
//   ?kind=tessera    Tessera in the page: the ES module's init() done and a
//                    validation answered (the page's own inputs are usable)
//   ?kind=braintree  braintree-web's client.js + hosted-fields.js loaded and
//                    their API present (a lower bound: see bench/lib/fields.mjs)
//   ?kind=braintree-hosted  braintree.hostedFields.create with a sandbox
//                    tokenization key: needs Braintree's servers; records
//                    whether it could start and why not
// The result is window.__result: { ms } (performance.now() at that moment,
// i.e. milliseconds since navigation started) or { error }.
const params = new URLSearchParams(location.search);
const kind = params.get("kind");
const BUILD = params.get("build");

const addScript = (src) => new Promise((ok, fail) => {
  const s = document.createElement("script");
  s.src = src;
  s.onload = ok;
  s.onerror = () => fail(new Error("failed to load " + src));
  document.head.appendChild(s);
});

async function run() {
  if (kind === "fields") {
    const { mountCardFields } = await import("/dist/fields.js");
    await mountCardFields("#card", { publishableKey: "pk_test_sandbox", fieldsUrl: `${params.get("sandbox")}/fields/fields.html` });
  } else if (kind === "tessera") {
    const m = await import("/dist/tessera.js");
    await m.default();
    if (!m.validateCardNumber("4111111111111111").isValid) throw new Error("not ready");
  } else if (kind === "braintree" || kind === "braintree-hosted") {
    await Promise.all([addScript(`${BUILD}/braintree-client.min.js`), addScript(`${BUILD}/braintree-hosted-fields.min.js`)]);
    if (typeof braintree.client.create !== "function" || typeof braintree.hostedFields.create !== "function") throw new Error("not ready");
    if (kind === "braintree-hosted") {
      // Braintree's public documentation's sandbox tokenization key format;
      // the client fetches its configuration from Braintree's gateway first.
      const attempt = braintree.hostedFields.create({
        authorization: "sandbox_g42y39zw_348pk9cgf3bgyw2b",
        fields: { number: { container: "#card" } },
      });
      const timeout = new Promise((_, fail) => setTimeout(() => fail(Object.assign(new Error("no answer within 10 s"), { code: "TIMEOUT" })), 10_000));
      await Promise.race([attempt, timeout]);
    }
  } else {
    throw new Error(`unknown kind ${kind}`);
  }
  return performance.now();
}

run().then(
  (ms) => { window.__result = { ms }; },
  (error) => { window.__result = { error: `${error && error.code ? error.code + ": " : ""}${error && error.message}` }; },
);
