// Firefox (Debian's firefox-esr through geckodriver and the W3C WebDriver
// protocol: Playwright cannot drive it, see the README), on the stack `npm
// start` runs. The demo's card-fields page: the frame of the sandbox's origin
// mounts (handshake, Subresource Integrity, the .wasm), the card typed into
// it pays through the shop's POST /orders, and the 3-D Secure challenge shows
// in the parent page's dialog, answered in the issuer's frame. The ES-module
// page: Tessera's wasm in the page pays a Session with the challenge card,
// the dialog Tessera shows itself. No card data in the page, the shop, or any
// URL; and the skimmer of the Chromium tests, on a test merchant's page
// before the fields mount, finds none in Firefox either.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startStack } from "../scripts/stack.mjs";
import { CVC, NAME, VISA, futureExpiry, grouped, THREE_DS_CHALLENGE as CHALLENGE } from "./support/cards.mjs";
import { startFieldsStack } from "./support/fields-stack.mjs";
import { assertNoCardIn } from "./support/hostile.mjs";
import { startFirefox } from "./support/webdriver.mjs";

const expiry = futureExpiry();
let stack;
let fieldsStack;
let firefox;

before(async () => {
  [stack, fieldsStack, firefox] = await Promise.all([startStack(), startFieldsStack(), startFirefox()]);
  assert.equal(firefox.capabilities.browserName, "firefox");
});

after(async () => {
  await firefox?.quit();
  await Promise.all([stack?.close(), fieldsStack?.close()]);
});

async function open(path = "/fields.html") {
  await firefox.topFrame();
  await firefox.goto(`${stack.shopUrl}${path}`);
  const ready = await firefox.waitFor("return document.documentElement.dataset.ready;", { what: "the card fields are ready" });
  assert.equal(ready, "true");
}

async function typeCard(number, frame = "#card-frame iframe") {
  await firefox.enterFrame(frame);
  await firefox.type("#tf-number", number);
  await firefox.type("#tf-expiry", expiry.typed);
  await firefox.type("#tf-cvc", CVC);
  await firefox.type("#tf-name", NAME);
  assert.equal(await firefox.run("return document.getElementById('tf-number').value;"), grouped(number), "formatted as typed, in the frame");
  await firefox.topFrame();
}

async function outcome() {
  return firefox.waitFor(
    "const s = document.getElementById('status'); const o = s.dataset.outcome; return o && o !== 'pending' ? { outcome: o, text: s.textContent } : null;",
    { what: "the payment's outcome" },
  );
}

/** Every URL the page loaded holds no card data, nor (the fields page) its DOM. */
async function assertPageClean(number, { dom = true } = {}) {
  const seen = await firefox.run(`
    const copy = document.documentElement.cloneNode(true);
    copy.querySelector(".test-mode").remove();
    return { html: copy.outerHTML, urls: performance.getEntriesByType("resource").map((e) => e.name).concat(location.href), inputs: document.querySelectorAll("input").length };`);
  if (dom) assert.equal(seen.inputs, 0, "no input of the page's own");
  for (const text of [...(dom ? [seen.html] : []), ...seen.urls]) {
    assert.ok(!text.includes(number) && !text.includes(grouped(number)) && !text.includes(`"${CVC}"`), text.slice(0, 200));
  }
}

test("Firefox: the card typed into the frame pays through the shop; the secure token comes from the frame's origin; the page never holds the card", async () => {
  await open();
  assert.equal(await firefox.run("return document.querySelector('#card-frame iframe').title;"), "Secure card payment input");
  // The frame can check who embeds it: the page's origin (never its path)
  // reaches location.ancestorOrigins (with referrerpolicy "no-referrer" on
  // the iframe Firefox says "null", and the frame refused to start).
  await firefox.enterFrame("#card-frame iframe");
  assert.deepEqual(await firefox.run("return [...location.ancestorOrigins];"), [new URL(stack.shopUrl).origin]);
  await firefox.topFrame();
  const from = (await stack.sandbox.requests()).length;
  await typeCard(VISA);
  await firefox.click("#pay-button");
  const paid = await outcome();
  assert.equal(paid.outcome, "captured", paid.text);
  assert.match(paid.text, /ending in 1111 was charged ¥4,980/);

  const tokens = (await stack.sandbox.requests()).slice(from).filter((r) => r.method === "POST" && r.path === "/api/v1/secure_tokens");
  assert.equal(tokens.length, 1);
  assert.equal(tokens[0].origin, stack.sandboxUrl, "posted by the frame, from the provider's origin");
  const order = stack.shop.log.entries().filter((e) => e.url === "/orders").at(-1);
  assert.deepEqual(Object.keys(JSON.parse(order.body)).sort(), ["amount", "currency", "token"]);
  assert.ok(!order.body.includes(VISA));
  await assertPageClean(VISA);
});

/** The issuer's page in the open dialog: the password, Confirm; back to the page. */
async function passChallenge(lastFour) {
  await firefox.waitFor("const d = document.querySelector('dialog'); return d && d.open && !!d.querySelector('iframe');", { what: "the challenge dialog" });
  assert.ok(await firefox.run("return document.activeElement && document.querySelector('dialog').contains(document.activeElement);"), "focus moved into the dialog");
  await firefox.enterFrame("dialog iframe");
  await firefox.waitFor("return !!document.getElementById('password');", { what: "the issuer's form" });
  assert.match(await firefox.run("return document.body.textContent;"), new RegExp(`Visa ending in ${lastFour}`));
  await firefox.type("#password", "123456");
  await firefox.click("button[value=submit]");
  await firefox.topFrame();
}

test("Firefox: the challenge card shows the issuer's page in the parent's dialog; the password typed there finishes it and the shop pays", async () => {
  await open();
  await typeCard(CHALLENGE);
  await firefox.click("#pay-button");
  await passChallenge("5000");
  const paid = await outcome();
  assert.equal(paid.outcome, "captured", paid.text);
  assert.match(paid.text, /ending in 5000 was charged ¥4,980/);
  assert.equal(await firefox.run("const d = document.querySelector('dialog'); return !d || !d.open;"), true, "the dialog closed");
  await assertPageClean(CHALLENGE);
});

test("Firefox: the ES-module page (Tessera's wasm in the page) pays a Session with the challenge card; Tessera's own dialog shows the issuer's page", async () => {
  await open("/");
  const from = (await stack.sandbox.requests()).length;
  await firefox.type("#cc-name", NAME);
  await firefox.type("#cc-number", CHALLENGE);
  await firefox.type("#cc-exp", expiry.typed);
  await firefox.type("#cc-csc", CVC);
  assert.equal(await firefox.run("return document.getElementById('cc-number').value;"), grouped(CHALLENGE));
  await firefox.click("#pay-button");
  await passChallenge("5000");
  const paid = await firefox.waitFor(
    "const s = document.getElementById('status'); return s.dataset.paymentStatus === 'captured' ? s.textContent : null;",
    { what: "the order read back as captured" },
  );
  assert.match(paid, /ending in 5000/);
  const pays = (await stack.sandbox.requests()).slice(from).filter((r) => r.method === "POST" && /^\/api\/v1\/sessions\/[^/]+\/pay$/.test(r.path));
  assert.equal(pays.length, 1, "one Session: Pay, from the page");
  assert.equal(pays[0].origin, new URL(stack.shopUrl).origin);
  for (const entry of stack.shop.log.entries()) assert.ok(!entry.body?.includes(CHALLENGE), `the shop never got the card: ${entry.url}`);
  await assertPageClean(CHALLENGE, { dom: false });
});

test("Firefox: a hostile script on the merchant's page, there before the fields mount, finds neither the number nor the code while the shopper types and pays", async () => {
  await firefox.topFrame();
  await firefox.goto(`${fieldsStack.shopUrl}/?skimmer`);
  await firefox.waitFor("return /^(ready|mount failed)/.test(document.getElementById('status').textContent);", { what: "the fields mounted" });
  assert.equal(await firefox.run("return document.getElementById('status').textContent;"), "ready");
  assert.equal(await firefox.run("return Array.isArray(window.__loot);"), true, "the skimmer is installed");
  await typeCard(VISA, "#card iframe");
  await firefox.click("#pay");
  const status = await firefox.waitFor("const t = document.getElementById('status').textContent; return ['ready', 'paying'].includes(t) ? null : t;", { what: "the payment" });
  assert.equal(status, "paid 1111", "the payment succeeds");
  const loot = await firefox.run("window.__scan(); return window.__loot;");
  // The skimmer did work: it saw the frame's messages and the order's request…
  assert.ok(loot.some((l) => l.startsWith("port onmessage") && l.includes('"type":"change"')), "it read the frame's change messages");
  assert.ok(loot.some((l) => l.startsWith("fetch") && l.includes("/orders") && l.includes("tok_")), "it read the order request");
  assert.ok(loot.some((l) => l.startsWith("frame document refused") || l.startsWith("frame location refused")), "it tried the frame");
  // …and found no card.
  assertNoCardIn(loot, { number: VISA, cvc: CVC });
  assert.ok(loot.length > 100, `the skimmer collected ${loot.length} items`);
});
