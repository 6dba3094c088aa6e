// The package as users get it: `npm pack` the release build, install the
// tarball into throwaway projects under the OS temp dir, and tokenize against
// the sandbox in Chromium through (a) a plain ES-module page with an import
// map, (b) a Vite 7 build, (c) a <script> tag on the IIFE build. Vite is the
// repository's own devDependency, run against the temp project.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { PUBLISHABLE_KEY, ROOT, startSandbox } from "../scripts/stack.mjs";
import { launchBrowser, openPage } from "./support/browser.mjs";
import { futureExpiry } from "./support/cards.mjs";
import { serveDirectory } from "./support/static-server.mjs";

const run = promisify(execFile);
const VITE = join(ROOT, "node_modules", "vite", "bin", "vite.js");

let work;
let tarball;
let packedFiles;
let sandbox;
let browser;

before(async () => {
  assert.ok(existsSync(join(ROOT, "dist", "tessera_bg.wasm")), "dist/ is missing: run `npm run build` first");
  work = mkdtempSync(join(tmpdir(), "tessera-packaging-"));
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", work], { cwd: ROOT });
  const [packed] = JSON.parse(stdout);
  tarball = join(work, packed.filename);
  packedFiles = packed.files.map((file) => file.path).sort();
  [sandbox, browser] = await Promise.all([startSandbox(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await sandbox?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A new project under the temp dir with the tarball installed into it. */
async function project(name, files) {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `tessera-${name}-check`, private: true, type: "module" }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error", tarball], { cwd: dir });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

// What every page does with the package: validate in two languages, create a
// token, and see a bad card refused before any request. `T` is the package's
// namespace (ES import or window.Tessera); the result lands in window.__result.
const SCENARIO = `
async function scenario(T, config) {
  await T.init();
  await T.init(); // harmless twice
  const card = { number: "4111 1111 1111 1111", expiry: config.expiry, verification_value: "123", name: "TARO YAMADA" };
  const bad = { ...card, number: "4111 1111 1111 1112" };
  const tokenizer = new T.Tokenizer({ publishableKey: config.publishableKey, apiBase: config.apiBase, locale: "ja" });
  const token = await tokenizer.createToken(card, { currency: "JPY" });
  let refused = null;
  try {
    await tokenizer.createToken(bad);
  } catch (error) {
    refused = { isTesseraError: error instanceof T.TesseraError, type: error.type, code: error.code, message: error.message };
  }
  return {
    formatted: T.formatCardNumber("4111111111111111").value,
    valid: T.validateCard(card).isValid,
    badMessage: T.validateCard(bad, { locale: "ja" }).errors[0].message,
    token: { id: token.id, last4: token.card && token.card.last4 },
    refused,
  };
}
function report(promise) {
  promise.then(
    (result) => { window.__result = result; },
    (error) => { window.__result = { error: String(error && error.message) }; },
  );
}
`;

function config() {
  return { apiBase: sandbox.url, publishableKey: PUBLISHABLE_KEY, expiry: futureExpiry().shown };
}

/** Serves `dir`, runs its page in Chromium, checks the scenario's result and the sandbox's log. */
async function checkPage(dir) {
  const server = await serveDirectory(dir);
  try {
    const tokensBefore = (await sandbox.requests()).filter((r) => r.path === "/api/v1/tokens" && r.method === "POST").length;
    const page = await openPage(browser);
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 20_000 });
    const result = await page.evaluate(() => window.__result);
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.formatted, "4111 1111 1111 1111");
    assert.equal(result.valid, true);
    assert.equal(result.badMessage, "カード番号が正しくありません。");
    assert.match(result.token.id, /^tok_\w+$/);
    assert.equal(result.token.last4, "1111");
    assert.deepEqual(result.refused, {
      isTesseraError: true, type: "validation_error", code: "invalid_number", message: result.refused.message,
    });
    const tokens = (await sandbox.requests()).filter((r) => r.path === "/api/v1/tokens" && r.method === "POST");
    assert.equal(tokens.length, tokensBefore + 1, "one tokens request: the bad card never left the page");
    assert.equal(tokens.at(-1).origin, server.url);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  } finally {
    await server.close();
  }
}

test("the tarball holds the built package and nothing else", () => {
  for (const file of ["package.json", "dist/tessera.js", "dist/tessera.d.ts", "dist/tessera_glue.js", "dist/tessera_bg.wasm", "dist/tessera.iife.js"]) {
    assert.ok(packedFiles.includes(file), `${file} is packed`);
  }
  const stray = packedFiles.filter((file) => !(file === "package.json" || file === "README.md" || file.startsWith("dist/")));
  assert.deepEqual(stray, []);
});

test("(a) a plain ES-module page imports `tessera` through an import map", async () => {
  const dir = await project("esm", {
    "index.html": `<!doctype html><meta charset="utf-8"><title>esm</title><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "tessera": "./node_modules/tessera/dist/tessera.js" } }</script>
<script type="module" src="./main.js"></script>`,
    "main.js": `import * as T from "tessera";\nimport config from "./config.js";\n${SCENARIO}\nreport(scenario({ ...T, init: T.default }, config));\n`,
    "config.js": `export default ${JSON.stringify(config())};\n`,
  });
  await checkPage(dir);
});

test("(b) a Vite 7 build bundles the package and its .wasm", async () => {
  const dir = await project("vite", {
    "index.html": `<!doctype html><meta charset="utf-8"><title>vite</title><link rel="icon" href="data:,"><script type="module" src="/src/main.js"></script>`,
    "src/main.js": `import init, * as T from "tessera";\nimport config from "./config.js";\n${SCENARIO}\nreport(scenario({ ...T, init }, config));\n`,
    "src/config.js": `export default ${JSON.stringify(config())};\n`,
  });
  await run(process.execPath, [VITE, "build", "--logLevel", "error"], { cwd: dir });
  const assets = readdirSync(join(dir, "dist", "assets"));
  assert.ok(assets.some((file) => file.endsWith(".wasm")), `the .wasm is emitted: ${assets.join(", ")}`);
  await checkPage(join(dir, "dist"));
});

test("(c) a <script> tag loads dist/tessera.iife.js and uses window.Tessera", async () => {
  const dir = await project("script", {
    "index.html": `<!doctype html><meta charset="utf-8"><title>script</title><link rel="icon" href="data:,">
<script src="./node_modules/tessera/dist/tessera.iife.js"></script>
<script src="./config.js"></script>
<script src="./main.js"></script>`,
    "config.js": `window.CHECK_CONFIG = ${JSON.stringify(config())};\n`,
    "main.js": `${SCENARIO}\nreport(scenario(window.Tessera, window.CHECK_CONFIG));\n`,
  });
  await checkPage(dir);
});
