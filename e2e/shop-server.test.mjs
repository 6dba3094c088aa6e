// The shop's server over plain HTTP (no browser): what it serves, what
// POST /orders accepts and refuses, how it reports the payment's outcome, and
// that neither its log nor its stdout ever holds card data.
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, test } from "node:test";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PUBLISHABLE_KEY, ROOT, startStack } from "../scripts/stack.mjs";
import { containsCardNumber, jsonContainsCardNumber, removeCardNumbers } from "../shop/card-data.mjs";
import { createPayment } from "../shop/orders.mjs";
import { startShop } from "../shop/server.mjs";
import { renderTemplate } from "../shop/static.mjs";
import { CVC, DECLINED_INSUFFICIENT_FUNDS, NAME, VISA, futureExpiry } from "./support/cards.mjs";

let stack;
const stdout = [];

before(async () => {
  stack = await startStack({ logLine: (line) => stdout.push(line) });
});

after(async () => {
  await stack?.close();
});

function postOrder(body, contentType = "application/json") {
  return fetch(`${stack.shopUrl}/orders`, {
    method: "POST",
    headers: { "Content-Type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

function rawGetStatus(path) {
  const { hostname, port } = new URL(stack.shopUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: "GET" }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", reject);
    req.end();
  });
}

async function createToken(number) {
  const [month, year] = futureExpiry().shown.split(" / ");
  return createTokenFor({ type: "credit_card", number, month, year, verification_value: CVC, name: NAME });
}

async function createTokenFor(paymentDetails) {
  const response = await fetch(`${stack.sandboxUrl}/api/v1/tokens`, {
    method: "POST",
    headers: {
      Authorization: "Basic " + Buffer.from(`${PUBLISHABLE_KEY}:`).toString("base64"),
      "Content-Type": "application/json",
    },
    body: JSON.stringify({ payment_details: paymentDetails, currency: "JPY" }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()).id;
}

test("card-number detection: grouped or not, in text and in JSON", () => {
  for (const text of [VISA, "4111 1111 1111 1111", "4111-1111-1111-1111", "3782 822463 10005", "x30569309025904y"]) {
    assert.equal(containsCardNumber(text), true, text);
  }
  for (const text of ["4980", "tok_abc123", "2026-11-24T02:15:10.712Z", "123456789012", "12 / 30"]) {
    assert.equal(containsCardNumber(text), false, text);
  }
  assert.equal(jsonContainsCardNumber({ a: [{ b: 4111111111111111 }] }), true);
  assert.equal(jsonContainsCardNumber({ token: "tok_x", amount: 4980, currency: "JPY" }), false);
  assert.equal(removeCardNumbers(`n=${VISA}&x=1`), "n=[card number removed]&x=1");
});

test("serves the pages templated, the package with the right types, and nothing outside them", async () => {
  const page = await fetch(`${stack.shopUrl}/`);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
  const csp = page.headers.get("content-security-policy");
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, new RegExp(`connect-src 'self' ${stack.sandboxUrl}`));
  const html = await page.text();
  assert.ok(html.includes(`<meta name="tessera-api-base" content="${stack.sandboxUrl}">`));
  assert.ok(html.includes('<meta name="tessera-publishable-key" content="pk_test_sandbox">'));
  assert.ok(!html.includes("{{"), "every placeholder is filled");
  assert.ok(!html.includes("sk_test"), "the secret key never reaches a page");
  assert.doesNotMatch(html, /<script>|<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+=/i, "no inline script, style or handler");
  assert.ok(html.includes('<meta name="tessera-timeout-ms" content="">'), "Tessera's own timeout unless the shop sets one");
  // The markup both checkout pages share (shop/partials/), put in and templated.
  const fieldsPage = await (await fetch(`${stack.shopUrl}/fields.html`)).text();
  for (const shared of ['<header class="masthead">', '<li class="line" data-sku="sencha-tasting-set" data-quantity="1">']) {
    assert.ok(html.includes(shared) && fieldsPage.includes(shared), shared);
  }
  assert.match(fieldsPage, /<img class="logo-mark" src="\/assets\/[0-9a-f]{12}\/logo\.svg"/);
  assert.ok(!fieldsPage.includes("{{"), "every placeholder and partial is filled");
  assert.equal(renderTemplate("a{{> x}}b{{v}}", { v: "<" }, { x: "[{{v}}]" }), "a[&#60;]b&#60;", "a partial is itself a template");
  assert.throws(() => renderTemplate("{{> nope}}", {}, {}), /partial "nope" is not defined/);
  assert.throws(() => renderTemplate("{{constructor}}", {}), /value "constructor" is not defined/);
  const scriptTag = await (await fetch(`${stack.shopUrl}/script-tag.html`)).text();
  const { "tessera.iife.js": iifeHash } = JSON.parse(readFileSync(join(ROOT, "dist", "integrity.json"), "utf8"));
  assert.match(scriptTag, new RegExp(`<script src="/assets/[0-9a-f]{12}/tessera/tessera\\.iife\\.js" integrity="${iifeHash.replace(/[+/]/g, "\\$&")}" crossorigin="anonymous" defer>`),
    "the script tag carries the IIFE's Subresource Integrity hash");

  for (const [path, type] of [
    ["/tessera/tessera.js", "text/javascript; charset=utf-8"],
    ["/tessera/tessera_bg.wasm", "application/wasm"],
    ["/tessera/tessera.iife.js", "text/javascript; charset=utf-8"],
    ["/checkout.css", "text/css; charset=utf-8"],
    ["/script-tag.html", "text/html; charset=utf-8"],
  ]) {
    const response = await fetch(stack.shopUrl + path);
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get("content-type"), type, path);
    await response.arrayBuffer();
  }
  // Sent raw: fetch() would normalise the dots away before they left.
  for (const path of ["/../package.json", "/%2e%2e/package.json", "/tessera/..%2f..%2fpackage.json",
    "/tessera/%2e%2e/shop/server.mjs", "/..%5cpackage.json", "/nope.html", "/tessera/"]) {
    assert.equal(await rawGetStatus(path), 404, path);
  }
});

/** The /assets/<version>/… URLs a page names in src= and href=. */
function assetUrls(html) {
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
}

test("versioned assets are cached for a year, the pages and unversioned paths are revalidated", async () => {
  const IMMUTABLE = "public, max-age=31536000, immutable";
  for (const path of ["/", "/script-tag.html"]) {
    const page = await fetch(stack.shopUrl + path);
    assert.equal(page.headers.get("cache-control"), "no-cache", `${path}: the HTML is always revalidated`);
    const urls = assetUrls(await page.text());
    assert.ok(urls.length >= 4, `${path}: ${urls}`);
    assert.equal(new Set(urls.map((url) => url.split("/")[2])).size, 1, "one version for the page");
    for (const url of urls) {
      const response = await fetch(stack.shopUrl + url);
      assert.equal(response.status, 200, url);
      assert.equal(response.headers.get("cache-control"), IMMUTABLE, url);
      // The same bytes as the unversioned path, which is revalidated.
      const plain = await fetch(stack.shopUrl + url.replace(/^\/assets\/[0-9a-f]{12}/, ""));
      assert.equal(plain.headers.get("cache-control"), "no-cache", url);
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), Buffer.from(await plain.arrayBuffer()), url);
    }
  }
  const version = assetUrls(await (await fetch(`${stack.shopUrl}/`)).text())[0].split("/")[2];
  // What the page's modules and the glue load by relative URL: versioned too.
  for (const [path, type] of [["tessera/tessera.js", "text/javascript; charset=utf-8"],
    ["tessera/tessera_glue.js", "text/javascript; charset=utf-8"], ["tessera/tessera_bg.wasm", "application/wasm"],
    ["checkout-form.js", "text/javascript; charset=utf-8"], ["lock.svg", "image/svg+xml"]]) {
    const response = await fetch(`${stack.shopUrl}/assets/${version}/${path}`);
    assert.deepEqual([response.status, response.headers.get("content-type"), response.headers.get("cache-control")],
      [200, type, IMMUTABLE], path);
    await response.arrayBuffer();
  }
  // Another version's URL still works, but is not kept.
  const old = await fetch(`${stack.shopUrl}/assets/000000000000/checkout.css`);
  assert.deepEqual([old.status, old.headers.get("cache-control")], [200, "no-cache"]);
  await old.arrayBuffer();
  for (const path of [`/assets/${version}/index.html`, `/assets/${version}/`, "/assets/checkout.css", "/assets/nothex000000/checkout.css",
    `/assets/${version}/../package.json`, `/assets/${version}/tessera/%2e%2e/%2e%2e/package.json`, `/assets/${version}/nope.js`]) {
    assert.equal(await rawGetStatus(path), 404, path);
  }
});

test("changing any served file changes the version in the page's asset URLs", async () => {
  const root = mkdtempSync(join(tmpdir(), "tessera-shop-root-"));
  cpSync(join(ROOT, "www"), join(root, "www"), { recursive: true });
  const shop = await startShop({ sandboxUrl: stack.sandboxUrl, root, distDir: join(ROOT, "dist"), logLine: () => {} });
  try {
    const versionOf = async () => assetUrls(await (await fetch(`${shop.url}/`)).text())[0].split("/")[2];
    const before = await versionOf();
    assert.equal(await versionOf(), before, "stable while nothing changes");
    assert.equal(before, await (async () => assetUrls(await (await fetch(`${stack.shopUrl}/`)).text())[0].split("/")[2])(),
      "the same files give the same version wherever the shop is installed");
    writeFileSync(join(root, "www", "checkout.css"), readFileSync(join(root, "www", "checkout.css"), "utf8") + "\n/* changed */\n");
    const after = await versionOf();
    assert.notEqual(after, before);
    const stale = await fetch(`${shop.url}/assets/${before}/checkout.css`);
    assert.equal(stale.headers.get("cache-control"), "no-cache", "the old version is no longer cached");
    assert.match(await stale.text(), /\/\* changed \*\//);
    const fresh = await fetch(`${shop.url}/assets/${after}/checkout.css`);
    assert.equal(fresh.headers.get("cache-control"), "public, max-age=31536000, immutable");
    await fresh.arrayBuffer();
  } finally {
    await shop.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test("POST /orders refuses card data, extra fields, wrong types and a price the shop does not sell", async () => {
  const token = "tok_0123456789abcdef";
  const cases = [
    [{ token, amount: 4980, currency: "JPY", number: VISA }, 400, "card_data_refused"],
    [{ token: "4111 1111 1111 1111", amount: 4980, currency: "JPY" }, 400, "card_data_refused"],
    [{ token, amount: 4980, currency: "JPY", note: "4111-1111-1111-1111" }, 400, "card_data_refused"],
    [{ token, amount: 4980, currency: "JPY", verification_value: CVC }, 400, "unexpected_field"],
    [{ token, amount: 4980 }, 400, "missing_field"],
    [[token, 4980, "JPY"], 400, "invalid_order"],
    [{ token: "card_123", amount: 4980, currency: "JPY" }, 422, "invalid_token"],
    [{ token, amount: "4980", currency: "JPY" }, 422, "invalid_amount"],
    [{ token, amount: 4980, currency: "jpy" }, 422, "invalid_currency"],
    [{ token, amount: 1, currency: "JPY" }, 422, "amount_mismatch"],
    ["{not json", 400, "invalid_json"],
  ];
  for (const [body, status, code] of cases) {
    const response = await postOrder(body);
    const answer = await response.json();
    assert.equal(response.status, status, JSON.stringify(body));
    assert.deepEqual({ status: answer.status, code: answer.code }, { status: "error", code }, JSON.stringify(body));
  }
  const form = await postOrder(`token=${token}&amount=4980&currency=JPY`, "application/x-www-form-urlencoded");
  assert.equal(form.status, 415);
  await form.arrayBuffer();
  const get = await fetch(`${stack.shopUrl}/orders`);
  assert.equal(get.status, 405);
  await get.arrayBuffer();

  // The refused card numbers were masked before the shop kept anything.
  const refused = stack.shop.log.entries().filter((e) => e.cardNumberSeen);
  assert.equal(refused.length, 3);
  for (const entry of refused) assert.equal(containsCardNumber(entry.body), false, entry.body);
  assert.equal(JSON.stringify(stack.shop.log.entries()).includes("1111"), false);
  assert.equal((await stack.sandbox.requests()).filter((r) => r.path === "/api/v1/payments").length, 0,
    "no refused order reached the payments API");
});

test("POST /orders pays a real token and reports captures, declines and API errors", async () => {
  const paid = await postOrder({ token: await createToken(VISA), amount: 4980, currency: "JPY" });
  assert.equal(paid.status, 200);
  const capture = await paid.json();
  assert.equal(capture.status, "captured");
  assert.match(capture.payment.id, /^pay_/);
  assert.deepEqual({ brand: capture.payment.brand, last4: capture.payment.last4 }, { brand: "visa", last4: "1111" });

  const declinedToken = await createToken(DECLINED_INSUFFICIENT_FUNDS);
  const declined = await (await postOrder({ token: declinedToken, amount: 4980, currency: "JPY" })).json();
  assert.equal(declined.status, "declined");
  assert.equal(declined.code, "insufficient_funds");
  assert.match(declined.reason, /insufficient funds/);

  // A token works once: the second order with it is the API's error, passed on.
  const reused = await postOrder({ token: declinedToken, amount: 4980, currency: "JPY" });
  const reusedAnswer = await reused.json();
  assert.equal(reusedAnswer.status, "error");
  assert.ok(reused.status >= 400 && reused.status < 500, `HTTP ${reused.status}`);
  assert.equal(typeof reusedAnswer.code, "string");
  assert.ok(reusedAnswer.message.length > 0);

  const unknown = await (await postOrder({ token: "tok_doesnotexist", amount: 4980, currency: "JPY" })).json();
  assert.equal(unknown.status, "error");

  // A konbini token: the payment waits for the shopper at the store, and the
  // page is given the instructions page to link to.
  const konbini = await createTokenFor({ type: "konbini", store: "family-mart", email: "taro@example.com" });
  const placed = await postOrder({ token: konbini, amount: 4980, currency: "JPY" });
  assert.equal(placed.status, 200);
  const authorized = await placed.json();
  assert.equal(authorized.status, "authorized");
  assert.match(authorized.payment.id, /^pay_/);
  assert.deepEqual({ type: authorized.payment.type, store: authorized.payment.store }, { type: "konbini", store: "family-mart" });
  assert.equal(authorized.payment.instructionsUrl, `${stack.sandboxUrl}/__sandbox/konbini/${authorized.payment.id}`);
});

test("an authorized payment is passed on only with an http(s) instructions URL, never a javascript: one", async () => {
  const answer = (instructionsUrl) => async () => new Response(JSON.stringify({
    id: "pay_x", resource: "payment", status: "authorized",
    payment_details: { type: "konbini", store: "lawson", instructions_url: instructionsUrl },
  }), { status: 200, headers: { "Content-Type": "application/json" } });
  const order = { token: "tok_x", amount: 4980, currency: "JPY" };
  const keys = { sandboxUrl: "http://127.0.0.1:9", secretKey: "sk_test_x" };
  const [ok, body] = await createPayment(order, { ...keys, fetchImpl: answer("https://komoju.com/instructions/pay_x") });
  assert.deepEqual([ok, body.status, body.payment.instructionsUrl], [200, "authorized", "https://komoju.com/instructions/pay_x"]);
  for (const bad of ["javascript:alert(1)", "data:text/html,x", "/relative", null]) {
    const [status, refused] = await createPayment(order, { ...keys, fetchImpl: answer(bad) });
    assert.deepEqual([status, refused.code], [502, "unexpected_payment_status"], String(bad));
  }
});

test("stdout has one line per request, method, path and status, and never a body or query", async () => {
  const before = stdout.length;
  const response = await fetch(`${stack.shopUrl}/?number=${VISA}`);
  await response.arrayBuffer();
  // Webhooks from the sandbox (earlier payments) may land meanwhile.
  assert.deepEqual(stdout.slice(before).filter((line) => !line.startsWith("POST /webhooks/komoju ")), ["GET / 200"]);
  for (const line of stdout) {
    assert.match(line, /^[A-Z]+ \/\S* \d{3}$/, line);
    assert.equal(containsCardNumber(line), false, line);
    assert.equal(line.includes(CVC), false, line);
  }
  const entry = stack.shop.log.entries().at(-1);
  assert.equal(entry.cardNumberSeen, true, "the log flags the card number in the query");
  assert.equal(entry.url, "/?number=[card number removed]");

  // The same log over HTTP, for tests in another process; reading it is not logged.
  const overHttp = await (await fetch(`${stack.shopUrl}/__shop/log`)).json();
  assert.deepEqual(overHttp, stack.shop.log.entries());
});
