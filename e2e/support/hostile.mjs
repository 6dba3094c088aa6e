// The skimmer of the card-fields tests (e2e/fixtures/fields/www/skimmer.js),
// as a Playwright init script: installed before any script of the page.
import { readFileSync } from "node:fs";

const SOURCE = readFileSync(new URL("../fixtures/fields/www/skimmer.js", import.meta.url), "utf8");

/** For `page.addInitScript` (openPage's `init`). */
export const hostile = { content: `${SOURCE}\nhostile();\n` };
