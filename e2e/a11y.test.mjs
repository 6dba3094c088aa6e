// Accessibility of both checkout pages, state by state: axe-core (its colour
// checks included, with no contrast left undecided) and the control-outline
// and placeholder contrasts on the empty form, every brand badge, the errors
// after a refused submit, a payment in flight, a decline, an API error, a
// capture, and the konbini method; then where the focus goes after Pay. Real
// Chromium, real shop and sandbox, under the shop's strict CSP.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startStack } from "../scripts/stack.mjs";
import { axeProblems, controlContrastProblems } from "./support/axe.mjs";
import { launchBrowser } from "./support/browser.mjs";
import { CVC, DECLINED_INSUFFICIENT_FUNDS, NAME, VISA, futureExpiry } from "./support/cards.mjs";
import { chooseMethod, openCheckout, outcome, typeCard } from "./support/checkout-page.mjs";

// A prefix that leaves exactly one brand, for every brand Tessera knows.
const BRAND_PREFIXES = {
  visa: "4111", mastercard: "5555", "american-express": "3782", "diners-club": "3056", discover: "6011",
  troy: "9792", jcb: "3530", unionpay: "6240", naranja: "589562", verve: "506099", maestro: "6304",
  elo: "401178", mir: "2200", hiper: "637095", hipercard: "606282",
};

let stack;
let browser;
const expiry = futureExpiry();

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

/** Every accessibility problem of the page as it is now. */
async function problems(page, state) {
  return [...await axeProblems(page, state), ...await controlContrastProblems(page, state)];
}

const focused = (page) => page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.tagName));

// What each page's browser sends with the card: the ES-module page pays the
// shop's Session (Method 1); the script-tag page makes a secure token (the direct route).
const CARD_CALL = { "/": "/api/v1/sessions/*/pay", "/script-tag.html": "/api/v1/secure_tokens" };
// The browser logs the sandbox's error answers the tests ask for: the 401 of
// an injected fault, and — where the page pays the session itself — the 402
// of a declined card. Nothing else may be logged.
const EXPECTED_LOGS = { "/": /status of 40[12] /, "/script-tag.html": /status of 401 / };

for (const [route, path] of [["the ES-module page", "/"], ["the script-tag page", "/script-tag.html"]]) {
  test(`${route}: no axe violation and no low contrast in any state, every brand badge included`, async () => {
    const found = [];
    const page = await openCheckout(browser, stack.shopUrl + path);
    found.push(...await problems(page, "empty form"));

    for (const [brand, prefix] of Object.entries(BRAND_PREFIXES)) {
      await page.fill("#cc-number", "");
      await page.locator("#cc-number").pressSequentially(prefix);
      assert.equal(await page.getAttribute("#cc-brand", "data-brand"), brand, prefix);
      found.push(...await axeProblems(page, `${brand} badge`));
    }
    await page.fill("#cc-number", "");

    // Refused submit: every error shown, the focus on the first.
    await page.click("#pay-button");
    assert.equal(await focused(page), "cc-name");
    found.push(...await problems(page, "errors after submit"));

    // In flight: the card's request held.
    await typeCard(page, { name: NAME, number: VISA, expiry: expiry.typed, cvc: CVC });
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let seen;
    const requestSeen = new Promise((resolve) => { seen = resolve; });
    let continued;
    const passedOn = new Promise((resolve) => { continued = resolve; });
    await page.route(`${stack.sandboxUrl}${CARD_CALL[path]}`, async (route) => {
      const post = route.request().method() === "POST";
      if (post) {
        seen();
        await held;
      }
      await route.continue();
      if (post) continued();
    });
    await stack.sandbox.fault({ status: 401, count: 1 });
    await page.click("#pay-button");
    await requestSeen;
    found.push(...await problems(page, "paying"));
    release();
    await passedOn;
    await page.unroute(`${stack.sandboxUrl}${CARD_CALL[path]}`);
    const refused = await outcome(page);
    assert.equal(refused.tone, "error", refused.text);
    found.push(...await problems(page, "API error"));

    await page.fill("#cc-number", "");
    await typeCard(page, { number: DECLINED_INSUFFICIENT_FUNDS });
    await page.click("#pay-button");
    await page.locator("#status", { hasText: "declined" }).waitFor();
    found.push(...await problems(page, "declined"));

    await page.fill("#cc-number", "");
    await typeCard(page, { number: VISA });
    await page.click("#pay-button");
    await page.locator("#status.status--success").waitFor();
    found.push(...await axeProblems(page, "paid"));

    if (path === "/") {
      for (const locale of ["ja", "en"]) {
        await page.goto(`${stack.shopUrl}/?lang=${locale}`);
        await page.waitForSelector("html[data-ready='true']");
        await chooseMethod(page, "konbini");
        found.push(...await problems(page, `konbini ${locale}`));
        await page.click("#pay-button");
        found.push(...await problems(page, `konbini errors ${locale}`));
      }
      await page.selectOption("#kb-store", "lawson");
      await page.fill("#kb-email", "taro@example.com");
      await page.fill("#kb-phone", "");
      await page.click("#pay-button");
      assert.equal((await outcome(page)).outcome, "authorized");
      found.push(...await axeProblems(page, "konbini ordered"));
    }
    assert.deepEqual(found, []);
    assert.deepEqual(page.problems.filter((problem) => !EXPECTED_LOGS[path].test(problem)), []);
    await page.context().close();
  });

  test(`${route}: after Pay the focus stays in the form, on the status line above Pay, and after a decline Tab returns to Pay`, async () => {
    const page = await openCheckout(browser, stack.shopUrl + path);
    // An error found when a field is left is announced (the next field has the focus).
    await page.locator("#cc-number").pressSequentially("4111 1111");
    await page.keyboard.press("Tab");
    assert.equal(await page.textContent("#field-announcer"), "Card number: Your card number is incomplete.");
    assert.equal(await page.getAttribute("#field-announcer", "aria-live"), "polite");
    await page.fill("#cc-number", "");

    await typeCard(page, { name: NAME, number: DECLINED_INSUFFICIENT_FUNDS, expiry: expiry.typed, cvc: CVC });
    await page.keyboard.press("Enter"); // from the security code, as a keyboard user pays
    const declined = await outcome(page);
    assert.equal(declined.outcome, "declined", declined.text);
    assert.equal(await focused(page), "status", "not <body>: the decline is where the focus is");
    assert.equal(await page.isDisabled("#pay-button"), false);
    await page.keyboard.press("Tab");
    assert.equal(await focused(page), "pay-button", "Tab goes to Pay again, not to the footer");
    await page.keyboard.press("Shift+Tab");
    // The last of the card's controls: the ES-module page's "save this card" box, else the security code.
    assert.equal(await focused(page), path === "/" ? "cc-save" : "cc-csc",
      "Shift+Tab goes back to the fields (the status line is not a tab stop)");

    // After a submit every field is re-checked as typed, silently; leaving
    // one with an error not yet read out announces it.
    await page.fill("#cc-exp", "");
    await page.locator("#cc-exp").pressSequentially("13");
    await page.keyboard.press("Tab");
    assert.match(await page.textContent("#field-announcer"), /^Expiry date: ./);
    await page.fill("#cc-exp", "");
    await page.locator("#cc-exp").pressSequentially(expiry.typed);

    // A token error leaves the focus on the status line too; then a card that pays.
    await page.fill("#cc-number", "");
    await typeCard(page, { number: VISA });
    await stack.sandbox.fault({ status: 401, count: 1 });
    await page.click("#pay-button");
    await page.locator("#status", { hasText: "The payment did not go through" }).waitFor();
    assert.equal(await focused(page), "status");
    await page.click("#pay-button");
    await page.locator("#status.status--success").waitFor();
    assert.equal(await focused(page), "status", "after a capture too (the form is locked)");
    assert.deepEqual(page.problems.filter((problem) => !EXPECTED_LOGS[path].test(problem)), []);
    await page.context().close();
  });
}
