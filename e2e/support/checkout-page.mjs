// Drives the shop's checkout pages the way a shopper does: key by key.
import { openPage } from "./browser.mjs";

/** Opens `url` and waits until Tessera has loaded and the form is live. */
export async function openCheckout(browser, url, options) {
  const page = await openPage(browser, options);
  await page.goto(url);
  await page.waitForSelector("html[data-ready='true']", { timeout: 15_000 });
  return page;
}

/** Types each given field key by key (fields left undefined are skipped). */
export async function typeCard(page, { name, number, expiry, cvc }) {
  if (name !== undefined) await page.locator("#cc-name").pressSequentially(name);
  if (number !== undefined) await page.locator("#cc-number").pressSequentially(number);
  if (expiry !== undefined) await page.locator("#cc-exp").pressSequentially(expiry);
  if (cvc !== undefined) await page.locator("#cc-csc").pressSequentially(cvc);
}

/** The four inputs' current values. */
export async function formValues(page) {
  return {
    name: await page.inputValue("#cc-name"),
    number: await page.inputValue("#cc-number"),
    expiry: await page.inputValue("#cc-exp"),
    cvc: await page.inputValue("#cc-csc"),
  };
}

/**
 * Waits for the status line to settle on success or error and returns
 * { tone, text, outcome, errorType, errorCode } (the last three from its
 * data-* attributes: e.g. "token_error", "timeout_error", "timeout").
 */
export async function outcome(page, { timeout = 20_000 } = {}) {
  const status = page.locator("#status.status--success, #status.status--error");
  await status.waitFor({ timeout });
  const className = await status.getAttribute("class");
  const data = await status.evaluate((node) => ({ ...node.dataset }));
  return {
    tone: className.includes("success") ? "success" : "error",
    text: await status.innerText(),
    outcome: data.outcome,
    errorType: data.errorType,
    errorCode: data.errorCode,
  };
}

/** Picks a payment method with the keyboard: focus the checked radio, arrow to the other. */
export async function chooseMethod(page, name) {
  const checked = page.locator("#method-switch input:checked");
  if ((await checked.getAttribute("value")) === name) return;
  await checked.focus();
  await page.keyboard.press("ArrowRight");
  await page.locator(`#method-switch input[value='${name}']:checked`).waitFor();
}

/** The status line's title and its lines of detail, as shown. */
export async function statusText(page) {
  return {
    title: await page.locator("#status .status-title").textContent(),
    lines: await page.locator("#status .status-line").allTextContents(),
  };
}

/** The sandbox's recorded POSTs to /api/v1/tokens (card data masked by the sandbox). */
export async function tokenRequests(sandbox) {
  return (await sandbox.requests()).filter((r) => r.method === "POST" && r.path === "/api/v1/tokens");
}

/** The sandbox's recorded Session: Pay requests (POST /api/v1/sessions/{id}/pay; card data masked by the sandbox). */
export async function sessionPayRequests(sandbox) {
  return (await sandbox.requests()).filter((r) => r.method === "POST" && /^\/api\/v1\/sessions\/[^/]+\/pay$/.test(r.path));
}

/** The session orders the shop received (POST /orders/session: what is bought, never a price or card data). */
export function sessionOrderRequests(shop) {
  return shop.log.entries().filter((e) => e.method === "POST" && e.url === "/orders/session");
}

/** The direct-route orders the shop received (POST /orders: a token, the script-tag page's route). */
export function orderRequests(shop) {
  return shop.log.entries().filter((e) => e.method === "POST" && e.url === "/orders");
}
