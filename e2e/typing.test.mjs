// Editing the card fields as a person does, key by key in Chromium, on both
// demo pages (the ES-module checkout and the script-tag one): Home/End and
// the arrows, Backspace and Delete across the separators, selecting and
// typing over, pasting. And the package entry's as-you-type functions and its
// cheap-crossing paths in Node, against the general ones (issue 15).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ROOT, startStack } from "../scripts/stack.mjs";
import { launchBrowser } from "./support/browser.mjs";
import { openCheckout } from "./support/checkout-page.mjs";

let stack;
let browser;

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

const state = (page, id) =>
  page.evaluate((id) => {
    const input = document.getElementById(id);
    return { value: input.value, caret: input.selectionStart };
  }, id);

async function press(page, ...keys) {
  for (const key of keys) await page.keyboard.press(key);
}

for (const path of ["/", "/script-tag.html"]) {
  test(`${path}: the expiry's month is edited in place and the year stays`, async () => {
    const page = await openCheckout(browser, `${stack.shopUrl}${path}`);
    await page.locator("#cc-exp").pressSequentially("1229");
    assert.deepEqual(await state(page, "cc-exp"), { value: "12 / 29", caret: 7 });
    // Home, →, →, Backspace: the month's 2 goes, the year stays.
    await press(page, "Home", "ArrowRight", "ArrowRight", "Backspace");
    assert.deepEqual(await state(page, "cc-exp"), { value: "1 / 29", caret: 1 });
    await page.keyboard.type("1");
    assert.deepEqual(await state(page, "cc-exp"), { value: "11 / 29", caret: 2 });
    // Select the month and type over it.
    await press(page, "Home", "Shift+ArrowRight", "Shift+ArrowRight");
    await page.keyboard.type("0");
    assert.deepEqual(await state(page, "cc-exp"), { value: "0 / 29", caret: 1 });
    await page.keyboard.type("2");
    assert.deepEqual(await state(page, "cc-exp"), { value: "02 / 29", caret: 2 });
    // A digit 2–9 alone is 0N at once.
    await press(page, "Home", "Shift+ArrowRight", "Shift+ArrowRight");
    await page.keyboard.type("4");
    assert.deepEqual(await state(page, "cc-exp"), { value: "04 / 29", caret: 2 });
    // A third digit typed into a full month is refused, not pushed into the year.
    await page.keyboard.type("7");
    assert.deepEqual(await state(page, "cc-exp"), { value: "04 / 29", caret: 2 });
    // Backspace just after the " / " deletes the month's last digit.
    await press(page, "ArrowRight", "ArrowRight", "ArrowRight", "Backspace");
    assert.deepEqual(await state(page, "cc-exp"), { value: "0 / 29", caret: 1 });
    await page.keyboard.type("9");
    // Delete just before the " / " deletes the year's first digit.
    await press(page, "Delete");
    assert.deepEqual(await state(page, "cc-exp"), { value: "09 / 9", caret: 2 });
    // End, Backspace to the month: the separator goes with the last year digit.
    await press(page, "End", "Backspace");
    assert.deepEqual(await state(page, "cc-exp"), { value: "09", caret: 2 });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test(`${path}: Delete and Backspace across a space delete the digit beyond it`, async () => {
    const page = await openCheckout(browser, `${stack.shopUrl}${path}`);
    await page.locator("#cc-number").pressSequentially("4111222233334444");
    assert.deepEqual(await state(page, "cc-number"), { value: "4111 2222 3333 4444", caret: 19 });
    // Home, four →: the caret is just before the first space. Delete, twice.
    await press(page, "Home", "ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight", "Delete");
    assert.deepEqual(await state(page, "cc-number"), { value: "4111 2223 3334 444", caret: 4 });
    await press(page, "Delete");
    assert.deepEqual(await state(page, "cc-number"), { value: "4111 2233 3344 44", caret: 4 });
    // → past the space, Backspace: the 1 before the space goes.
    await press(page, "ArrowRight", "Backspace");
    assert.deepEqual(await state(page, "cc-number"), { value: "4112 2333 3444 4", caret: 3 });
    // Backspace over a plain digit, then type it back.
    await press(page, "Backspace");
    assert.deepEqual(await state(page, "cc-number"), { value: "4122 3333 4444", caret: 2 });
    await page.keyboard.type("1");
    assert.deepEqual(await state(page, "cc-number"), { value: "4112 2333 3444 4", caret: 3 });
    // Select everything and type over it: a new brand.
    await press(page, "Control+A");
    await page.keyboard.type("3782");
    assert.deepEqual(await state(page, "cc-number"), { value: "3782", caret: 4 });
    assert.equal(await page.textContent("#cc-brand"), "American Express");
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test(`${path}: pasting and over-long input are grouped, never with an ungrouped tail`, async () => {
    const page = await openCheckout(browser, `${stack.shopUrl}${path}`);
    await page.focus("#cc-number");
    await page.keyboard.insertText("4111111111111111 extra 22");
    assert.deepEqual(await state(page, "cc-number"), { value: "4111 1111 1111 1111 22", caret: 22 });
    await press(page, "Control+A");
    await page.keyboard.insertText("4111 1111 1111 1111 1119999");
    assert.deepEqual(await state(page, "cc-number"), { value: "4111 1111 1111 1111 111", caret: 23 });
    // Diners Club: 4-6-4 at 14 digits, fours beyond.
    await press(page, "Control+A");
    await page.keyboard.insertText("30569309025904");
    assert.equal(await page.inputValue("#cc-number"), "3056 930902 5904");
    await page.keyboard.type("12");
    assert.equal(await page.inputValue("#cc-number"), "3056 9309 0259 0412");
    // "9" can only be Troy: the badge says so at once, as cardBrands does.
    await press(page, "Control+A");
    await page.keyboard.type("9");
    assert.equal(await page.textContent("#cc-brand"), "Troy");
    // A pasted expiry.
    await page.focus("#cc-exp");
    await page.keyboard.insertText("12/29");
    assert.deepEqual(await state(page, "cc-exp"), { value: "12 / 29", caret: 7 });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test("the package entry: as-you-type functions and the cheap paths agree with the general ones (Node)", async () => {
  const tessera = await import(join(ROOT, "dist", "tessera.js"));
  await tessera.default(readFileSync(join(ROOT, "dist", "tessera_bg.wasm")));
  const glue = await import(join(ROOT, "dist", "tessera_glue.js"));

  const n = tessera.cardNumberInput("41111111", 4, "deleteContentForward");
  assert.deepEqual({ ...n, brand: n.brand.type }, { value: "4111 111", caret: 4, brand: "visa", isValid: false, isPotentiallyValid: true });
  assert.deepEqual(tessera.cardNumberInput("4111111111111111", 16), {
    ...tessera.cardNumberInput("4111 1111 1111 1111"), caret: 19,
  });
  assert.equal(tessera.cardNumberInput("4111111111111111").isValid, true);
  assert.equal(tessera.cardNumberInput(4111111111111111).value, "4111 1111 1111 1111", "a number is read as its digits");
  assert.equal(tessera.cardNumberInput(undefined).value, "");
  // A brand or input type that is not a string is no brand / no edit: never
  // a trap inside the wasm (it was "memory access out of bounds").
  for (const odd of [7, {}, [], true, Symbol.iterator]) {
    assert.deepEqual({ ...tessera.validateCvc("123", odd) }, { ...tessera.validateCvc("123") });
    assert.deepEqual({ ...tessera.validateCvc("12a", odd) }, { ...tessera.validateCvc("12a") });
    assert.deepEqual(tessera.cvcInput("123", 3, odd), tessera.cvcInput("123", 3));
    assert.deepEqual(tessera.cardNumberInput("4111", 4, odd).value, "4111");
    assert.deepEqual(tessera.expiryInput("12", 2, odd).value, "12");
  }
  assert.throws(() => tessera.cardNumberInput("4", 1, undefined, { maxLength: "x" }), { type: "integration_error", code: "invalid_option" });
  assert.equal(tessera.cardNumberInput("9").brand.type, "troy");
  assert.deepEqual(tessera.cardBrands("9").map((b) => b.type), ["troy"]);
  assert.equal(tessera.validateCardNumber("30").brand.type, "diners-club");

  const now = { now: new Date(2026, 10, 24) };
  assert.deepEqual(tessera.expiryInput("12 /29", 4, "deleteContentBackward", now), {
    value: "1 / 29", caret: 1, month: "01", year: "2029", isValid: true, isPotentiallyValid: true,
  });
  assert.deepEqual(tessera.expiryInput("011 / 29", 3, "insertText", now).value, "01 / 29");
  assert.deepEqual(tessera.cvcInput("1a234", 5, "visa"), { value: "123", caret: 3, isValid: true, isPotentiallyValid: true });
  assert.deepEqual(tessera.cvcInput("12345", 5), { value: "1234", caret: 4, isValid: true, isPotentiallyValid: true });

  // validateCvc and validateExpiry pass short strings as numbers: the same
  // answers as the general path, for codes, expiries, odd characters.
  const codes = ["", "1", "12", "123", "1234", "12345", "12a", " 123", "123 ", "１２３", "1 2", "\u{1F600}12", "\uD800", "99999999", "123456789"];
  for (const code of codes) {
    for (const brand of [undefined, null, "visa", "american-express", "american_express", "nope", ""]) {
      assert.deepEqual(tessera.validateCvc(code, brand), glue.validateCvc(code, brand ?? undefined), `${JSON.stringify(code)} ${brand}`);
    }
  }
  const expiries = ["", "1", "12", "12/", "12/2", "12/29", "12 / 29", "1229", "122029", "2029-12", "13/29", "00/29", "10/26", "１２／２９", "ab", "12//29", "12/29999", " 12/29 ", "1/29", "12 / 2029", "12 /2029   1"];
  for (const value of expiries) {
    assert.deepEqual(tessera.validateExpiry(value), glue.validateExpiry(value), JSON.stringify(value));
  }
});

test("the package entry's fast paths answer as the general path on generated input (property, Node)", async () => {
  const tessera = await import(join(ROOT, "dist", "tessera.js"));
  await tessera.default(readFileSync(join(ROOT, "dist", "tessera_bg.wasm")));
  const glue = await import(join(ROOT, "dist", "tessera_glue.js"));
  // mulberry32, seeded: the same cases every run.
  let seed = 0x15c0de;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (list) => list[Math.floor(rand() * list.length)];
  // Mostly digits, with what a shopper or autofill may put in a field.
  const alphabet = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "1", "2", "9", " ", "/", "-", "a", "Z",
    "\u3000", "\u00a0", "\t", "\uff11", "\uff0f", "\uff0d", "\ud83d\ude00", "\ud800", "."];
  const text = (max) => Array.from({ length: Math.floor(rand() * (max + 1)) }, () => pick(alphabet)).join("");
  const digits = (max) => Array.from({ length: Math.floor(rand() * (max + 1)) }, () => String(Math.floor(rand() * 10))).join("");
  const brands = [undefined, null, "", "visa", "american-express", "american_express", "diners-club", "jcb", "unionpay", "troy", "nope", "VISA"];
  const carets = [undefined, null, 0, 1, 2, 3, 5, 9, -1, 1.5, 1e9, NaN, Infinity];
  const inputTypes = [undefined, null, "insertText", "deleteContentBackward", "deleteContentForward", "insertFromPaste", ""];
  for (let i = 0; i < 4000; i++) {
    const code = rand() < 0.6 ? digits(10) : text(10);
    const brand = pick(brands);
    const caret = pick(carets);
    const where = `${JSON.stringify(code)} ${JSON.stringify(brand)} ${caret}`;
    assert.deepEqual(tessera.validateCvc(code, brand), glue.validateCvc(code, brand ?? undefined), `validateCvc ${where}`);
    assert.deepEqual(tessera.cvcInput(code, caret, brand), glue.cvcInput(code, caret, brand ?? undefined), `cvcInput ${where}`);
    const expiry = rand() < 0.5 ? digits(6).replace(/^(\d\d)(\d)/, pick(["$1/$2", "$1 / $2", "$1$2", "$1 /$2"])) : text(12);
    const inputType = pick(inputTypes);
    const at = `${JSON.stringify(expiry)} ${caret} ${inputType}`;
    assert.deepEqual(tessera.validateExpiry(expiry), glue.validateExpiry(expiry), `validateExpiry ${at}`);
    assert.deepEqual(tessera.expiryInput(expiry, caret, inputType), glue.expiryInput(expiry, caret, inputType ?? undefined), `expiryInput ${at}`);
  }
  // A long code takes the general path.
  assert.deepEqual(tessera.cvcInput("1".repeat(80), 80, "visa"), glue.cvcInput("1".repeat(80), 80, "visa"));
});
