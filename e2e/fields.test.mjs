// Isolated card fields (issue 14), end to end in Chromium against the real
// sandbox serving the frame page (dist/fields/) from its own origin, and a
// merchant page (e2e/fixtures/fields/www/) served by the shop under a strict
// CSP: a checkout through the frame; a hostile script on the merchant's page
// that finds neither the number nor the code; messages of other origins
// ignored on both sides; the frame refusing a page it is not configured for
// (frame-ancestors, and its own script check); events, resizing, the keyboard,
// the locale; SRI tampering of the frame's script and .wasm refused.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launchBrowser, openPage } from "./support/browser.mjs";
import { CVC, NAME, VISA, futureExpiry, grouped } from "./support/cards.mjs";
import { FIELDS_DIR, serveFieldsWithoutFrameAncestors, startFieldsStack, startMerchant } from "./support/fields-stack.mjs";
import { assertNoCardIn, hostile } from "./support/hostile.mjs";
import { serveDirectory } from "./support/static-server.mjs";

const expiry = futureExpiry();
const work = mkdtempSync(join(tmpdir(), "tessera-fields-"));

/** A copy of dist/fields/ with `file` changed by `change(bytes)` (fields.html and its hashes untouched). */
function tamperedFields(name, file, change) {
  const dir = join(work, name);
  cpSync(FIELDS_DIR, dir, { recursive: true });
  writeFileSync(join(dir, file), change(readFileSync(join(dir, file))));
  return dir;
}

/** A valid module that compiles the same, with a custom section appended: only its hash differs. */
function withCustomSection(wasm) {
  const name = Buffer.from("tampered");
  const body = Buffer.concat([Buffer.from([name.length]), name, Buffer.from("not the build's bytes")]);
  return Buffer.concat([wasm, Buffer.from([0, body.length]), body]);
}

let stack;
let elsewhere; // a shop on an origin the frame is not configured for
let evil; // a static page of a third origin
let browser;

before(async () => {
  const badScript = tamperedFields("script", "fields.js", (js) => Buffer.concat([js, Buffer.from("\n;window.__tampered=true;\n")]));
  const badWasm = tamperedFields("wasm", "tessera_bg.wasm", withCustomSection);
  const evilDir = join(work, "evil");
  cpSync(join(FIELDS_DIR, "..", "..", "e2e", "fixtures", "fields", "www", "favicon.svg"), join(evilDir, "favicon.svg"));
  writeFileSync(join(evilDir, "index.html"), "<!doctype html><title>Another origin</title><p>Another origin</p>\n");
  [stack, browser, evil] = await Promise.all([startFieldsStack({ more: [badScript, badWasm] }), launchBrowser(), serveDirectory(evilDir)]);
  elsewhere = await startMerchant({ sandboxUrl: stack.sandboxUrl });
});

after(async () => {
  await browser?.close();
  await Promise.all([stack?.close(), elsewhere?.close(), evil?.close()]);
  rmSync(work, { recursive: true, force: true });
});

const frameOf = (page) => page.frameLocator("#card iframe");

async function mounted(url, options) {
  const page = await openPage(browser, options);
  await page.goto(url);
  await page.waitForFunction(() => /^(ready|mount failed)/.test(document.getElementById("status").textContent), null, { timeout: 20_000 });
  return page;
}

async function typeInFrame(page, { number, expiry: exp, cvc, name }) {
  const frame = frameOf(page);
  if (number !== undefined) await frame.locator("#tf-number").pressSequentially(number);
  if (exp !== undefined) await frame.locator("#tf-expiry").pressSequentially(exp);
  if (cvc !== undefined) await frame.locator("#tf-cvc").pressSequentially(cvc);
  if (name !== undefined) await frame.locator("#tf-name").pressSequentially(name);
}

async function paid(page) {
  await page.waitForFunction(() => !["ready", "paying"].includes(document.getElementById("status").textContent), null, { timeout: 20_000 });
  return page.textContent("#status");
}

const events = (page) => page.evaluate(() => window.__events);

/** The frame of `page` whose URL matches `url`, once it is attached. */
async function frameByUrl(page, url) {
  for (let i = 0; i < 200; i++) {
    const frame = page.frames().find((f) => (typeof url === "string" ? f.url() === url : url.test(f.url())));
    if (frame) return frame;
    await page.waitForTimeout(25);
  }
  throw new Error(`no frame at ${url}`);
}

test("a checkout through the frame: the token is made in the frame's origin and the order is paid, with zero CSP violations on both pages", async () => {
  const page = await mounted(`${stack.shopUrl}/`);
  assert.equal(await page.textContent("#status"), "ready");
  // The page's policy and the frame's, as served.
  const pagePolicy = (await fetch(`${stack.shopUrl}/`)).headers.get("content-security-policy");
  assert.match(pagePolicy, new RegExp(`frame-src ${stack.sandboxUrl}`));
  const framePolicy = (await fetch(`${stack.sandboxUrl}/fields/fields.html`)).headers.get("content-security-policy");
  assert.equal(framePolicy, `default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' ${stack.sandboxUrl}; `
    + `style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors ${stack.shopUrl}; `
    + "require-trusted-types-for 'script'; trusted-types 'none'");

  const before = (await stack.sandbox.requests()).length;
  await typeInFrame(page, { number: VISA, expiry: expiry.typed, cvc: CVC, name: NAME });
  assert.equal(await frameOf(page).locator("#tf-number").inputValue(), grouped(VISA), "formatted in the frame");
  assert.equal(await frameOf(page).locator("#tf-expiry").inputValue(), expiry.shown);
  await page.click("#pay");
  assert.equal(await paid(page), "paid 1111");

  const tokens = (await stack.sandbox.requests()).slice(before).filter((r) => r.method === "POST" && r.path === "/api/v1/tokens");
  assert.equal(tokens.length, 1);
  assert.equal(tokens[0].origin, stack.sandboxUrl, "the card was posted by the frame, from the provider's origin");
  assert.equal(tokens[0].status, 200);
  // The merchant's server saw a token only.
  const orders = stack.shop.log.entries().filter((e) => e.url === "/orders");
  assert.equal(orders.length, 1);
  assert.deepEqual(Object.keys(JSON.parse(orders[0].body)).sort(), ["amount", "currency", "token"]);
  assert.deepEqual(page.violations, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a hostile script on the merchant's page, there before the fields mount, finds neither the number nor the code while the shopper types and pays", async () => {
  const page = await mounted(`${stack.shopUrl}/`, { init: hostile });
  await typeInFrame(page, { number: VISA, expiry: expiry.typed, cvc: CVC, name: NAME });
  await page.focus("#pay");
  await page.keyboard.press("Enter");
  assert.equal(await paid(page), "paid 1111", "the payment succeeds");
  await page.evaluate(() => window.__scan());
  const loot = await page.evaluate(() => window.__loot);
  // The skimmer did work: it saw the frame's messages and the order's request.
  assert.ok(loot.some((l) => l.startsWith("port onmessage") && l.includes('"type":"change"')), "it read the frame's change messages");
  assert.ok(loot.some((l) => l.startsWith("fetch") && l.includes("/orders") && l.includes("tok_")), "it read the order request");
  assert.ok(loot.some((l) => l.startsWith("event keydown")), "it heard the page's own keys (Enter on Pay)");
  assert.ok(loot.some((l) => l.startsWith("frame document refused") || l.startsWith("frame location refused")), "it tried the frame");
  // …and found no card.
  assertNoCardIn(loot, { number: VISA, cvc: CVC });
  assert.ok(loot.length > 100, `the skimmer collected ${loot.length} items`);
  assert.deepEqual(page.violations, []);
  await page.context().close();
});

test("events: ready, focus and blur per field, change with brand, completeness and errors; the frame grows when an error appears", async () => {
  const page = await mounted(`${stack.shopUrl}/`);
  const frame = frameOf(page);
  const iframeHeight = () => page.evaluate(() => document.querySelector("#card iframe").getBoundingClientRect().height);
  const start = await iframeHeight();
  assert.ok(start > 100, `the frame was given its height (${start}px)`);
  assert.deepEqual((await events(page))[0], ["ready", {}]);

  await frame.locator("#tf-number").pressSequentially("4111111111111112"); // fails Luhn
  await frame.locator("#tf-expiry").focus();
  await page.waitForFunction(() => window.__events.some(([e, d]) => e === "change" && d.errors.length > 0));
  const changes = (await events(page)).filter(([e]) => e === "change").map(([, d]) => d);
  assert.ok(changes.some((c) => c.brand === "visa" && !c.complete && !c.empty), "brand as typed");
  const last = changes.at(-1);
  assert.deepEqual(last.errors.map((e) => [e.field, e.code]), [["number", "invalid_number"]]);
  assert.equal(last.errors[0].message, "Your card number is invalid.");
  assert.deepEqual((await events(page)).filter(([e]) => e === "focus" || e === "blur").map(([e, d]) => `${e}:${d.field}`),
    ["focus:number", "blur:number", "focus:expiry"]);
  // The error is tied to its input and announced; the parent resized the frame.
  assert.equal(await frame.locator("#tf-number").getAttribute("aria-invalid"), "true");
  assert.equal(await frame.locator("#tf-number").getAttribute("aria-describedby"), "tf-number-error");
  assert.equal(await frame.locator("#tf-number-error").getAttribute("aria-live"), "polite");
  await page.waitForFunction((h) => document.querySelector("#card iframe").getBoundingClientRect().height > h, start);
  const grown = await iframeHeight();
  const content = await frame.locator("body").evaluate((b) => Math.ceil(b.getBoundingClientRect().height));
  assert.equal(grown, content, "the iframe is exactly as tall as the frame's content");

  // Fixed: the error goes, and the frame shrinks back.
  await frame.locator("#tf-number").fill("");
  await frame.locator("#tf-number").pressSequentially(VISA);
  await frame.locator("#tf-expiry").pressSequentially(expiry.typed);
  await frame.locator("#tf-cvc").pressSequentially(CVC);
  await frame.locator("#tf-name").pressSequentially(NAME);
  await page.waitForFunction(() => window.__events.at(-1)[0] === "change" && window.__events.at(-1)[1].complete);
  assert.deepEqual((await events(page)).at(-1)[1], { complete: true, empty: false, brand: "visa", errors: [] });
  await page.waitForFunction((h) => document.querySelector("#card iframe").getBoundingClientRect().height === h, start);

  // clear() empties the frame and says so.
  await page.evaluate(() => window.__fields.clear());
  await page.waitForFunction(() => window.__events.at(-1)[0] === "change" && window.__events.at(-1)[1].empty);
  assert.equal(await frame.locator("#tf-number").inputValue(), "");
  // createToken with nothing typed: every error shown, no request.
  const before = (await stack.sandbox.requests()).length;
  const failure = await page.evaluate(() => window.__fields.createToken({ currency: "JPY" }).then(() => null, (e) => ({ type: e.type, code: e.code, field: e.field, fields: e.errors.map((x) => x.field), isError: e.name })));
  assert.deepEqual(failure, { type: "validation_error", code: failure.code, field: "number", fields: ["number", "expiry", "cvc", "name"], isError: "TesseraError" });
  assert.equal((await stack.sandbox.requests()).length, before, "no request while invalid");
  assert.equal(await frame.locator("#tf-number").evaluate((el) => el === document.activeElement), true, "the first invalid field is focused");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("keyboard: Tab goes from the page into the frame's fields in order and back out; a <label for> of the container focuses the number", async () => {
  const page = await mounted(`${stack.shopUrl}/`);
  const frame = await frameByUrl(page, /\/fields\/fields\.html$/);
  const inPage = () => page.evaluate(() => document.activeElement.id || document.activeElement.tagName);
  const inFrame = () => frame.evaluate(() => (document.hasFocus() ? document.activeElement.id : null));
  const focused = async () => {
    const active = await inPage();
    return active === "IFRAME" ? `frame:${await inFrame()}` : active;
  };
  // The frame is another origin's (its own process): focus moving into it
  // is seen by the page and the frame a moment apart. Read until the
  // expected place has focus or a second has passed; then what was seen.
  const settled = async (expected) => {
    const until = Date.now() + 1000;
    let now = await focused();
    while (now !== expected && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 25));
      now = await focused();
    }
    return now;
  };
  await page.focus("#before");
  const expected = ["frame:tf-number", "frame:tf-expiry", "frame:tf-cvc", "frame:tf-name", "pay"];
  const seen = [];
  for (const place of expected) {
    await page.keyboard.press("Tab");
    seen.push(await settled(place));
  }
  assert.deepEqual(seen, expected);
  await page.keyboard.press("Shift+Tab");
  assert.equal(await settled("frame:tf-name"), "frame:tf-name", "Shift+Tab goes back in");
  // Focus is visible in the frame.
  const outline = await frame.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none");

  await page.focus("#before");
  await page.click("#card-label");
  assert.equal(await settled("frame:tf-number"), "frame:tf-number");
  await page.context().close();
});

test("the frame has a meaningful title and localised labels; setLocale switches both", async () => {
  const page = await mounted(`${stack.shopUrl}/?lang=ja`);
  const frame = frameOf(page);
  assert.equal(await page.getAttribute("#card iframe", "title"), "カード情報の入力（安全な入力欄）");
  assert.equal(await frame.locator("label[for=tf-number]").textContent(), "カード番号");
  assert.equal(await frame.locator("html").getAttribute("lang"), "ja");
  await frame.locator("#tf-number").pressSequentially("4111111111111112");
  await frame.locator("#tf-name").focus();
  await frame.locator("#tf-number-error").filter({ hasText: "カード番号が正しくありません。" }).waitFor();
  await page.evaluate(() => window.__fields.setLocale("en"));
  await frame.locator("#tf-number-error").filter({ hasText: "Your card number is invalid." }).waitFor();
  assert.equal(await page.getAttribute("#card iframe", "title"), "Secure card payment input");
  assert.deepEqual(
    await frame.locator("label").allTextContents(),
    ["Card number", "Expiry date", "Security code", "Name on card"],
  );
  assert.deepEqual(await frame.locator("input").evaluateAll((inputs) => inputs.map((i) => i.autocomplete)),
    ["cc-number", "cc-exp", "cc-csc", "cc-name"]);
  await page.context().close();
});

test("messages to the parent from another origin, or from the page itself, are ignored", async () => {
  const context = await browser.newContext({ bypassCSP: true }); // so the page can hold a third-origin frame
  const page = await context.newPage();
  await page.goto(`${stack.shopUrl}/`);
  await page.waitForFunction(() => document.getElementById("status").textContent === "ready");
  await page.evaluate((src) => new Promise((resolve) => {
    const frame = document.createElement("iframe");
    frame.src = src;
    frame.addEventListener("load", resolve, { once: true });
    document.body.append(frame);
  }), `${evil.url}/index.html`);
  const intruder = await frameByUrl(page, `${evil.url}/index.html`);
  const forged = [
    { type: "change", state: { complete: true, empty: false, brand: "visa", errors: [] } },
    { type: "ready", height: 1 },
    { type: "resize", height: 5 },
    { type: "result", id: 1, ok: true, value: { id: "tok_forged" } },
    { tessera: "tessera-fields/1", type: "change", state: { complete: true } },
  ];
  await intruder.evaluate((messages) => {
    for (const message of messages) window.parent.postMessage(message, "*");
  }, forged);
  await page.evaluate((messages) => {
    for (const message of messages) window.postMessage(message, "*");
  }, forged);
  await page.waitForTimeout(500);
  assert.deepEqual(await page.evaluate(() => window.__events.map(([e]) => e)), ["ready"]);
  assert.deepEqual(await page.evaluate(() => window.__fields.state), { complete: false, empty: true, brand: null, errors: [] });
  assert.ok((await page.evaluate(() => document.querySelector("#card iframe").getBoundingClientRect().height)) > 100);
  // A real token still comes only from the frame.
  await typeInFrame(page, { number: VISA, expiry: expiry.typed, cvc: CVC, name: NAME });
  const token = await page.evaluate(() => window.__fields.createToken({ currency: "JPY" }));
  assert.match(token.id, /^tok_/);
  assert.notEqual(token.id, "tok_forged");
  await context.close();
});

test("a handshake from another origin is ignored by the frame; the allowed parent's is answered", async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${stack.shopUrl}/raw.html?evil=${encodeURIComponent(`${evil.url}/index.html`)}`);
  const intruder = await frameByUrl(page, `${evil.url}/index.html`);
  await (await frameByUrl(page, /\/fields\/fields\.html$/)).waitForSelector("#tf-form", { state: "attached" });
  const answer = await intruder.evaluate(() => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    window.parent.frames[0].postMessage(
      { tessera: "tessera-fields/1", type: "hello", config: { publishableKey: "pk_test_sandbox", locale: "en" } },
      "*",
      [channel.port2],
    );
    setTimeout(() => resolve(null), 2000);
  }));
  assert.equal(answer, null, "no answer to another origin");
  const real = await page.evaluate(() => window.__hello());
  assert.equal(real && real.type, "ready", "the allowed parent's handshake is answered");
  await context.close();
});

test("embedded by a page of an origin it is not configured for, the frame refuses: frame-ancestors, and its own script check", async () => {
  // With the frame's CSP: the browser refuses to render it, and mounting fails.
  const page = await mounted(`${elsewhere.url}/?timeout=3000`);
  assert.equal(await page.textContent("#status"), "mount failed: fields_load_failed");
  assert.equal(await page.evaluate(() => window.__mountError.type), "integration_error");
  assert.equal(await page.locator("#card iframe").count(), 0, "the frame is removed");
  await page.context().close();

  // A host that forgot frame-ancestors: the frame's own script refuses an
  // ancestor it is not configured for: the form is gone, no handshake is answered.
  const careless = await serveFieldsWithoutFrameAncestors({ origins: [stack.shopUrl], apiBase: stack.sandboxUrl });
  try {
    const context = await browser.newContext({ bypassCSP: true }); // the page may frame any origin
    const bypassed = await context.newPage();
    await bypassed.goto(`${elsewhere.url}/raw.html?fieldsUrl=${encodeURIComponent(`${careless.url}/fields/fields.html`)}`);
    const frame = await frameByUrl(bypassed, /\/fields\/fields\.html$/);
    await frame.waitForSelector("#tf-refused:not([hidden])", { timeout: 10_000 });
    assert.equal(await frame.locator("#tf-form").count(), 0);
    assert.equal(await bypassed.evaluate(() => window.__hello()), null);
    // The same host, embedded by the allowed page: the frame runs.
    const allowed = await context.newPage();
    await allowed.goto(`${stack.shopUrl}/?fieldsUrl=${encodeURIComponent(`${careless.url}/fields/fields.html`)}`);
    await allowed.waitForFunction(() => document.getElementById("status").textContent === "ready");
    await context.close();
  } finally {
    await careless.close();
  }

  // Opened as a page of its own, it refuses too.
  const top = await openPage(browser);
  await top.goto(`${stack.sandboxUrl}/fields/fields.html`);
  await top.waitForSelector("#tf-refused:not([hidden])");
  assert.equal(await top.locator("#tf-form").count(), 0);
  await top.context().close();
});

test("a tampered frame script or .wasm is refused (Subresource Integrity): mounting fails, no card field is shown", async () => {
  const [badScript, badWasm] = stack.others;
  const page = await mounted(`${stack.shopUrl}/?timeout=4000&fieldsUrl=${encodeURIComponent(`${badScript.url}/fields/fields.html`)}`);
  assert.equal(await page.textContent("#status"), "mount failed: fields_load_failed");
  assert.ok(page.problems.some((p) => /integrity/i.test(p)), page.problems.join("\n"));
  await page.context().close();

  const wasmPage = await mounted(`${stack.shopUrl}/?timeout=8000&fieldsUrl=${encodeURIComponent(`${badWasm.url}/fields/fields.html`)}`);
  assert.equal(await wasmPage.textContent("#status"), "mount failed: wasm_load_failed");
  assert.equal(await wasmPage.evaluate(() => window.__mountError.isTesseraError), true);
  assert.equal(await wasmPage.locator("#card iframe").count(), 0);
  await wasmPage.context().close();
});

test("mountCardFields refuses a secret key, a frame on the page's own origin and an unknown style property, before loading anything", async () => {
  const page = await mounted(`${stack.shopUrl}/`);
  const tries = await page.evaluate(async (sandboxUrl) => {
    const { mountCardFields } = await import("/tessera/fields.js");
    const host = document.createElement("div");
    document.body.append(host);
    const attempt = (options) => mountCardFields(host, { publishableKey: "pk_test_sandbox", fieldsUrl: `${sandboxUrl}/fields/fields.html`, ...options })
      .then(() => "mounted", (e) => `${e.type}/${e.code}`);
    return [
      await attempt({ publishableKey: "sk_test_sandbox" }),
      await attempt({ fieldsUrl: `${location.origin}/fields.html` }),
      await attempt({ style: { base: { background: "url(https://evil.example/x.png)" } } }),
      await attempt({ style: { base: { color: "red; background: url(x)" } } }),
      await attempt({ apiBase: "https://evil.example" }),
      host.querySelectorAll("iframe").length,
    ];
  }, stack.sandboxUrl);
  assert.deepEqual(tries, [
    "integration_error/secret_key_in_browser",
    "integration_error/fields_same_origin",
    "integration_error/invalid_option",
    "integration_error/invalid_option",
    "integration_error/api_base_mismatch",
    0,
  ]);
  await page.context().close();
});

test("browser autofill (Chromium's Autofill.trigger over the DevTools protocol) fills number, expiry, code and name together in the frame", async () => {
  // The frame on `localhost` rather than 127.0.0.1: another site, so Chromium
  // runs it out of process and gives it a DevTools session of its own, which
  // Autofill.trigger needs. The sandbox is the same.
  const fieldsUrl = `${stack.sandboxUrl.replace("127.0.0.1", "localhost")}/fields/fields.html`;
  const page = await mounted(`${stack.shopUrl}/?fieldsUrl=${encodeURIComponent(fieldsUrl)}`);
  assert.equal(await page.textContent("#status"), "ready");
  const frame = await frameByUrl(page, fieldsUrl);
  await frame.click("#tf-number");
  const session = await page.context().newCDPSession(frame);
  const { root } = await session.send("DOM.getDocument", { depth: -1 });
  const { nodeId } = await session.send("DOM.querySelector", { nodeId: root.nodeId, selector: "#tf-number" });
  const { node } = await session.send("DOM.describeNode", { nodeId });
  const { frameTree } = await session.send("Page.getFrameTree");
  const yy = expiry.shown.slice(-2);
  await session.send("Autofill.trigger", {
    fieldId: node.backendNodeId,
    frameId: frameTree.frame.id,
    card: { number: VISA, name: NAME, expiryMonth: "12", expiryYear: `20${yy}`, cvc: CVC },
  });
  await page.waitForFunction(() => window.__events.some(([e, d]) => e === "change" && d.complete));
  assert.deepEqual(await frame.evaluate(() => [...document.querySelectorAll("input")].map((i) => i.value)),
    [grouped(VISA), expiry.shown, CVC, NAME]);
  await page.click("#pay");
  assert.equal(await paid(page), "paid 1111");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
