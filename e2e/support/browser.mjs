// Headless Chromium for the end-to-end tests: Debian's /usr/bin/chromium
// through playwright-core (which never downloads a browser of its own).
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.TESSERA_CHROMIUM || "/usr/bin/chromium";

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

/**
 * A new page that records its console errors, uncaught exceptions and
 * Content-Security-Policy violations in `page.problems`, for tests to assert
 * that there were none.
 */
export async function openPage(browser, { viewport = { width: 1000, height: 900 }, locale = "en-US" } = {}) {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") page.problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => page.problems.push(`pageerror: ${error.message}`));
  await page.exposeFunction("__reportViolation", (text) => page.problems.push(`csp: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__reportViolation(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`);
    });
  });
  return page;
}
