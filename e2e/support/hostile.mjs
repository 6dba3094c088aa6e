// The skimmer of the card-fields tests (e2e/fixtures/fields/www/skimmer.js),
// as a Playwright init script: installed before any script of the page.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { grouped } from "./cards.mjs";

const SOURCE = readFileSync(new URL("../fixtures/fields/www/skimmer.js", import.meta.url), "utf8");

/** For `page.addInitScript` (openPage's `init`). */
export const hostile = { content: `${SOURCE}\nhostile();\n` };

/**
 * Asserts that the skimmer's `loot` holds neither card `number` (plain or
 * grouped, nor any card-number-like run of digits) nor the code `cvc`;
 * token and payment IDs, and the `allowed` texts (a test-mode hint naming a
 * test card), are left out first.
 */
export function assertNoCardIn(loot, { number, cvc, allowed = [] }) {
  let all = loot.join("\n").replace(/s?tok_[A-Za-z0-9]+|pay_[A-Za-z0-9]+/g, "");
  for (const text of allowed) all = all.replaceAll(text, "");
  assert.ok(!all.includes(number), "the number");
  assert.ok(!all.includes(grouped(number)), "the grouped number");
  assert.deepEqual(all.match(/(?:\d[ -]?){12,18}\d/g) ?? [], [], "no card-number-like run of digits");
  assert.ok(!new RegExp(`(^|\\D)${cvc}(\\D|$)`).test(all), "the security code");
}
