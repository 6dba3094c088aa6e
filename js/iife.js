// The script-tag build: esbuild bundles this into dist/tessera.iife.js, an
// IIFE that defines `window.Tessera`. The `.wasm` is fetched from beside the
// script by default (checked against its Subresource Integrity hash), or from
// wherever `Tessera.init(url)` says.
import init from "./tessera.js";

const script = typeof document !== "undefined" ? document.currentScript : null;
const base = script && script.src ? script.src : typeof location !== "undefined" ? location.href : undefined;
// Replaced by the build with the sha384 integrity of tessera_bg.wasm.
const WASM_INTEGRITY = "__TESSERA_WASM_INTEGRITY__";

function defaultInput() {
  const options = { credentials: "same-origin" };
  if (WASM_INTEGRITY.startsWith("sha384-")) options.integrity = WASM_INTEGRITY;
  return fetch(new URL("tessera_bg.wasm", base), options);
}

/** Loads the `.wasm` (from beside this script unless `input` says otherwise). */
function initTessera(input) {
  return init(input === undefined ? defaultInput() : input);
}

export * from "./tessera.js";
export { initTessera as init, initTessera as default };
