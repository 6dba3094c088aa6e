// The Content-Security-Policy the shop's pages are served with: scripts and
// styles only from the shop itself (no inline code, no eval; WebAssembly
// allowed), network access only to the shop and the payments API, and Trusted
// Types with no policy at all, so no string can ever become HTML or script.
// Frames: the card issuer's 3-D Secure challenge page (its own origin) and
// the shop's own return pages, which the challenge dialog's frame reaches.

/**
 * The policy for pages whose API calls go to `apiBase` and whose 3-D Secure
 * challenges are served from `issuerUrl` (null: frames of the shop only).
 */
export function checkoutCsp(apiBase, { issuerUrl = null } = {}) {
  const issuer = issuerUrl ? ` ${new URL(issuerUrl).origin}` : "";
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    `connect-src 'self' ${new URL(apiBase).origin}`,
    `frame-src 'self'${issuer}`,
    "style-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join("; ");
}
