// Nothing left behind: a whole card checkout (a decline, then another card
// that pays) writes no card number, grouped or not, and no security code to
// any place a page can leave data: the console, localStorage, sessionStorage,
// cookies, the history (pushState/replaceState), IndexedDB, or any URL the
// page requests or ends up on. Every write to those is recorded by an init
// script that runs before the page's own code.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startStack } from "../scripts/stack.mjs";
import { launchBrowser, openPage } from "./support/browser.mjs";
import { CVC, DECLINED_INSUFFICIENT_FUNDS, NAME, VISA, futureExpiry, grouped } from "./support/cards.mjs";
import { outcome, typeCard } from "./support/checkout-page.mjs";

let stack;
let browser;

before(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

// Runs in the page before any of its scripts: wraps every way to write.
function instrument() {
  const describe = (value) => {
    if (typeof value === "string") return value;
    if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack}`;
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  };
  const record = (sink, args) => window.__recordWrite(sink, Array.from(args, describe).join(" "));
  for (const name of ["log", "info", "warn", "error", "debug", "trace", "dir", "dirxml", "table", "group",
    "groupCollapsed", "assert", "count", "timeLog"]) {
    const original = console[name];
    if (typeof original !== "function") continue;
    console[name] = function (...args) {
      record(`console.${name}`, args);
      return original.apply(this, args);
    };
  }
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    record(this === window.sessionStorage ? "sessionStorage" : "localStorage", [key, value]);
    return setItem.call(this, key, value);
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  Object.defineProperty(Document.prototype, "cookie", {
    configurable: true,
    get() {
      return cookie.get.call(this);
    },
    set(value) {
      record("document.cookie", [value]);
      cookie.set.call(this, value);
    },
  });
  for (const name of ["pushState", "replaceState"]) {
    const original = History.prototype[name];
    History.prototype[name] = function (...args) {
      record(`history.${name}`, args);
      return original.apply(this, args);
    };
  }
}

test("a decline then a payment leaves no card number or security code in the console, storage, cookies, history or URLs", async () => {
  const writes = [];
  const urls = [];
  const page = await openPage(browser, { init: instrument });
  await page.exposeFunction("__recordWrite", (sink, text) => { writes.push({ sink, text }); });
  page.on("request", (request) => urls.push(request.url()));
  page.on("framenavigated", (frame) => urls.push(frame.url()));
  await page.goto(`${stack.shopUrl}/`);
  await page.waitForSelector("html[data-ready='true']");

  // The recorders work: a console call and the page's own storage write (the
  // language choice) are seen.
  await page.evaluate(() => console.debug("probe"));
  await page.click("button[data-locale='ja']");
  await page.click("button[data-locale='en']");
  assert.deepEqual(writes.map((w) => `${w.sink} ${w.text}`),
    ["console.debug probe", "localStorage checkout-locale ja", "localStorage checkout-locale en"]);

  const expiry = futureExpiry();
  await typeCard(page, { name: NAME, number: DECLINED_INSUFFICIENT_FUNDS, expiry: expiry.typed, cvc: CVC });
  await page.click("#pay-button");
  const declined = await outcome(page);
  assert.equal(declined.outcome, "declined", declined.text);
  await page.fill("#cc-number", "");
  await typeCard(page, { number: VISA });
  await page.click("#pay-button");
  const paid = await outcome(page);
  assert.equal(paid.outcome, "captured", paid.text);

  const left = await page.evaluate(async () => ({
    href: location.href,
    localStorage: JSON.stringify(Object.entries(localStorage)),
    sessionStorage: JSON.stringify(Object.entries(sessionStorage)),
    cookie: document.cookie,
    indexedDB: JSON.stringify(await indexedDB.databases()),
  }));
  assert.equal(left.href, `${stack.shopUrl}/`, "the page never changed its URL");
  assert.equal(left.indexedDB, "[]");
  const pays = urls.filter((url) => url.startsWith(`${stack.sandboxUrl}/api/v1/sessions/`) && url.endsWith("/pay"));
  assert.ok(pays.length >= 2, "the Session: Pay requests were seen");
  assert.ok(urls.some((url) => url === `${stack.shopUrl}/orders/session`), "the session order was seen");
  assert.ok(urls.some((url) => url.startsWith(`${stack.shopUrl}/orders/ord_`)), "the order was read back");

  const places = [
    ...writes.map((w) => [w.sink, w.text]),
    ...urls.map((url) => ["request URL", url]),
    ["location.href", left.href],
    ["localStorage (contents)", left.localStorage],
    ["sessionStorage (contents)", left.sessionStorage],
    ["document.cookie (contents)", left.cookie],
  ];
  const leaks = [];
  for (const [where, raw] of places) {
    // Token, payment, order and session IDs are random, and so are the
    // loopback ports: keep them out of the search for a three-digit code.
    const text = String(raw)
      .replace(/\b(?:tok|pay|ord)_[a-z0-9]+/g, "")
      .replace(/\/sessions\/[a-z0-9]+/g, "/sessions/(id)")
      .replaceAll(stack.shopUrl, "(shop)")
      .replaceAll(stack.sandboxUrl, "(sandbox)");
    for (const number of [VISA, DECLINED_INSUFFICIENT_FUNDS]) {
      if (text.includes(number) || text.includes(grouped(number))) leaks.push(`${where}: a card number in ${text}`);
    }
    if (/(?:\d[ -]?){12,18}\d/.test(text)) leaks.push(`${where}: a card-number-like run of digits in ${text}`);
    if (text.includes(CVC)) leaks.push(`${where}: the security code in ${text}`);
  }
  assert.deepEqual(leaks, []);
  assert.deepEqual(page.problems.filter((p) => !p.startsWith("console: Failed to load resource")), []);
  await page.context().close();
});
