// The Content-Security-Policy the shop's pages are served with: scripts and
// styles only from the shop itself (no inline code, no eval; WebAssembly
// allowed), network access only to the shop and the payments API, and Trusted
// Types with no policy at all, so no string can ever become HTML or script.
// Frames: the card issuer's 3-D Secure challenge page (its own origin) and
// the shop's own return pages, which the challenge dialog's frame reaches.

/**
 * The policy for pages whose tokens call goes to `apiBase`. `issuerOrigin`:
 * the card issuer's 3-D Secure pages, shown in Tessera's challenge dialog
 * (frame-src; 'self' for the return page the frame lands on, which is why
 * the shop's own pages may be framed by the shop itself).
 */
export function checkoutCsp(apiBase, issuerOrigin = null) {
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    `connect-src 'self' ${new URL(apiBase).origin}`,
    `frame-src 'self'${issuerOrigin ? ` ${new URL(issuerOrigin).origin}` : ""}`,
    "style-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    issuerOrigin ? "frame-ancestors 'self'" : "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join("; ");
}

/**
 * The policy of the card-fields page (/fields.html): the card is typed into
 * Tessera's frame, served from `fieldsOrigin` (the payment provider's), so
 * this page runs no WebAssembly and talks to no payments API: scripts, styles
 * and requests only to the shop itself, and that one origin as a frame; with
 * `issuerOrigin`, also the card issuer's 3-D Secure pages and 'self' (the
 * challenge dialog is this page's, and its frame ends on the shop's return
 * page), which the shop's return page then allows as its ancestor.
 */
export function fieldsPageCsp(fieldsOrigin, issuerOrigin = null) {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "connect-src 'self'",
    issuerOrigin
      ? `frame-src 'self' ${new URL(fieldsOrigin).origin} ${new URL(issuerOrigin).origin}`
      : `frame-src ${new URL(fieldsOrigin).origin}`,
    "style-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join("; ");
}
