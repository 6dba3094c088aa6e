// The 3-D Secure challenge UI (js/challenge.js) end to end in Chromium: a
// shop page on one loopback origin under a strict CSP with Trusted Types, and
// an issuer's challenge page (e2e/support/issuer-stand-in.mjs) on another.
// Dialog mode: labelled, modal, focused; the shopper types into the
// cross-origin frame and the dialog closes with the return URL; Escape, the
// close button, the page's signal and the deadline end it with the right
// TesseraError; poll() finishes it; a page that tries to break out of the
// frame cannot navigate the shop away. Redirect mode goes top-level to the
// issuer and back. Bad arguments are refused before anything is shown. Not a
// single CSP violation anywhere.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, openPage } from "./support/browser.mjs";
import { startShop } from "./support/challenge-shop.mjs";
import { PASSWORD, startIssuerStandIn } from "./support/issuer-stand-in.mjs";

let shop;
let issuer;
let browser;

before(async () => {
  shop = await startShop({ status: (id) => issuer.challenge(id)?.status !== "pending" });
  issuer = await startIssuerStandIn({ shopOrigins: [shop.origin] });
  shop.setIssuerOrigin(issuer.origin);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await Promise.all([shop?.close(), issuer?.close()]);
});

const returnUrl = () => `${shop.origin}/return`;

async function openShop(options) {
  const page = await openPage(browser, options);
  await page.goto(`${shop.origin}/`);
  await page.locator("html[data-ready='1']").waitFor();
  return page;
}

/** How run `i` ended (waits for it). */
function settle(page, i) {
  return page.evaluate((n) => window.challenge.settle(n), i);
}

function dialogCount(page) {
  return page.evaluate(() => document.querySelectorAll("dialog").length);
}

/** No CSP violation seen by the page's own listener or by the harness, and no other problem. */
async function assertClean(page, allowed = []) {
  assert.deepEqual(await page.evaluate(() => window.challenge.violations), []);
  assert.deepEqual(page.violations, []);
  const problems = page.problems.filter((p) => !allowed.some((re) => re.test(p)));
  assert.deepEqual(problems, []);
}

function assertRejected(record, type, code) {
  assert.equal(record.state, "rejected", JSON.stringify(record));
  assert.equal(record.isTesseraError, true, JSON.stringify(record));
  assert.equal(record.name, "TesseraError");
  assert.deepEqual([record.type, record.code], [type, code], record.message);
  assert.ok(record.message.length > 0);
}

/** Opens a challenge from the Pay button (the button keeps focus until then). */
async function payWith(page, url, options) {
  await page.evaluate(([u, o]) => {
    window.nextChallenge = { url: u, options: o };
  }, [url, options]);
  await page.locator("#pay").focus();
  await page.locator("#pay").click();
  await page.getByRole("dialog").waitFor();
  return page.evaluate(() => window.lastRun);
}

test("dialog mode: labelled, modal and focused; typing the password in the cross-origin frame finishes it", async () => {
  const page = await openShop();
  const { id, url } = issuer.create({ returnUrl: returnUrl() });
  const run = await payWith(page, url, { returnUrl: returnUrl() });

  const dialog = page.getByRole("dialog", { name: "Confirm your payment" });
  await dialog.waitFor();
  const shape = await page.evaluate(() => {
    const d = document.querySelector("dialog");
    const label = document.getElementById(d.getAttribute("aria-labelledby"));
    const frame = d.querySelector("iframe");
    return {
      modal: d.matches(":modal"),
      inBody: d.parentElement === document.body,
      label: label && label.textContent,
      labelVisible: !!label && label.getBoundingClientRect().height > 0,
      focusInside: d.contains(document.activeElement),
      sandbox: frame.getAttribute("sandbox"),
      sandboxTokens: [...frame.sandbox],
      referrerPolicy: frame.getAttribute("referrerpolicy"),
      title: frame.title,
      styleAttr: frame.hasAttribute("style") && frame.getAttribute("style").length > 0,
      width: frame.getBoundingClientRect().width,
      height: frame.getBoundingClientRect().height,
    };
  });
  assert.equal(shape.modal, true);
  assert.equal(shape.inBody, true);
  assert.equal(shape.label, "Confirm your payment");
  assert.equal(shape.labelVisible, true);
  assert.equal(shape.focusInside, true);
  assert.equal(shape.sandbox, await page.evaluate(() => window.challenge.SANDBOX));
  assert.deepEqual(shape.sandboxTokens.sort(), ["allow-forms", "allow-same-origin", "allow-scripts"]);
  assert.ok(!shape.sandboxTokens.some((t) => t.startsWith("allow-top-navigation")), shape.sandbox);
  assert.ok(!shape.sandboxTokens.includes("allow-popups"), shape.sandbox);
  assert.equal(shape.referrerPolicy, "no-referrer");
  assert.equal(shape.title, "Your card issuer's authentication page");
  assert.equal(shape.width, 420);
  assert.equal(shape.height, 560);
  // The shop page behind is inert: a click on Pay does not reach it.
  await assert.rejects(page.locator("#pay").click({ timeout: 500 }));

  // The issuer's page, in its own origin, with no Referer from the shop.
  const frame = page.frameLocator("dialog iframe");
  await frame.getByRole("heading", { name: "Example Issuer" }).waitFor();
  assert.ok(!(await frame.locator("body").textContent()).includes("4100000000005000"));
  assert.deepEqual(issuer.requests.filter((r) => r.path === `/challenges/${id}`).map((r) => r.referer), [null]);

  // A wrong password keeps the dialog open on the issuer's answer.
  await frame.getByLabel("Password").fill("000000");
  await frame.getByRole("button", { name: "Confirm" }).click();
  await frame.getByRole("alert").waitFor();
  assert.match(await frame.getByRole("alert").textContent(), /Wrong password/);
  assert.equal(await dialogCount(page), 1);

  await frame.getByLabel("Password").fill(PASSWORD);
  await frame.getByRole("button", { name: "Confirm" }).click();
  const record = await settle(page, run);
  assert.equal(record.state, "resolved", JSON.stringify(record));
  assert.equal(record.value.finishedBy, "return");
  const back = new URL(record.value.returnedTo);
  assert.equal(back.origin + back.pathname, returnUrl());
  assert.equal(back.searchParams.get("secure_token_id"), id);
  assert.equal(issuer.challenge(id).status, "ok");

  assert.equal(await dialogCount(page), 0);
  assert.equal(await page.evaluate(() => document.querySelectorAll("iframe").length), 0);
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), "pay");
  assert.equal(page.url(), `${shop.origin}/`);
  await assertClean(page);
  await page.context().close();
});

test("Escape cancels: abort_error / three_d_secure_cancelled, the dialog is gone and focus is back", async () => {
  const page = await openShop();
  const { url } = issuer.create({ returnUrl: returnUrl() });
  const run = await payWith(page, url, { returnUrl: returnUrl() });
  await page.frameLocator("dialog iframe").getByRole("heading", { name: "Example Issuer" }).waitFor();
  assert.equal(await page.evaluate(() => document.querySelector("dialog").contains(document.activeElement)), true);
  await page.keyboard.press("Escape");
  assertRejected(await settle(page, run), "abort_error", "three_d_secure_cancelled");
  assert.equal(await dialogCount(page), 0);
  assert.equal(await page.evaluate(() => document.activeElement.id), "pay");
  await assertClean(page);
  await page.context().close();
});

test("the labelled close button cancels (Japanese labels, dialog in the given container)", async () => {
  const page = await openShop({ locale: "ja-JP" });
  const { url } = issuer.create({ returnUrl: returnUrl() });
  const run = await page.evaluate(([u, r]) => {
    const c = window.challenge;
    return c.track(c.handleChallenge(u, { returnUrl: r, locale: "ja", container: document.getElementById("host") }));
  }, [url, returnUrl()]);
  const dialog = page.getByRole("dialog", { name: "カード会社の本人認証" });
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.querySelector("#host > dialog") !== null), true);
  assert.equal(await page.locator("dialog iframe").getAttribute("title"), "カード会社の本人認証ページ");
  await dialog.getByRole("button", { name: "閉じる" }).click();
  const record = await settle(page, run);
  assertRejected(record, "abort_error", "three_d_secure_cancelled");
  assert.equal(record.message, "カードの本人認証がキャンセルされました。");
  assert.equal(await dialogCount(page), 0);
  await assertClean(page);
  await page.context().close();
});

test("the page's signal closes the dialog: abort_error / aborted; an aborted signal shows nothing", async () => {
  const page = await openShop();
  const { url } = issuer.create({ returnUrl: returnUrl() });
  const run = await page.evaluate(([u, r]) => {
    window.controller = new AbortController();
    return window.challenge.track(window.challenge.runChallenge(u, { returnUrl: r, signal: window.controller.signal }));
  }, [url, returnUrl()]);
  await page.getByRole("dialog").waitFor();
  await page.evaluate(() => window.controller.abort());
  assertRejected(await settle(page, run), "abort_error", "aborted");
  assert.equal(await dialogCount(page), 0);

  const early = await page.evaluate(([u, r]) => {
    const c = window.challenge;
    return c.track(c.handleChallenge(u, { returnUrl: r, signal: AbortSignal.abort() }));
  }, [url, returnUrl()]);
  assertRejected(await settle(page, early), "abort_error", "aborted");
  assert.equal(await dialogCount(page), 0);
  await assertClean(page);
  await page.context().close();
});

test("no finish before deadlineMs: timeout_error / timeout, and the dialog is removed", async () => {
  const page = await openShop();
  const { url } = issuer.create({ returnUrl: returnUrl() });
  const run = await page.evaluate(([u, r]) => window.challenge.track(window.challenge.runChallenge(u, { returnUrl: r, deadlineMs: 1500 })), [url, returnUrl()]);
  await page.getByRole("dialog").waitFor();
  assertRejected(await settle(page, run), "timeout_error", "timeout");
  assert.equal(await dialogCount(page), 0);
  await assertClean(page);
  await page.context().close();
});

test("poll() finishes the dialog when the resource is done on the issuer's side", async () => {
  const page = await openShop();
  const { id, url } = issuer.create({ returnUrl: returnUrl() });
  const run = await page.evaluate(([u, r, i]) => {
    const c = window.challenge;
    return c.track(c.runChallenge(u, { returnUrl: r, poll: c.statusPoll(i), pollIntervalMs: 200 }));
  }, [url, returnUrl(), id]);
  await page.getByRole("dialog").waitFor();
  // Polled while pending, and still open.
  await page.waitForTimeout(700);
  assert.ok((await page.evaluate(() => window.challenge.pollCalls.length)) >= 2);
  assert.equal(await dialogCount(page), 1);
  // The shopper approves in the bank's app: the frame never moves, poll sees it.
  issuer.approve(id);
  const record = await settle(page, run);
  assert.equal(record.state, "resolved", JSON.stringify(record));
  assert.deepEqual(record.value, { returnedTo: returnUrl(), finishedBy: "poll" });
  assert.equal(await dialogCount(page), 0);
  const calls = await page.evaluate(() => window.challenge.pollCalls.length);
  await page.waitForTimeout(600);
  assert.equal(await page.evaluate(() => window.challenge.pollCalls.length), calls, "polling stopped");
  await assertClean(page);
  await page.context().close();
});

test("an issuer page that breaks out of the frame cannot navigate the shop's page away", async () => {
  const page = await openShop();
  const { id, url } = issuer.create({ returnUrl: returnUrl(), breakout: true });
  const run = await payWith(page, url, { returnUrl: returnUrl() });
  const frame = page.frameLocator("dialog iframe");
  await frame.getByLabel("Password").fill(PASSWORD);
  await frame.getByRole("button", { name: "Confirm" }).click();
  await page.waitForTimeout(800);
  assert.equal(page.url(), `${shop.origin}/`);
  assert.equal(await dialogCount(page), 1);
  assert.equal(issuer.requests.filter((r) => r.method === "POST" && r.path === `/challenges/${id}`).length, 0);
  await page.getByRole("button", { name: "Close" }).click();
  assertRejected(await settle(page, run), "abort_error", "three_d_secure_cancelled");
  // Chromium reports the blocked navigation on the console of the issuer's frame.
  const blocked = /Unsafe attempt to initiate navigation .*sandboxed, but the flag of 'allow-top-navigation'/;
  assert.ok(page.problems.some((p) => blocked.test(p)), JSON.stringify(page.problems));
  await assertClean(page, [blocked]);
  await page.context().close();
});

test("redirect mode: the whole page goes to the issuer's page and comes back to returnUrl", async () => {
  const page = await openShop();
  const { id, url } = issuer.create({ returnUrl: returnUrl() });
  await page.evaluate(([u, r]) => {
    window.challenge.track(window.challenge.runChallenge(u, { returnUrl: r, mode: "redirect" }));
  }, [url, returnUrl()]);
  await page.waitForURL(url);
  assert.equal(page.mainFrame().url(), url);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Confirm" }).click();
  await page.waitForURL((u) => u.pathname === "/return");
  assert.equal(new URL(page.url()).searchParams.get("secure_token_id"), id);
  assert.deepEqual(page.violations, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("bad arguments are refused with integration_error / invalid_option before anything is shown", async () => {
  const page = await openShop();
  const { url } = issuer.create({ returnUrl: returnUrl() });
  const cases = await page.evaluate(async ([u, r, issuerOrigin]) => {
    const { runChallenge, handleChallenge } = window.challenge;
    const detached = document.createElement("div");
    const bad = [
      ["javascript: URL", () => handleChallenge("javascript:alert(1)", { returnUrl: r })],
      ["data: URL", () => handleChallenge("data:text/html,hi", { returnUrl: r })],
      ["relative URL", () => handleChallenge("/challenges/x", { returnUrl: r })],
      ["not a string", () => handleChallenge(42, { returnUrl: r })],
      ["no options", () => handleChallenge(u)],
      ["no returnUrl", () => handleChallenge(u, {})],
      ["relative returnUrl", () => handleChallenge(u, { returnUrl: "/return" })],
      ["returnUrl of another origin", () => handleChallenge(u, { returnUrl: `${issuerOrigin}/return` })],
      ["unknown mode", () => handleChallenge(u, { returnUrl: r, mode: "popup" })],
      ["container not an element", () => handleChallenge(u, { returnUrl: r, container: "#host" })],
      ["detached container", () => handleChallenge(u, { returnUrl: r, container: detached })],
      ["signal not an AbortSignal", () => handleChallenge(u, { returnUrl: r, signal: {} })],
      ["negative deadline", () => runChallenge(u, { returnUrl: r, deadlineMs: -1 })],
      ["deadline over setTimeout's range", () => runChallenge(u, { returnUrl: r, deadlineMs: 2 ** 31 })],
      ["unknown locale", () => runChallenge(u, { returnUrl: r, locale: "fr" })],
      ["poll not a function", () => runChallenge(u, { returnUrl: r, poll: true })],
      ["redirect with a bad returnUrl", () => runChallenge(u, { returnUrl: "https://elsewhere.example/", mode: "redirect" })],
    ];
    const out = [];
    for (const [name, call] of bad) {
      let promise;
      try {
        promise = call();
      } catch (error) {
        out.push({ name, threw: String(error) });
        continue;
      }
      const record = await window.challenge.settle(window.challenge.track(promise));
      out.push({ name, ...record });
    }
    return { out, dialogs: document.querySelectorAll("dialog").length };
  }, [url, returnUrl(), issuer.origin]);
  assert.equal(cases.out.length, 17);
  for (const record of cases.out) {
    assert.equal(record.threw, undefined, `${record.name} threw synchronously`);
    assertRejected(record, "integration_error", "invalid_option");
  }
  assert.equal(cases.dialogs, 0);
  assert.equal(page.url(), `${shop.origin}/`);
  await assertClean(page);
  await page.context().close();
});
