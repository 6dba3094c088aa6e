#!/usr/bin/env node
// `npm run bench`: builds the release package, measures Tessera against its
// peers (installed as devDependencies) and prints a table; writes the figures
// to bench/results/latest.json and a chart to bench/results/bench.svg (and,
// for a full run, docs/bench.svg).
//
//   node bench/run.mjs [--quick] [--no-build] [--out DIR]
//
// --quick: small inputs and few rounds (~30 s), for `npm test` to prove the
// bench still works. The numbers never fail the run; a broken bench does.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { breakdown } from "./lib/wasm-breakdown.mjs";
import { chart } from "./lib/chart.mjs";
import { fieldsSizes, fieldsTiming } from "./lib/fields.mjs";
import { makeInputs } from "./lib/inputs.js";
import { buildPeers, sizes } from "./lib/size.mjs";
import { startStatic } from "./lib/server.mjs";
import { agreement, keystrokeSpeed, makeKeystrokes, median, validateMany, validationSpeed, wasmFootprint } from "./lib/validation.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const QUICK = args.includes("--quick");
const BUILD = !args.includes("--no-build");
const outIndex = args.indexOf("--out");
const OUT = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(ROOT, "bench", "results");
const BUILD_DIR = join(OUT, "build");
const BIN = join(ROOT, "node_modules", ".bin");
const env = { ...process.env, PATH: `${BIN}:${process.env.HOME}/.cargo/bin:${process.env.PATH}` };

const P = QUICK
  ? { count: 1000, rounds: 3, browserRounds: 3, startupRuns: 2, tokenRounds: 20, tokenWarmup: 3, memValidations: 5000, memTokenizations: 20 }
  : { count: 10_000, rounds: 9, browserRounds: 9, startupRuns: 9, tokenRounds: 1000, tokenWarmup: 50, memValidations: 100_000, memTokenizations: 1000 };

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const log = (...a) => console.log("bench:", ...a);
const run = (cmd, argv, opts = {}) => execFileSync(cmd, argv, { cwd: ROOT, env, stdio: "inherit", ...opts });

// ---------------------------------------------------------------------------
// 1. Build and size.

function wasmOptFlags() {
  // The same as scripts/build.mjs, plus -g to keep names for attribution.
  return ["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
    "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue"];
}

function namedBuilds() {
  const cargoWasm = join(process.env.CARGO_TARGET_DIR || join(ROOT, "target"), "wasm32-unknown-unknown", "release", "tessera.wasm");
  if (!existsSync(cargoWasm)) throw new Error(`${cargoWasm} is missing: the release build did not run`);
  const dir = join(BUILD_DIR, "named");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync("wasm-bindgen", ["--target", "web", "--out-dir", dir, "--out-name", "tessera", cargoWasm], { env, stdio: "inherit" });
  const preOpt = join(dir, "tessera_bg.wasm");
  const opt = join(dir, "tessera_opt_named.wasm");
  execFileSync("wasm-opt", [...wasmOptFlags(), "-g", preOpt, "-o", opt], { env, stdio: "inherit" });
  return { preOpt, opt };
}

function twiggy(file) {
  try {
    execFileSync("twiggy", ["--version"], { env, stdio: "ignore" });
  } catch {
    return null;
  }
  const text = execFileSync("twiggy", ["top", "-n", "20", file], { env, encoding: "utf8" });
  const json = JSON.parse(execFileSync("twiggy", ["top", "-n", "40", "-f", "json", file], { env, encoding: "utf8" }));
  return { text, top: json };
}

// ---------------------------------------------------------------------------
// 2. Validation in Node (the package entry, loaded as a page would import it).

async function nodeMeasurements() {
  const tessera = await import(pathToFileURL(join(ROOT, "dist", "tessera.js")).href);
  await tessera.default(readFileSync(join(ROOT, "dist", "tessera_bg.wasm")));
  const glue = await import(pathToFileURL(join(ROOT, "dist", "tessera_glue.js")).href);
  const exports = await glue.default();
  const require = createRequire(join(ROOT, "package.json"));
  const cv = require("card-validator");
  const payment = require("payment");
  const inputs = makeInputs(P.count);
  const speed = validationSpeed(tessera, cv, inputs, P.rounds);
  speed.keystrokes = keystrokeSpeed(tessera, cv, payment, makeKeystrokes(tessera, inputs), P.rounds);
  speed.agreement = agreement(tessera, cv, inputs);
  const before = wasmFootprint(exports);
  validateMany(tessera, inputs, P.memValidations);
  const after = wasmFootprint(exports);
  validateMany(tessera, inputs, P.memValidations);
  const afterSecond = wasmFootprint(exports);
  return { speed, memory: { validations: P.memValidations, before, afterValidations: after, afterSecondBatch: afterSecond } };
}

// ---------------------------------------------------------------------------
// 3. Chromium: validation, start-up, tokenization, memory.

const STARTUP = {
  "tessera-esm": { label: "Tessera, ES module + init()", code: `const m = await import("/dist/tessera.js"); await m.default(); if (!m.validateCardNumber("4111111111111111").isValid) throw new Error("not ready");` },
  "tessera-script": { label: "Tessera, script tag + init()", code: `await addScript("/dist/tessera.iife.js"); await Tessera.init(); if (!Tessera.validateCardNumber("4111111111111111").isValid) throw new Error("not ready");` },
  "card-validator": { label: "card-validator bundle, script tag", code: `await addScript(BUILD + "/card-validator.iife.js"); if (!CardValidator.number("4111111111111111").isValid) throw new Error("not ready");` },
  braintree: { label: "braintree-web client + hosted-fields", code: `await Promise.all([addScript(BUILD + "/braintree-client.min.js"), addScript(BUILD + "/braintree-hosted-fields.min.js")]); if (typeof braintree.client.create !== "function" || typeof braintree.hostedFields.create !== "function") throw new Error("not ready");` },
};

async function startup(browser, origin, buildPath) {
  const times = Object.fromEntries(Object.keys(STARTUP).map((k) => [k, []]));
  for (let i = 0; i < P.startupRuns; i++) {
    const kinds = Object.keys(STARTUP);
    if (i % 2) kinds.reverse();
    for (const kind of kinds) {
      const context = await browser.newContext(); // a fresh cache every run
      const page = await context.newPage();
      await page.goto(`${origin}/bench/pages/blank.html`);
      const body = `async () => {
        const BUILD = ${JSON.stringify(buildPath)};
        const addScript = (src) => new Promise((ok, fail) => { const s = document.createElement("script"); s.src = src; s.onload = ok; s.onerror = () => fail(new Error("failed to load " + src)); document.head.appendChild(s); });
        const start = performance.now();
        ${STARTUP[kind].code}
        return performance.now() - start;
      }`;
      times[kind].push(await page.evaluate(`(${body})()`));
      await context.close();
    }
  }
  return {
    runs: P.startupRuns,
    kinds: Object.fromEntries(Object.entries(times).map(([k, t]) => [k, { label: STARTUP[k].label, median: median(t), runs: t }])),
  };
}

async function inPage(browser, origin, fn, arg) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.goto(`${origin}/bench/pages/blank.html`);
  try {
    return await page.evaluate(async ([name, a]) => (await import("/bench/lib/browser.js"))[name](a), [fn, arg]);
  } catch (error) {
    throw new Error(`in Chromium, ${fn}: ${error.message}${errors.length ? `\n page errors: ${errors.join("; ")}` : ""}`);
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------
// 4. Report.

const kb = (b) => (b / 1000).toFixed(1).padStart(7) + " KB";
const num = (n, d = 0) => (Number.isFinite(n) ? n.toLocaleString("en", { maximumFractionDigits: d, minimumFractionDigits: d }) : "n/a");

function table(r) {
  const lines = [];
  const row = (...cells) => lines.push(cells.join("  "));
  const s = r.size;
  lines.push("", "SIZE                                    raw        gzip -9     brotli");
  const sizeRow = (label, m) => row(label.padEnd(36), kb(m.raw), kb(m.gzip), kb(m.brotli));
  sizeRow("Tessera .wasm", s.tessera.wasm);
  sizeRow("Tessera glue (tessera_glue.js)", s.tessera.glue);
  sizeRow("  glue minified (as bundled)", s.tessera.glueMinified);
  sizeRow("Tessera .wasm + glue (target ≤ 20 KB)", s.tessera.shipped);
  sizeRow("Tessera ES module package, all files", s.tessera.esModule);
  sizeRow("Tessera script-tag build + .wasm", s.tessera.scriptTag);
  sizeRow("card-validator + credit-card-type", s.peers.cardValidator);
  sizeRow("braintree-web client.js (minified)", s.peers.braintreeClient);
  sizeRow("braintree-web hosted-fields.js (min)", s.peers.braintreeHostedFields);
  lines.push(`  .wasm + glue is ${(s.tessera.shipped.gzip / s.peers.braintreeHostedFields.gzip).toFixed(2)}× braintree hosted-fields (gzip)`);

  lines.push("", `WASM BREAKDOWN (${r.wasmBreakdown.optimized.totalBytes} B after wasm-opt -Oz -g, less ${r.wasmBreakdown.optimized.nameSectionBytes} B of names)`);
  for (const c of r.wasmBreakdown.optimized.crates.slice(0, 14)) row("  " + c.name.padEnd(36), String(c.bytes).padStart(7) + " B", `${((c.bytes / (r.wasmBreakdown.optimized.totalBytes - r.wasmBreakdown.optimized.nameSectionBytes)) * 100).toFixed(1).padStart(5)} %`, c.functions ? `${c.functions} functions` : "");
  lines.push("  largest functions:");
  for (const f of r.wasmBreakdown.optimized.functions.slice(0, 10)) row("   ", String(f.bytes).padStart(6) + " B", f.name.slice(0, 100));

  lines.push("", "VALIDATION (median operations per second over interleaved rounds)");
  for (const [env, v] of [["Node", r.validation.node], ["Chromium", r.validation.chromium]]) {
    row(`  ${env.padEnd(9)}`, `Tessera ${num(v.tessera.opsPerSec).padStart(11)}/s`, `card-validator ${num(v.cardValidator.opsPerSec).padStart(11)}/s`, `ratio ${num(v.ratio, 2)}× (target ≥ 3×)`);
    for (const [kind, k] of Object.entries(v.perKind)) {
      row(`    ${kind.padEnd(7)}`, `Tessera ${num(k.tessera).padStart(11)}/s`, `card-validator ${num(k.cardValidator).padStart(11)}/s`, `ratio ${num(k.ratio, 2)}×`);
    }
  }
  lines.push("", "PER KEYSTROKE (median keystrokes per second; Tessera: cardNumberInput / expiryInput / cvcInput,");
  lines.push("  one call; peers: payment's formatter + card-validator for the number, card-validator for the rest)");
  for (const [env, v] of [["Node", r.validation.node], ["Chromium", r.validation.chromium]]) {
    for (const [kind, k] of Object.entries(v.keystrokes)) {
      row(`  ${env.padEnd(9)} ${kind.padEnd(7)}`, `Tessera ${num(k.tessera).padStart(11)}/s`, `peers ${num(k.peers).padStart(11)}/s`, `ratio ${num(k.ratio, 2)}×${kind === "number" ? " (target ≥ 3×)" : ""}`, `(${k.keystrokes} keys)`);
    }
  }
  for (const [env, v] of [["Node", r.validation.node], ["Chromium", r.validation.chromium]]) {
    const a = v.agreement;
    row(`  ${env.padEnd(9)}`, `isValid disagreements: numbers ${a.number.disagreements}/${a.number.compared}`, `(expiries ${a.expiry.disagreements}/${a.expiry.compared}, codes ${a.cvc.disagreements}/${a.cvc.compared}, for information)`);
  }

  lines.push("", `START-UP to a ready API, headless Chromium (median of ${r.startup.runs} cold runs)`);
  for (const k of Object.values(r.startup.kinds)) row("  " + k.label.padEnd(38), `${num(k.median, 1).padStart(7)} ms`);

  const t = r.tokenization;
  lines.push("", `TOKENIZATION, ${t.rounds} interleaved pairs against the sandbox (cross-origin)`);
  row("  " + "".padEnd(30), "median".padStart(9), "p95".padStart(9));
  row("  " + "Tessera createToken".padEnd(30), `${num(t.tessera.median, 3).padStart(6)} ms`, `${num(t.tessera.p95, 3).padStart(6)} ms`);
  row("  " + "raw fetch()".padEnd(30), `${num(t.rawFetch.median, 3).padStart(6)} ms`, `${num(t.rawFetch.p95, 3).padStart(6)} ms`);
  row("  " + "difference per pair (target < 0.3)".padEnd(30), `${num(t.difference.median, 3).padStart(6)} ms`, `${num(t.difference.p95, 3).padStart(6)} ms`);

  if (t.stubbed) {
    row("  " + "fetch answered in the page:".padEnd(30));
    row("  " + "  Tessera createToken".padEnd(30), `${num(t.stubbed.tessera.median, 3).padStart(6)} ms`, `${num(t.stubbed.tessera.p95, 3).padStart(6)} ms`);
    row("  " + "  fetch() + json()".padEnd(30), `${num(t.stubbed.rawFetch.median, 3).padStart(6)} ms`, `${num(t.stubbed.rawFetch.p95, 3).padStart(6)} ms`);
    row("  " + "  difference per pair".padEnd(30), `${num(t.stubbed.difference.median, 3).padStart(6)} ms`, `${num(t.stubbed.difference.p95, 3).padStart(6)} ms`);
  }

  const f = r.fields;
  lines.push("", "ISOLATED CARD FIELDS (tessera/fields)   raw        gzip -9     brotli");
  sizeRow("parent script dist/fields.js", f.size.parent);
  sizeRow("  + the error module it imports", f.size.parentTotal);
  sizeRow("braintree-web client + hosted-fields", s.peers.braintreeTotal);
  sizeRow("card frame page, all files (provider)", f.size.frameTotal);
  lines.push(`  the page's script is ${(f.size.parentTotal.gzip / s.peers.braintreeTotal.gzip).toFixed(2)}× braintree's client scripts (gzip); the frame's files come from the provider's origin`);
  lines.push(`  time from navigation to interactive card inputs, headless Chromium (median of ${f.timing.runs} cold runs):`);
  for (const k of Object.values(f.timing.kinds)) row("  " + k.label.padEnd(60), `${num(k.median, 1).padStart(7)} ms`);
  const bt = f.timing.braintreeHostedFields;
  if (!bt) lines.push("  braintree hostedFields.create: not tried in a --quick run (a full run tries it once)");
  else if (bt.started) lines.push(`  braintree hostedFields.create started (${num(bt.ms, 1)} ms)`);
  else lines.push(`  braintree hostedFields.create could not start here (it needs Braintree's gateway and its card frames): ${bt.error}`);

  lines.push("", "MEMORY (wasm linear memory, bytes)");
  const m = r.memory;
  row("  Node    ", `before ${m.node.before.memoryBytes}`, `after ${m.node.validations} validations ${m.node.afterValidations.memoryBytes}`, `after as many again ${m.node.afterSecondBatch.memoryBytes}`);
  row("  Chromium", `before ${m.chromium.before.memoryBytes}`, `after ${m.chromium.validations} validations ${m.chromium.afterValidations.memoryBytes}`, `after ${m.chromium.tokenizations} tokenizations ${m.chromium.afterTokenizations.memoryBytes}`, `after both again ${m.chromium.afterSecondBatch.memoryBytes}`);
  const tables = (f) => Object.entries(f.tables).map(([k, v]) => `${k}=${v}`).join(" ");
  row("  externref table (Chromium), entries:", `before ${tables(m.chromium.before)}`, `after validations ${tables(m.chromium.afterValidations)}`, `after tokenizations ${tables(m.chromium.afterTokenizations)}`, `after both again ${tables(m.chromium.afterSecondBatch)}`);
  return lines.join("\n");
}

// ---------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  mkdirSync(BUILD_DIR, { recursive: true });
  if (BUILD) {
    log("building the release package (node scripts/build.mjs)");
    run("node", ["scripts/build.mjs"]);
  } else if (!existsSync(join(ROOT, "dist", "tessera_bg.wasm"))) {
    throw new Error("dist/ is missing: run without --no-build");
  }

  log("building the peer bundles and the named wasm for attribution");
  await buildPeers(ROOT, BUILD_DIR);
  const named = namedBuilds();
  const result = {
    meta: {
      date: new Date().toISOString(),
      commit: (() => { try { return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim(); } catch { return "unknown"; } })(),
      quick: QUICK,
      parameters: P,
      node: process.versions.node,
      peers: {
        ...Object.fromEntries(["card-validator", "credit-card-type", "braintree-web"].map((n) => [n, JSON.parse(readFileSync(join(ROOT, "node_modules", n, "package.json"), "utf8")).version])),
        payment: createRequire(join(ROOT, "package.json"))("payment/package.json").version,
      },
    },
  };
  result.size = await sizes(ROOT, BUILD_DIR);
  result.wasmBreakdown = {
    optimized: breakdown(readFileSync(named.opt)),
    preOpt: breakdown(readFileSync(named.preOpt)),
  };
  result.twiggy = twiggy(named.opt);
  if (!result.twiggy) log("twiggy is not installed: the breakdown comes from the name section only (scripts/bench.sh installs it)");

  log(`validation in Node (${P.count} inputs, ${P.rounds} rounds)`);
  const node = await nodeMeasurements();

  const { startSandbox } = await import(pathToFileURL(join(ROOT, "scripts", "stack.mjs")).href);
  const sandbox = await startSandbox();
  const server = await startStatic(ROOT);
  if (!BUILD_DIR.startsWith(ROOT + "/")) throw new Error("--out must be inside the repository (the static server serves it)");
  const buildPath = "/" + BUILD_DIR.slice(ROOT.length + 1).split("\\").join("/");
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    result.meta.chromium = `Chromium ${browser.version()}`;
    log(`validation in Chromium (${P.count} inputs, ${P.browserRounds} rounds)`);
    const chromiumSpeed = await inPage(browser, server.url, "validation", { count: P.count, rounds: P.browserRounds, cardValidatorUrl: `${buildPath}/card-validator.esm.js`, paymentUrl: `${buildPath}/payment.esm.js` });
    result.validation = { node: node.speed, chromium: chromiumSpeed };
    log(`start-up (${P.startupRuns} runs each)`);
    result.startup = await startup(browser, server.url, buildPath);
    log(`isolated card fields: navigation to interactive inputs (${P.startupRuns} runs each)`);
    result.fields = { size: fieldsSizes(ROOT), timing: await fieldsTiming(browser, { root: ROOT, buildPath, runs: P.startupRuns, startSandbox, tryBraintree: !QUICK }) };
    log(`tokenization (${P.tokenRounds} pairs) against the sandbox at ${sandbox.url}`);
    result.tokenization = await inPage(browser, server.url, "tokenization", { sandbox: sandbox.url, rounds: P.tokenRounds, warmup: P.tokenWarmup });
    log(`memory (${P.memValidations} validations, ${P.memTokenizations} tokenizations, twice)`);
    const chromiumMemory = await inPage(browser, server.url, "memory", { sandbox: sandbox.url, validations: P.memValidations, tokenizations: P.memTokenizations, count: P.count });
    result.memory = { node: node.memory, chromium: chromiumMemory };
  } finally {
    await browser.close();
    await server.close();
    await sandbox.close();
  }
  result.meta.seconds = (Date.now() - started) / 1000;

  const text = table(result);
  console.log(text);
  if (result.twiggy) console.log("\ntwiggy top (optimized .wasm, names kept):\n" + result.twiggy.text);
  mkdirSync(OUT, { recursive: true });
  const json = join(OUT, QUICK ? "quick.json" : "latest.json");
  writeFileSync(json + ".tmp", JSON.stringify(result, null, 2) + "\n");
  renameSync(json + ".tmp", json);
  const svg = join(OUT, QUICK ? "quick.svg" : "bench.svg");
  writeFileSync(svg, chart(result));
  if (!QUICK && OUT === join(ROOT, "bench", "results")) mkdirSync(join(ROOT, "docs"), { recursive: true });
  if (!QUICK && OUT === join(ROOT, "bench", "results")) copyFileSync(svg, join(ROOT, "docs", "bench.svg"));
  log(`wrote ${json} and ${svg}${!QUICK && OUT === join(ROOT, "bench", "results") ? " (and docs/bench.svg)" : ""} in ${result.meta.seconds.toFixed(0)} s`);
}

main().catch((error) => {
  console.error("bench: the bench itself failed:", error && error.stack ? error.stack : error);
  process.exit(1);
});
