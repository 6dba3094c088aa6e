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
 * A new page (in a context of its own) that records its console errors,
 * uncaught exceptions, unhandled promise rejections and Content-Security-Policy
 * violations in `page.problems`, for tests to assert that there were none; the
 * violations alone are also in `page.violations`, and the rejections in
 * `page.rejections`. `init` is an extra init script (a function) run before
 * the page's own scripts.
 */
export async function openPage(browser, { viewport = { width: 1000, height: 900 }, locale = "en-US", init } = {}) {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  page.problems = [];
  page.violations = [];
  page.rejections = [];
  page.on("console", (message) => {
    if (message.type() === "error") page.problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => page.problems.push(`pageerror: ${error.message}`));
  await page.exposeFunction("__reportProblem", (kind, text) => {
    page.problems.push(`${kind}: ${text}`);
    if (kind === "csp") page.violations.push(text);
    if (kind === "unhandledrejection") page.rejections.push(text);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__reportProblem("csp", `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`);
    });
    window.addEventListener("unhandledrejection", (event) => {
      const reason = event.reason;
      window.__reportProblem("unhandledrejection", String(reason && reason.message ? `${reason.name}: ${reason.message}` : reason));
    });
  });
  if (init) await page.addInitScript(init);
  return page;
}
