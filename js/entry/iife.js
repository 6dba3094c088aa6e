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
  const checked = WASM_INTEGRITY.startsWith("sha384-");
  if (checked) options.integrity = WASM_INTEGRITY;
  const url = new URL("tessera_bg.wasm", base);
  // A failed integrity check rejects exactly like a network failure (a bare
  // "Failed to fetch"), so name both: init() reports it as wasm_load_failed.
  return fetch(url, options).then(
    (response) => {
      if (!response.ok) throw new Error(`${url.pathname} answered HTTP ${response.status}`);
      return response;
    },
    (error) => {
      const why = checked ? "a network failure, or the file does not match its integrity hash" : "a network failure";
      throw new Error(`${url.pathname} could not be fetched (${why}): ${error && error.message}`, { cause: error });
    },
  );
}

/** Loads the `.wasm` (from beside this script unless `input` says otherwise). */
function initTessera(input) {
  return init(input === undefined ? defaultInput() : input);
}

export * from "./tessera.js";
export { initTessera as init, initTessera as default };
export { mountCardFields } from "./fields.js";
