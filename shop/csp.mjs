// The Content-Security-Policy the shop's pages are served with: scripts and
// styles only from the shop itself (no inline code, no eval; WebAssembly
// allowed), network access only to the shop and the payments API, and Trusted
// Types with no policy at all, so no string can ever become HTML or script.

/** The policy for pages whose tokens call goes to `apiBase`. */
export function checkoutCsp(apiBase) {
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    `connect-src 'self' ${new URL(apiBase).origin}`,
    "style-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join("; ");
}
