// Shipped size: Tessera's dist/ files against the peers, raw, `gzip -9` and
// brotli, plus the peer bundles the browser measurements load.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build, transform } from "esbuild";

let gzipCli = null;
function gzip9(data) {
  if (gzipCli === null) {
    try {
      execFileSync("gzip", ["--version"], { stdio: "ignore" });
      gzipCli = true;
    } catch {
      gzipCli = false;
    }
  }
  if (gzipCli) return execFileSync("gzip", ["-9", "-n", "-c"], { input: data, maxBuffer: 64 << 20 }).length;
  return gzipSync(data, { level: 9 }).length;
}

export function measure(data) {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
  return {
    raw: buf.length,
    gzip: gzip9(buf),
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

function sum(...items) {
  const out = { raw: 0, gzip: 0, brotli: 0 };
  for (const m of items) for (const k of Object.keys(out)) out[k] += m[k];
  return out;
}

function filesUnder(dir, ext) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, ext));
    else if (p.endsWith(ext)) out.push(p);
  }
  return out;
}

/**
 * Builds the peer bundles into `buildDir`:
 *   card-validator.esm.js   card-validator + credit-card-type, ES module (Chromium validation)
 *   card-validator.iife.js  the same as a script (global CardValidator: start-up, size)
 *   payment.esm.js          npm `payment` (its formatter, per keystroke)
 *   braintree-client.min.js, braintree-hosted-fields.min.js   braintree-web's browser scripts, minified
 */
export async function buildPeers(root, buildDir) {
  mkdirSync(buildDir, { recursive: true });
  const entry = join(buildDir, "card-validator-entry.js");
  writeFileSync(entry, 'import valid from "card-validator";\nimport creditCardType from "credit-card-type";\nexport const { number, expirationDate, cvv } = valid;\nexport { creditCardType };\n');
  // NODE_PATH too: a peer installed outside node_modules is found as Node finds it.
  const nodePaths = [join(root, "node_modules"), ...(process.env.NODE_PATH || "").split(":").filter(Boolean)];
  const common = { entryPoints: [entry], bundle: true, minify: true, target: "es2020", nodePaths, absWorkingDir: root, logLevel: "error" };
  await build({ ...common, format: "esm", outfile: join(buildDir, "card-validator.esm.js") });
  await build({ ...common, format: "iife", globalName: "CardValidator", outfile: join(buildDir, "card-validator.iife.js") });
  // payment: the as-you-type formatter a page would pair with card-validator.
  const paymentEntry = join(buildDir, "payment-entry.js");
  writeFileSync(paymentEntry, 'import Payment from "payment";\nexport default Payment;\n');
  await build({ ...common, entryPoints: [paymentEntry], format: "esm", outfile: join(buildDir, "payment.esm.js") });
  const bt = join(root, "node_modules", "braintree-web", "dist", "browser");
  for (const name of ["client", "hosted-fields"]) {
    const { code } = await transform(readFileSync(join(bt, `${name}.js`), "utf8"), { minify: true, target: "es2020", logLevel: "error" });
    writeFileSync(join(buildDir, `braintree-${name}.min.js`), code);
  }
}

/** Every size figure, from dist/ and the peer bundles. */
export async function sizes(root, buildDir) {
  const dist = join(root, "dist");
  const read = (p) => readFileSync(p);
  const wasm = measure(read(join(dist, "tessera_bg.wasm")));
  const glueText = readFileSync(join(dist, "tessera_glue.js"), "utf8");
  const glue = measure(glueText);
  const glueMin = measure((await transform(glueText, { minify: true, format: "esm", target: "es2020", logLevel: "error" })).code);
  const entry = measure(read(join(dist, "tessera.js")));
  const snippets = sum(...filesUnder(join(dist, "snippets"), ".js").map((f) => measure(read(f))));
  const iife = measure(read(join(dist, "tessera.iife.js")));
  const peers = {
    cardValidator: measure(read(join(buildDir, "card-validator.iife.js"))),
    braintreeClient: measure(read(join(buildDir, "braintree-client.min.js"))),
    braintreeHostedFields: measure(read(join(buildDir, "braintree-hosted-fields.min.js"))),
  };
  peers.braintreeTotal = sum(peers.braintreeClient, peers.braintreeHostedFields);
  return {
    tessera: {
      wasm,
      glue,
      glueMinified: glueMin,
      entry,
      snippets,
      // The target: what a page pays for Tessera's code, the .wasm and its glue.
      shipped: sum(wasm, glue),
      // Everything the ES module package loads: entry + glue + snippets + wasm.
      esModule: sum(wasm, glue, entry, snippets),
      // The script-tag build as a whole: tessera.iife.js + the .wasm it fetches.
      scriptTag: sum(iife, wasm),
      iife,
    },
    peers,
  };
}
