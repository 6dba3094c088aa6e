// Paying at a konbini (convenience store) on the demo shop's checkout: the
// payment-method switch, the store picker, email and phone checked by
// Tessera's validateDetails in the shopper's language, nothing sent while the
// input is invalid, and the shop's session paid with the konbini details
// answered `authorized` with the page of instructions shown as a link.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startStack } from "../scripts/stack.mjs";
import { launchBrowser } from "./support/browser.mjs";
import { CVC, NAME, VISA, cardDataInShopLog, futureExpiry, grouped } from "./support/cards.mjs";
import {
  chooseMethod, formValues, openCheckout, outcome, sessionOrderRequests, sessionPayRequests, statusText, typeCard,
} from "./support/checkout-page.mjs";

let stack;
let browser;

before(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

test("konbini in Japanese: a bad email is refused inline with nothing sent, then the order shows its instructions link", async () => {
  const page = await openCheckout(browser, `${stack.shopUrl}/`, { locale: "ja-JP" });

  // An accessible switch: a group named by its legend, of native radios.
  const group = page.getByRole("group", { name: "お支払い方法" });
  assert.equal(await group.getByRole("radio").count(), 2);
  assert.equal(await page.getByRole("radio", { name: "カード" }).isChecked(), true);
  assert.equal(await page.isVisible("#kb-email"), false, "the konbini fields start hidden");
  await chooseMethod(page, "konbini"); // keyboard: focus the checked radio, ArrowRight
  assert.equal(await page.getByRole("radio", { name: "コンビニ払い" }).isChecked(), true);
  assert.equal(await page.isVisible("#cc-number"), false, "the card fields are hidden");
  assert.equal(await page.isDisabled("#cc-number"), true, "and out of the tab order");
  assert.equal(await page.textContent("#pay-label"), "コンビニで ￥4,980 を支払う");

  // Labels, and the attributes that let browsers fill and phones pick keyboards.
  assert.equal(await page.textContent("label[for='kb-store']"), "コンビニ");
  assert.equal(await page.textContent("label[for='kb-email']"), "メールアドレス");
  assert.match(await page.textContent("label[for='kb-phone']"), /電話番号.*（任意）/);
  const attributes = (selector, names) => page.$eval(selector, (node, list) => list.map((n) => node.getAttribute(n)), names);
  assert.deepEqual(await attributes("#kb-email", ["type", "autocomplete", "inputmode", "aria-describedby"]),
    ["email", "email", "email", "kb-email-hint kb-email-error"]);
  assert.deepEqual(await attributes("#kb-phone", ["type", "autocomplete", "inputmode"]), ["tel", "tel", "tel"]);
  assert.deepEqual(await page.$$eval("#kb-store option", (options) => options.map((o) => o.value)),
    ["", "seven-eleven", "lawson", "family-mart", "ministop", "daily-yamazaki", "seicomart"]);
  assert.equal(await page.$eval("#kb-store option[value='family-mart']", (o) => o.textContent), "ファミリーマート");
  assert.equal(await page.$$eval("#konbini-fields [name]", (nodes) => nodes.length), 0, "no input has a name");

  const paysBefore = (await sessionPayRequests(stack.sandbox)).length;
  const ordersBefore = sessionOrderRequests(stack.shop).length;

  // Submitting empty: every field's error, focus on the first.
  await page.click("#pay-button");
  assert.deepEqual(await statusText(page), { title: "次の項目をご確認ください：", lines: ["コンビニ、メールアドレス"] });
  // The page's own words where Tessera's would be the generic "この項目は必須です。".
  assert.equal(await page.textContent("#kb-store-error"), "お支払いいただくコンビニを選択してください。");
  assert.equal(await page.textContent("#kb-email-error"), "お支払い方法をお送りするメールアドレスを入力してください。");
  assert.equal(await page.textContent("#kb-phone-error"), "", "the phone number is optional");
  assert.equal(await page.evaluate(() => document.activeElement.id), "kb-store");

  await page.selectOption("#kb-store", "lawson");
  assert.equal(await page.textContent("#kb-store-error"), "", "choosing a store clears its error");
  await page.fill("#kb-email", "");
  await page.locator("#kb-email").pressSequentially("taro@example");
  await page.keyboard.press("Tab");
  assert.equal(await page.textContent("#kb-email-error"), "メールアドレスが正しくありません。");
  assert.equal(await page.getAttribute("#kb-email", "aria-invalid"), "true");
  await page.keyboard.type("090-1111");
  await page.keyboard.press("Enter"); // submits from the phone field
  assert.equal(await page.textContent("#kb-phone-error"), "電話番号が正しくありません。");
  assert.deepEqual(await statusText(page), { title: "次の項目をご確認ください：", lines: ["メールアドレス、電話番号"] });
  assert.equal(await page.evaluate(() => document.activeElement.id), "kb-email");

  // The language switch re-renders the errors on screen.
  await page.click("button[data-locale='en']");
  assert.equal(await page.textContent("#kb-email-error"), "Your email address is invalid.");
  await page.click("button[data-locale='ja']");
  assert.equal(await page.textContent("#kb-email-error"), "メールアドレスが正しくありません。");

  assert.equal((await sessionPayRequests(stack.sandbox)).length, paysBefore, "no request reached the sandbox");
  assert.equal(sessionOrderRequests(stack.shop).length, ordersBefore, "no order reached the shop");

  // Fixed: the email as typed plus ".com", a full mobile number.
  await page.locator("#kb-email").press("End");
  await page.locator("#kb-email").pressSequentially(".com");
  assert.equal(await page.textContent("#kb-email-error"), "", "fixing the field clears its error as it is typed");
  await page.fill("#kb-phone", "");
  await page.locator("#kb-phone").pressSequentially("090-1234-5678");
  await page.click("#pay-button");

  const placed = await outcome(page);
  assert.equal(placed.tone, "success", placed.text);
  assert.equal(placed.outcome, "authorized");
  assert.match(placed.text, /ご注文を承りました/);
  assert.match(placed.text, /ローソンで ￥4,980 をお支払いください。/);
  assert.match(placed.text, /決済状況：店頭でのお支払い待ち/);
  const paymentId = /決済 ID：(pay_\w+)/.exec(placed.text)?.[1];
  assert.ok(paymentId, placed.text);
  const link = page.locator("#status a.status-link");
  assert.equal(await link.textContent(), "店頭でのお支払い：お支払い方法を見る");
  assert.equal(await link.getAttribute("href"), `${stack.sandboxUrl}/__sandbox/konbini/${paymentId}`);
  assert.deepEqual([await link.getAttribute("target"), await link.getAttribute("rel")], ["_blank", "noopener noreferrer"]);
  assert.equal(await page.textContent("#pay-label"), "ご注文済み");
  assert.equal(await page.isDisabled("#kb-email"), true, "the placed order's form is locked");
  assert.equal(await page.isDisabled("#method-switch input[value='card']"), true);

  await page.click("button[data-locale='en']");
  assert.equal(await link.textContent(), "Pay at the store: see the instructions");
  assert.match(await page.locator("#status").innerText(), /Payment status: waiting for your payment at the store/);
  assert.match(await page.locator("#status").innerText(), /Pay ¥4,980 at Lawson\./);

  // The link opens the payments service's page of instructions for this payment.
  const [instructions] = await Promise.all([page.context().waitForEvent("page"), link.click()]);
  await instructions.waitForLoadState();
  const instructionsText = await instructions.locator("body").innerText();
  assert.match(instructionsText, /Payment instructions/);
  assert.match(instructionsText, new RegExp(paymentId));
  assert.match(instructionsText, /lawson/);
  assert.match(instructionsText, /authorized/);
  await instructions.close();

  // One session order that holds what is bought and the email (no price),
  // and one Session: Pay of the konbini type, of that order's session.
  const pays = await sessionPayRequests(stack.sandbox);
  assert.equal(pays.length, paysBefore + 1);
  assert.deepEqual(pays.at(-1).body.payment_details,
    { type: "konbini", store: "lawson", email: "taro@example.com", phone: "090-1234-5678" });
  assert.equal(pays.at(-1).status, 200);
  const orders = sessionOrderRequests(stack.shop);
  assert.equal(orders.length, ordersBefore + 1);
  assert.deepEqual(JSON.parse(orders.at(-1).body), { items: [{ sku: "sencha-tasting-set", quantity: 1 }], email: "taro@example.com" });
  const sessions = (await stack.sandbox.requests()).filter((r) => r.method === "POST" && r.path === "/api/v1/sessions");
  assert.equal(sessions.at(-1).body.email, "taro@example.com", "the shop gave the session the shopper's email");
  const sessionId = pays.at(-1).path.split("/")[4];
  const shopOrder = await (await fetch(`${stack.shopUrl}/orders/${sessions.at(-1).body.payment_data.external_order_num}`)).json();
  assert.deepEqual([shopOrder.sessionId, shopOrder.status, shopOrder.waitingAtStore, shopOrder.payment.id],
    [sessionId, "authorized", true, paymentId]);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("switching methods keeps what was typed in each, and Tab only visits the shown fields", async () => {
  const page = await openCheckout(browser, `${stack.shopUrl}/`);
  const expiry = futureExpiry();
  await typeCard(page, { name: NAME, number: VISA, expiry: expiry.typed });
  await chooseMethod(page, "konbini");
  assert.equal(await page.textContent("#pay-label"), "Pay ¥4,980 at the store");
  await page.selectOption("#kb-store", "seven-eleven");
  await page.locator("#kb-email").pressSequentially("hanako@example.jp");

  // Tab from the email goes to the phone, then to Pay: never into a hidden card field.
  await page.focus("#kb-email");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "kb-phone");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "pay-button");

  await chooseMethod(page, "card");
  assert.deepEqual(await formValues(page), { name: NAME, number: grouped(VISA), expiry: expiry.shown, cvc: "" });
  assert.equal(await page.textContent("#pay-label"), "Pay ¥4,980");
  await typeCard(page, { cvc: CVC });
  await chooseMethod(page, "konbini");
  assert.equal(await page.inputValue("#kb-email"), "hanako@example.jp");
  assert.equal(await page.inputValue("#kb-store"), "seven-eleven");

  // Paying by konbini sends the konbini details only: nothing from the card fields.
  const paysBefore = (await sessionPayRequests(stack.sandbox)).length;
  await page.click("#pay-button");
  const placed = await outcome(page);
  assert.equal(placed.outcome, "authorized", placed.text);
  assert.match(placed.text, /Pay ¥4,980 at 7-Eleven\./);
  const pays = await sessionPayRequests(stack.sandbox);
  assert.equal(pays.length, paysBefore + 1);
  assert.deepEqual(pays.at(-1).body.payment_details, { type: "konbini", store: "seven-eleven", email: "hanako@example.jp" });
  assert.deepEqual(cardDataInShopLog(stack.shop.log.entries(), { numbers: [VISA], cvc: CVC }), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
