#!/usr/bin/env node
// Builds the npm package into dist/:
//   tessera.js / tessera.d.ts   the ES module entry (guarded init) and its types (js/entry/)
//   tessera_glue.js / .d.ts     wasm-bindgen's glue (--target web), minified
//   tessera_bg.wasm             the release module, through wasm-opt -Oz
//   snippets/                   JS the glue imports (js/bindings/: driver, results, TesseraError)
//   tessera.iife.js             the <script> build: defines window.Tessera
//   integrity.json              sha384 Subresource Integrity of each file
//
// wasm-opt comes from the npm `binaryen` package (node_modules/.bin), never
// Debian's binaryen 108, which miscompiles wasm-bindgen output.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { addFieldsIntegrity, buildFields } from "./build-fields.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const bin = join(root, "node_modules", ".bin");
const env = { ...process.env, PATH: `${bin}:${process.env.HOME}/.cargo/bin:${process.env.PATH}` };

function run(cmd, args, opts = {}) {
  console.log(`build: ${cmd} ${args.join(" ")}`);
  execFileSync(cmd, args, { cwd: root, stdio: "inherit", env, ...opts });
}

function replaceOnce(text, from, to, what) {
  const parts = text.split(from);
  if (parts.length !== 2) throw new Error(`build: expected exactly one ${what} (${from}), found ${parts.length - 1}`);
  return parts.join(to);
}

// 1. The release wasm.
// `--no-default-features`: the `no_std` build, whose panics trap without
// formatting (src/bare.rs).
run("cargo", ["build", "--release", "--lib", "-p", "tessera", "--target", "wasm32-unknown-unknown", "--no-default-features"]);
const targetDir = process.env.CARGO_TARGET_DIR || join(root, "target");
const wasmIn = join(targetDir, "wasm32-unknown-unknown", "release", "tessera.wasm");

// 2. wasm-bindgen glue.
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
run("wasm-bindgen", ["--target", "web", "--out-dir", dist, "--out-name", "tessera_glue", wasmIn]);
renameSync(join(dist, "tessera_glue_bg.wasm"), join(dist, "tessera_bg.wasm"));
rmSync(join(dist, "tessera_glue_bg.wasm.d.ts"), { force: true });
const gluePath = join(dist, "tessera_glue.js");
writeFileSync(gluePath, replaceOnce(readFileSync(gluePath, "utf8"), "tessera_glue_bg.wasm", "tessera_bg.wasm", "wasm URL in the glue"));

// 3. wasm-opt -Oz.
const wasmOut = join(dist, "tessera_bg.wasm");
const before = statSync(wasmOut).size;
run("wasm-opt", ["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
  "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue", wasmOut, "-o", wasmOut]);
console.log(`build: wasm-opt -Oz ${before} → ${statSync(wasmOut).size} bytes`);

// 4. The guarded entry, importing TesseraError from the glue's own snippet
//    (one module instance, so `instanceof` holds everywhere).
function find(dir, name) {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) {
      const hit = find(p, name);
      if (hit) return hit;
    } else if (entry === name && p.includes("snippets")) {
      return p;
    }
  }
  return null;
}
const errorModule = find(join(dist, "snippets"), "error.js");
if (!errorModule) throw new Error("build: the glue's error.js snippet is missing");
const errorImport = "./" + relative(dist, errorModule).split("\\").join("/");
writeFileSync(join(dist, "tessera.js"), replaceOnce(readFileSync(join(root, "js", "entry", "tessera.js"), "utf8"), "__TESSERA_ERROR_MODULE__", errorImport, "error module placeholder"));
cpSync(join(root, "js", "entry", "tessera.d.ts"), join(dist, "tessera.d.ts"));
writeFileSync(join(dirname(errorModule), "error.d.ts"), "export { TesseraError } from \"" + relative(dirname(errorModule), join(dist, "tessera.js")).split("\\").join("/") + "\";\n");

// 5. Minify the ES module files in place (one file each, no bundling, so the
//    package keeps its layout; exports keep their names). wasm-bindgen's glue
//    is readable source: minified it is ~40% smaller gzipped.
function jsFiles(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const p = join(dir, entry);
    return statSync(p).isDirectory() ? jsFiles(p) : p.endsWith(".js") ? [p] : [];
  });
}
for (const file of jsFiles(dist)) {
  execFileSync("esbuild", [file, "--minify", "--format=esm", "--target=es2020", "--log-level=warning",
    "--log-override:duplicate-object-key=silent", `--outfile=${file}`, "--allow-overwrite"],
    { cwd: root, stdio: "inherit", env });
}

// 5b. The isolated card fields: dist/fields.js (the page's side, no wasm) and
//     the frame page dist/fields/ (scripts/build-fields.mjs). Before the IIFE,
//     which re-exports mountCardFields from dist/fields.js.
buildFields({ root, dist, env });

// 6. Subresource Integrity, and the <script> build that checks the wasm's.
const sri = (file) => "sha384-" + createHash("sha384").update(readFileSync(file)).digest("base64");
const wasmIntegrity = sri(wasmOut);
const iifeEntry = join(dist, ".iife-entry.js");
writeFileSync(iifeEntry, replaceOnce(readFileSync(join(root, "js", "entry", "iife.js"), "utf8"), "__TESSERA_WASM_INTEGRITY__", wasmIntegrity, "integrity placeholder"));
run("esbuild", [iifeEntry, "--bundle", "--minify", "--format=iife", "--global-name=Tessera", "--target=es2020",
  // import.meta is unused in the IIFE (it always passes the wasm's URL), and
  // wasm-bindgen's glue lists one snippet module under several equal keys.
  "--log-override:empty-import-meta=silent", "--log-override:duplicate-object-key=silent", `--outfile=${join(dist, "tessera.iife.js")}`]);
rmSync(iifeEntry);

const files = ["tessera.js", "tessera_glue.js", "tessera_bg.wasm", "tessera.iife.js"];
const integrity = Object.fromEntries(files.map((f) => [f, sri(join(dist, f))]));
writeFileSync(join(dist, "integrity.json"), JSON.stringify(integrity, null, 2) + "\n");

for (const f of files) {
  const data = readFileSync(join(dist, f));
  console.log(`build: dist/${f.padEnd(16)} ${String(data.length).padStart(7)} B  ${String(gzipSync(data, { level: 9 }).length).padStart(6)} B gzip  ${integrity[f]}`);
}
if (!existsSync(join(dist, "tessera.d.ts"))) throw new Error("build: types missing");
// The card fields' parent module in integrity.json too.
addFieldsIntegrity(dist);
