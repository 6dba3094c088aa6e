// Both checkout pages at 320, 390, 768 and 1280 px: nothing is cut off or
// squeezed. Filled key by key (the longest number and brand badge), every
// input shows its whole value (scrollWidth fits clientWidth), the page has no
// sideways scroll, the expiry and code inputs line up, the labels beside each
// other stay on one line where there is room, the totals keep a gap, and the
// shop name and language buttons never wrap a word.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startStack } from "../scripts/stack.mjs";
import { launchBrowser } from "./support/browser.mjs";
import { CVC, NAME, VISA, futureExpiry } from "./support/cards.mjs";
import { chooseMethod, openCheckout, typeCard } from "./support/checkout-page.mjs";

const WIDTHS = [320, 390, 768, 1280];
const AMEX = "378282246310005";
const VISA_19 = `${VISA}111`; // a 19-digit Visa: the longest number there is

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

/** Layout problems of the page as it is now (an empty list: none). */
function measure(page, { oneLineLabels }) {
  return page.evaluate((oneLine) => {
    const problems = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) problems.push(`the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
    for (const input of document.querySelectorAll("input:not([type=radio]), select")) {
      if (input.getClientRects().length === 0) continue;
      if (input.scrollWidth > input.clientWidth) problems.push(`#${input.id} is clipped (${input.scrollWidth} > ${input.clientWidth}): "${input.value}"`);
    }
    const lines = (element) => {
      const style = getComputedStyle(element);
      const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
      return Math.round(element.getBoundingClientRect().height / lineHeight);
    };
    const exp = document.getElementById("cc-exp");
    const csc = document.getElementById("cc-csc");
    if (exp.getClientRects().length > 0) {
      const gap = Math.abs(exp.getBoundingClientRect().top - csc.getBoundingClientRect().top);
      if (gap > 1) problems.push(`the code input sits ${gap} px off the expiry input`);
      if (oneLine) {
        for (const label of document.querySelectorAll("label[for='cc-exp'], label[for='cc-csc']")) {
          if (lines(label) > 1) problems.push(`"${label.textContent}" wraps`);
        }
      }
      const badge = document.getElementById("cc-brand");
      const field = document.getElementById("cc-number").getBoundingClientRect();
      if (badge.getClientRects().length > 0) {
        const box = badge.getBoundingClientRect();
        if (box.right > field.right + 0.5 || lines(badge) > 1) problems.push(`the ${badge.textContent} badge does not fit`);
        if (box.bottom > field.top + 0.5) problems.push("the badge covers the number");
      }
    }
    for (const row of document.querySelectorAll(".totals div")) {
      const [dt, dd] = row.children;
      const gap = dd.getBoundingClientRect().left - dt.getBoundingClientRect().right;
      if (gap < 8) problems.push(`"${dt.textContent}" and "${dd.textContent}" are ${gap.toFixed(1)} px apart`);
    }
    for (const node of document.querySelectorAll(".logo span, .lang-switch button")) {
      if (lines(node) > 1) problems.push(`"${node.textContent}" wraps`);
    }
    return problems;
  }, oneLineLabels);
}

for (const path of ["/", "/script-tag.html"]) {
  for (const width of WIDTHS) {
    test(`${path} at ${width} px: every value whole, nothing wrapped or squeezed`, async () => {
      const page = await openCheckout(browser, stack.shopUrl + path, { viewport: { width, height: 900 } });
      const found = [];
      const check = async (state) => {
        for (const problem of await measure(page, { oneLineLabels: width >= 768 })) found.push(`${state}: ${problem}`);
      };
      await check("empty");
      await typeCard(page, { name: NAME, number: AMEX, expiry: expiry.typed, cvc: "1234" });
      assert.equal(await page.textContent("#cc-brand"), "American Express");
      await check("American Express");
      await page.fill("#cc-number", "");
      await typeCard(page, { number: VISA_19 });
      assert.equal((await page.inputValue("#cc-number")).replace(/\D/g, ""), VISA_19);
      await check("19-digit Visa");
      await page.click("#pay-button"); // errors shown (the code is too long for a Visa)
      await check("errors");
      if (path === "/") {
        await page.click("button[data-locale='ja']");
        await check("ja");
        await chooseMethod(page, "konbini");
        await page.fill("#kb-email", "taro@example.com");
        await page.fill("#kb-phone", "090-1234-5678");
        await check("konbini");
      }
      assert.deepEqual(found, []);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }
}
