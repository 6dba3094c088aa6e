// Accessibility of the isolated card fields (issue 14), state by state:
// axe-core run from the merchant's page with a copy of axe inside the card
// frame too (the frame's nodes are checked as parts of the page: labels, the
// frame's title, errors tied to inputs, colour contrast with none left
// undecided), plus the project's control-outline and placeholder contrast
// checks inside the frame. States: empty, typing, an error shown on leaving a
// field, every error after a refused createToken, complete, paid, and the same
// in Japanese with the frame's default style. Real Chromium, real sandbox serving the frame from its own
// origin, the test merchant page under its strict CSP.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { axeProblems, controlContrastProblems } from "./support/axe.mjs";
import { launchBrowser, openPage } from "./support/browser.mjs";
import { CVC, NAME, VISA, futureExpiry } from "./support/cards.mjs";
import { startFieldsStack } from "./support/fields-stack.mjs";

const expiry = futureExpiry();
let stack;
let browser;

before(async () => {
  [stack, browser] = await Promise.all([startFieldsStack(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

async function mounted(url) {
  const page = await openPage(browser);
  await page.goto(url);
  await page.waitForFunction(() => /^(ready|mount failed)/.test(document.getElementById("status").textContent), null, { timeout: 20_000 });
  assert.equal(await page.textContent("#status"), "ready");
  return page;
}

/** The card frame of `page` (a Playwright Frame). */
function cardFrame(page) {
  const frame = page.frames().find((f) => /\/fields\/fields\.html$/.test(f.url()));
  assert.ok(frame, "the card frame is attached");
  return frame;
}

/** axe over the page and the frame, and the contrast checks inside the frame. */
async function problems(page, state) {
  return [
    ...await axeProblems(page, state, { frames: true }),
    ...await controlContrastProblems(cardFrame(page), `${state} (frame)`),
  ];
}

// English with the test merchant's style object; Japanese with the frame's own look.
for (const [locale, query, look] of [["en", "", "the merchant's style"], ["ja", "&nostyle", "the frame's default style"]]) {
  test(`${locale}, ${look}: no axe violation and no low contrast on the page or in the card frame, in every state`, async () => {
    const page = await mounted(`${stack.shopUrl}/?lang=${locale}${query}`);
    const frame = page.frameLocator("#card iframe");
    const found = [];
    found.push(...await problems(page, "empty"));
    // axe did look inside the frame: the inputs whose labels it checked are the frame's.
    const labelPasses = await page.evaluate(() => window.axe.run(document, { runOnly: ["label"], resultTypes: ["passes"] }));
    const labelled = labelPasses.passes.flatMap((rule) => rule.nodes.map((node) => node.target.join(" ")));
    assert.deepEqual(labelled.sort(), ["#tf-cvc", "#tf-expiry", "#tf-name", "#tf-number"].map((id) => `iframe ${id}`).sort(),
      "axe checked the frame's four inputs");
    const contrastPasses = await page.evaluate(() => window.axe.run(document, { runOnly: ["color-contrast"], resultTypes: ["passes"] }));
    const contrasted = contrastPasses.passes.flatMap((rule) => rule.nodes.map((node) => node.target.join(" ")));
    for (const id of ["#tf-number-label", "#tf-number", "#tf-name-label"]) assert.ok(contrasted.includes(`iframe ${id}`), `axe checked the contrast of ${id} in the frame`);

    // Typing: a partial number, the focus in the field.
    await frame.locator("#tf-number").pressSequentially("4111 1111");
    found.push(...await problems(page, "typing"));

    // An error shown on leaving the field (the focus has moved on).
    await frame.locator("#tf-expiry").focus();
    await frame.locator("#tf-number-error:not(:empty)").waitFor();
    assert.equal(await frame.locator("#tf-number").getAttribute("aria-invalid"), "true");
    found.push(...await problems(page, "error on leaving a field"));

    // Every error, after a refused createToken.
    await frame.locator("#tf-number").fill("");
    const refused = await page.evaluate(() => window.__fields.createToken({ currency: "JPY" }).then(() => null, (e) => e.type));
    assert.equal(refused, "validation_error");
    assert.equal(await frame.locator(".tf-error:not(:empty)").count(), 4);
    found.push(...await problems(page, "every error"));

    // Complete.
    await frame.locator("#tf-number").pressSequentially(VISA);
    await frame.locator("#tf-expiry").pressSequentially(expiry.typed);
    await frame.locator("#tf-cvc").pressSequentially(CVC);
    await frame.locator("#tf-name").pressSequentially(NAME);
    await page.waitForFunction(() => window.__fields.state.complete);
    assert.equal(await frame.locator(".tf-error:not(:empty)").count(), 0);
    found.push(...await problems(page, "complete"));

    // Paid.
    await page.click("#pay");
    await page.waitForFunction(() => /^paid /.test(document.getElementById("status").textContent), null, { timeout: 20_000 });
    found.push(...await problems(page, "paid"));

    assert.deepEqual(found, []);
    assert.equal(await cardFrame(page).evaluate(() => document.documentElement.lang), locale);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}
