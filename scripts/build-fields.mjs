// Builds the isolated card fields (issue 14) into dist/, after scripts/build.mjs
// has built and minified the package entry and before it bundles the IIFE
// (which re-exports mountCardFields from dist/fields.js):
//   fields.js / fields.d.ts   `tessera/fields`, the merchant page's side: no
//                             wasm; TesseraError comes from the glue's own
//                             snippet, so `instanceof` holds with the main entry
//   fields/fields.html        the static card frame page (a template: its host
//                             fills the two configuration meta tags)
//   fields/fields.js          the frame's script: Tessera's entry, glue and the
//                             frame code in one ES module (one SRI hash)
//   fields/fields.css         its stylesheet
//   fields/tessera_bg.wasm    the same .wasm as dist/tessera_bg.wasm
//   fields/integrity.json     sha384 of each frame file (fields.html carries
//                             those of its script and stylesheet; the script
//                             carries the .wasm's)
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

const sri = (file) => "sha384-" + createHash("sha384").update(readFileSync(file)).digest("base64");

function findSnippet(dir, name) {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) {
      const hit = findSnippet(p, name);
      if (hit) return hit;
    } else if (entry === name) {
      return p;
    }
  }
  return null;
}

function replaceOnce(text, from, to, what) {
  const parts = text.split(from);
  if (parts.length !== 2) throw new Error(`build-fields: expected exactly one ${what} (${from}), found ${parts.length - 1}`);
  return parts.join(to);
}

/** Builds the fields into `dist` (see above). */
export function buildFields({ root, dist, env }) {
  const src = join(root, "js", "fields");
  const esbuild = (args) => execFileSync("esbuild", [...args, "--log-level=warning"], { cwd: root, stdio: "inherit", env });

  // The parent side. "tessera-error" stands for the glue's error snippet.
  const errorModule = findSnippet(join(dist, "snippets"), "error.js");
  if (!errorModule) throw new Error("build-fields: the glue's error.js snippet is missing");
  const errorImport = "./" + relative(dist, errorModule).split("\\").join("/");
  const parentOut = join(dist, "fields.js");
  esbuild([join(src, "parent.js"), "--bundle", "--minify", "--format=esm", "--target=es2020", "--external:tessera-error", `--outfile=${parentOut}`]);
  writeFileSync(parentOut, replaceOnce(readFileSync(parentOut, "utf8"), '"tessera-error"', JSON.stringify(errorImport), "error module import"));
  copyFileSync(join(src, "fields.d.ts"), join(dist, "fields.d.ts"));

  // The frame.
  const frame = join(dist, "fields");
  mkdirSync(frame, { recursive: true });
  copyFileSync(join(dist, "tessera_bg.wasm"), join(frame, "tessera_bg.wasm"));
  const wasmIntegrity = sri(join(frame, "tessera_bg.wasm"));
  esbuild([join(src, "frame.js"), "--bundle", "--minify", "--format=esm", "--target=es2020",
    `--alias:tessera=${join(dist, "tessera.js")}`,
    `--define:__TESSERA_FIELDS_WASM_INTEGRITY__=${JSON.stringify(wasmIntegrity)}`,
    "--log-override:duplicate-object-key=silent", `--outfile=${join(frame, "fields.js")}`]);
  esbuild([join(src, "fields.css"), "--minify", `--outfile=${join(frame, "fields.css")}`]);
  let html = readFileSync(join(src, "fields.html"), "utf8");
  html = replaceOnce(html, "__FIELDS_JS_INTEGRITY__", sri(join(frame, "fields.js")), "script integrity placeholder");
  html = replaceOnce(html, "__FIELDS_CSS_INTEGRITY__", sri(join(frame, "fields.css")), "stylesheet integrity placeholder");
  writeFileSync(join(frame, "fields.html"), html);

  const files = ["fields.html", "fields.js", "fields.css", "tessera_bg.wasm"];
  const integrity = Object.fromEntries(files.map((f) => [f, sri(join(frame, f))]));
  writeFileSync(join(frame, "integrity.json"), JSON.stringify(integrity, null, 2) + "\n");

  const show = (label, file) => {
    const data = readFileSync(file);
    console.log(`build: ${label.padEnd(22)} ${String(data.length).padStart(7)} B  ${String(gzipSync(data, { level: 9 }).length).padStart(6)} B gzip`);
  };
  show("dist/fields.js", parentOut);
  for (const f of files) show(`dist/fields/${f}`, join(frame, f));
}

/** Adds `tessera/fields`' parent module to dist/integrity.json (run after build.mjs writes it). */
export function addFieldsIntegrity(dist) {
  const path = join(dist, "integrity.json");
  const integrity = JSON.parse(readFileSync(path, "utf8"));
  integrity["fields.js"] = sri(join(dist, "fields.js"));
  writeFileSync(path, JSON.stringify(integrity, null, 2) + "\n");
}
