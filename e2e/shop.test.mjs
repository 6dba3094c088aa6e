// The demo shop's checkout (the ES-module route) in headless Chromium against
// the release build in dist/ and a real sandbox, both on loopback ports of
// their own (so the Session: Pay call is cross-origin), under the shop's
// strict CSP. The page asks the shop for an order (a Session), pays the
// session from the browser, then reads the order from the shop.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startStack } from "../scripts/stack.mjs";
import { launchBrowser } from "./support/browser.mjs";
import {
  CVC, DECLINED_INSUFFICIENT_FUNDS, LUHN_FAILING, NAME, VISA, cardDataInShopLog, futureExpiry, grouped,
} from "./support/cards.mjs";
import {
  formValues, openCheckout, outcome, sessionOrderRequests, sessionPayRequests, statusText, tokenRequests, typeCard,
} from "./support/checkout-page.mjs";

// Chromium logs the payments API's 402 for a declined card (the browser now
// pays the session itself): that line, and no other console error, is expected.
const DECLINE_LOGGED = "console: Failed to load resource: the server responded with a status of 402 (Payment Required)";

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

test("paying with a Visa: formatted as typed, brand shown, captured, and the shop never sees the card", async () => {
  const page = await openCheckout(browser, `${stack.shopUrl}/`);
  const policy = (await page.request.get(`${stack.shopUrl}/`)).headers()["content-security-policy"];
  assert.match(policy, /trusted-types 'none'/, "the page is served under the strict policy");

  // Keyboard only: the name field, then Tab through the form.
  await page.focus("#cc-name");
  await page.keyboard.type(NAME);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "cc-number");
  await page.keyboard.type(VISA.slice(0, 5));
  assert.equal(await page.inputValue("#cc-number"), "4111 1");
  await page.keyboard.type(VISA.slice(5));
  assert.equal(await page.inputValue("#cc-number"), grouped(VISA));
  assert.equal(await page.textContent("#cc-brand"), "Visa");
  assert.equal(await page.getAttribute("#cc-csc", "maxlength"), "3");
  assert.equal(await page.getAttribute("#cc-csc", "placeholder"), "CVV");
  // The caret follows the digits even when typing in the middle.
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Delete");
  await page.keyboard.type("1");
  assert.equal(await page.inputValue("#cc-number"), grouped(VISA));
  assert.equal(await page.evaluate(() => document.getElementById("cc-number").selectionStart), 2);

  await page.keyboard.press("Tab");
  await page.keyboard.type(expiry.typed);
  assert.equal(await page.inputValue("#cc-exp"), expiry.shown);
  await page.keyboard.press("Tab");
  await page.keyboard.type(CVC);

  // Hold the Session: Pay request to see the form while it is in flight.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  let seen;
  const requestSeen = new Promise((resolve) => { seen = resolve; });
  await page.route(`${stack.sandboxUrl}/api/v1/sessions/*/pay`, async (route) => {
    if (route.request().method() === "POST") {
      seen();
      await held;
    }
    await route.continue();
  });
  const paysBefore = (await sessionPayRequests(stack.sandbox)).length;
  const tokensBefore = (await tokenRequests(stack.sandbox)).length;
  await page.keyboard.press("Enter");
  await requestSeen;
  assert.equal(await page.isDisabled("#pay-button"), true, "Pay is disabled while tokenizing");
  assert.equal(await page.textContent("#status"), "Securing your card details…");
  assert.equal(await page.evaluate(() => document.activeElement.id), "status", "Pay is disabled: the focus is on the status line, not lost");
  await page.click("#pay-button", { force: true }); // a second click on the disabled button does nothing
  release();

  const result = await outcome(page);
  assert.equal(result.tone, "success", result.text);
  assert.match(result.text, /Payment complete/);
  assert.match(result.text, /Visa ending in 1111 was charged ¥4,980\./);
  const paymentId = /Payment ID: (pay_\w+)/.exec(result.text)?.[1];
  assert.ok(paymentId, result.text);
  assert.equal(await page.textContent("#pay-label"), "Paid");
  assert.equal(await page.evaluate(() => document.activeElement.id), "status", "the focus stays on the outcome");
  assert.equal(await page.isDisabled("#cc-number"), true, "the paid form is locked");
  const pays = (await sessionPayRequests(stack.sandbox)).slice(paysBefore);
  assert.equal(pays.length, 1, "one Session: Pay request");
  assert.equal((await tokenRequests(stack.sandbox)).length, tokensBefore, "no token: the session is paid with the card itself");

  // The shop was told what is bought (never a price or card data) and made
  // the session; the browser paid that session; the shop learnt the outcome
  // from the payments API (its webhook), and its order says so.
  const entries = stack.shop.log.entries();
  const orders = sessionOrderRequests(stack.shop);
  assert.equal(orders.length, 1);
  assert.deepEqual(JSON.parse(orders[0].body), { items: [{ sku: "sencha-tasting-set", quantity: 1 }] });
  const sessions = (await stack.sandbox.requests()).filter((r) => r.method === "POST" && r.path === "/api/v1/sessions");
  assert.equal(sessions.at(-1).body.amount, 4980, "the shop priced the order");
  const orderId = sessions.at(-1).body.payment_data.external_order_num;
  const sessionId = pays[0].path.split("/")[4];
  assert.equal(pays[0].body.payment_details.number, "411111******1111", "the card went to the payments API (masked in its log)");
  const shopOrder = await (await fetch(`${stack.shopUrl}/orders/${orderId}`)).json();
  assert.deepEqual([shopOrder.status, shopOrder.sessionId, shopOrder.payment.id], ["captured", sessionId, paymentId]);
  assert.deepEqual(cardDataInShopLog(entries, { numbers: [VISA], cvc: CVC }), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a Luhn-failing number: localized inline errors on blur and on submit, and no request at all", async () => {
  const page = await openCheckout(browser, `${stack.shopUrl}/`);
  const tokensBefore = (await tokenRequests(stack.sandbox)).length;
  const ordersBefore = stack.shop.log.entries().filter((e) => e.url.startsWith("/orders")).length;

  await typeCard(page, { number: LUHN_FAILING });
  assert.equal(await page.textContent("#cc-number-error"), "", "no error while typing");
  await page.keyboard.press("Tab");
  assert.equal(await page.textContent("#cc-number-error"), "Your card number is invalid.");
  assert.equal(await page.getAttribute("#cc-number", "aria-invalid"), "true");
  assert.match(await page.getAttribute("#cc-number", "aria-describedby"), /\bcc-number-error\b/);
  // Tabbing through an empty field does not scold; submitting does.
  await page.keyboard.press("Tab");
  assert.equal(await page.textContent("#cc-exp-error"), "");

  await typeCard(page, { expiry: expiry.typed, cvc: CVC });
  await page.click("#pay-button");
  assert.deepEqual(await statusText(page), { title: "Please check these fields:", lines: ["Name on card, Card number"] });
  assert.equal(await page.textContent("#cc-name-error"), "Enter the name as it appears on the card.");
  assert.equal(await page.evaluate(() => document.activeElement.id), "cc-name", "focus goes to the first invalid field");

  // 日本語: labels and the errors on screen change language.
  await page.click("button[data-locale='ja']");
  assert.equal(await page.getAttribute("html", "lang"), "ja");
  assert.equal(await page.textContent("label[for='cc-number']"), "カード番号");
  assert.equal(await page.textContent("#cc-number-error"), "カード番号が正しくありません。");
  assert.equal(await page.textContent("#cc-name-error"), "カードに記載されている名義を入力してください。");
  assert.deepEqual(await statusText(page), { title: "次の項目をご確認ください：", lines: ["カード名義、カード番号"] });
  assert.equal(await page.textContent("#pay-label"), "￥4,980 を支払う");

  // Fixing a field clears its error as it is typed.
  await typeCard(page, { name: NAME });
  assert.equal(await page.textContent("#cc-name-error"), "");
  await page.click("#pay-button");
  assert.equal(await page.textContent("#cc-number-error"), "カード番号が正しくありません。");

  assert.equal((await tokenRequests(stack.sandbox)).length, tokensBefore, "nothing was sent to the tokens API");
  assert.equal(stack.shop.log.entries().filter((e) => e.url.startsWith("/orders")).length, ordersBefore, "no order");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a declined card shows the reason, in either language, keeps the input, and a new card can pay", async () => {
  const page = await openCheckout(browser, `${stack.shopUrl}/`);
  await typeCard(page, { name: NAME, number: DECLINED_INSUFFICIENT_FUNDS, expiry: expiry.typed, cvc: CVC });
  await page.click("#pay-button");

  const declined = await outcome(page);
  assert.equal(declined.tone, "error");
  assert.match(declined.text, /Your card was declined/);
  assert.match(declined.text, /The card has insufficient funds\./);
  assert.equal(declined.text.match(/declined/gi).length, 1, `said once: ${declined.text}`);
  assert.deepEqual(await formValues(page), {
    name: NAME, number: grouped(DECLINED_INSUFFICIENT_FUNDS), expiry: expiry.shown, cvc: CVC,
  });
  assert.equal(await page.isDisabled("#pay-button"), false, "the shopper can try again");

  await page.click("button[data-locale='ja']");
  const ja = await page.locator("#status").innerText();
  assert.match(ja, /カードが承認されませんでした/);
  assert.match(ja, /残高が不足しています。/);

  // Another card, same form.
  await page.fill("#cc-number", "");
  await typeCard(page, { number: VISA });
  await page.click("#pay-button");
  const paid = await outcome(page);
  assert.equal(paid.tone, "success", paid.text);
  assert.match(paid.text, /お支払いが完了しました/);
  assert.match(paid.text, /Visa（末尾 1111）/);

  // Both attempts paid one and the same session: a decline leaves it payable.
  const pays = await sessionPayRequests(stack.sandbox);
  assert.equal(pays.at(-1).path, pays.at(-2).path, "the good card paid the declined card's session");
  assert.deepEqual(pays.slice(-2).map((r) => r.status), [402, 200]);
  assert.deepEqual(cardDataInShopLog(stack.shop.log.entries(), { numbers: [VISA, DECLINED_INSUFFICIENT_FUNDS], cvc: CVC }), []);
  assert.deepEqual(page.problems, [DECLINE_LOGGED]);
  await page.context().close();
});

test("the page starts in Japanese for a Japanese browser, with Japanese errors", async () => {
  const page = await openCheckout(browser, `${stack.shopUrl}/`, { locale: "ja-JP" });
  assert.equal(await page.getAttribute("html", "lang"), "ja");
  assert.equal(await page.title(), "お支払い · ひのき茶舗");
  assert.equal(await page.getAttribute("button[data-locale='ja']", "aria-pressed"), "true");
  await typeCard(page, { number: "4111 1111" });
  await page.keyboard.press("Tab");
  assert.equal(await page.textContent("#cc-number-error"), "カード番号が不完全です。");
  await page.click("button[data-locale='en']");
  assert.equal(await page.textContent("#cc-number-error"), "Your card number is incomplete.");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("on a phone-sized screen, clicking Pay straight from a field with an error still submits", async () => {
  // The error shown when the field is left must not move the button mid-click.
  const page = await openCheckout(browser, `${stack.shopUrl}/`, { viewport: { width: 390, height: 700 } });
  await typeCard(page, { name: NAME, number: LUHN_FAILING, expiry: expiry.typed, cvc: "1" });
  await page.click("#pay-button");
  assert.deepEqual(await statusText(page), { title: "Please check these fields:", lines: ["Card number, Security code"] });
  assert.equal(await page.textContent("#cc-csc-error"), "Your card's security code is incomplete.");
  assert.equal(await page.evaluate(() => document.activeElement.id), "cc-number");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the payments API failing shows what went wrong, in the shopper's language, and keeps the input", async () => {
  const page = await openCheckout(browser, `${stack.shopUrl}/`);
  const card = { name: NAME, number: VISA, expiry: expiry.typed, cvc: CVC };
  await typeCard(page, card);

  await stack.sandbox.fault({ status: 401, count: 1 });
  await page.click("#pay-button");
  const refused = await outcome(page);
  assert.equal(refused.tone, "error");
  assert.match(refused.text, /The payment did not go through/);
  assert.match(refused.text, /The shop's payment settings were refused/);
  await page.click("button[data-locale='ja']");
  assert.match(await page.locator("#status").innerText(), /当店の決済設定が拒否されました/);

  // Every attempt failing (the tokenizer retries 5xx) is an API error.
  await stack.sandbox.fault({ status: 503, count: 3 });
  await page.click("#pay-button");
  await page.locator("#status", { hasText: "決済サービスで問題が発生しました" }).waitFor({ timeout: 20_000 });
  assert.deepEqual(await formValues(page), { name: NAME, number: grouped(VISA), expiry: expiry.shown, cvc: CVC });

  // The fault is spent: the same form now pays.
  await page.click("#pay-button");
  const paid = await outcome(page);
  assert.equal(paid.tone, "success", paid.text);
  assert.deepEqual(cardDataInShopLog(stack.shop.log.entries(), { numbers: [VISA], cvc: CVC }), []);
  await page.context().close();
});
