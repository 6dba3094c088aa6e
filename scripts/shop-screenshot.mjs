#!/usr/bin/env node
// Takes docs/shop.png: the demo checkout, filled in and paid, 1000 px wide.
// Needs the release build (npm run build) and the sandbox binary
// (cargo build -p tessera-sandbox).   node scripts/shop-screenshot.mjs [out.png]
import { join } from "node:path";
import { launchBrowser } from "../e2e/support/browser.mjs";
import { ROOT, startStack } from "./stack.mjs";

const out = process.argv[2] || join(ROOT, "docs", "shop.png");
const stack = await startStack();
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 760 }, locale: "en-US" });
  const page = await context.newPage();
  await page.goto(`${stack.shopUrl}/`);
  await page.waitForSelector("html[data-ready='true']");
  const yy = String((new Date().getFullYear() + 3) % 100).padStart(2, "0");
  await page.locator("#cc-name").pressSequentially("TARO YAMADA");
  await page.locator("#cc-number").pressSequentially("4111111111111111");
  await page.locator("#cc-exp").pressSequentially(`12${yy}`);
  await page.locator("#cc-csc").pressSequentially("123");
  await page.click("#pay-button");
  await page.waitForSelector("#status.status--success", { timeout: 20_000 });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: out, fullPage: true });
  console.log(`shop-screenshot: wrote ${out}`);
} finally {
  await browser.close();
  await stack.close();
}
