// Serves the shop's pages (www/) and the built package (dist/, under
// /tessera/) from disk, with correct types, no directory listings and no way
// out of the two folders. HTML pages are templates: `{{name}}` placeholders
// are replaced with HTML-escaped values (the sandbox URL, the publishable key,
// the order's amount), so the pages need no inline script to learn them.
//
// Caching: every file is also served under /assets/<version>/ (see
// asset-version.mjs), where the pages load their scripts, styles, images and
// Tessera's .wasm from. There, and only for the current version, a response
// may be kept for a year (`immutable`); the HTML and the unversioned paths
// are `no-cache` (revalidated every time), so a change is seen at once.
import { readFile, readdir, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".map": "application/json; charset=utf-8",
  ".d.ts": "text/plain; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** The Content-Type for a file name, or null for a type the shop does not serve. */
export function contentType(name) {
  if (name.endsWith(".d.ts")) return TYPES[".d.ts"];
  return TYPES[extname(name).toLowerCase()] ?? null;
}

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Replaces `{{> name}}` with `partials[name]` (markup the pages share, kept
 * in shop/partials/, itself a template), then `{{name}}` with the
 * HTML-escaped `values[name]`; an unknown name is an error.
 */
export function renderTemplate(text, values, partials = {}) {
  const whole = text.replace(/\{\{> ([a-z][a-z0-9-]*)\}\}/g, (_, name) => {
    if (!Object.hasOwn(partials, name)) throw new Error(`shop: template partial "${name}" is not defined`);
    return partials[name];
  });
  return whole.replace(/\{\{([A-Za-z][A-Za-z0-9_]*)\}\}/g, (_, name) => {
    if (!Object.hasOwn(values, name)) throw new Error(`shop: template value "${name}" is not defined`);
    return escapeHtml(values[name]);
  });
}

/**
 * Resolves a URL path against `mounts` ([{ prefix, dir }], longest prefix
 * first) to a file path, or null when it names nothing servable.
 */
export function resolvePath(pathname, mounts) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  for (const { prefix, dir } of mounts) {
    if (!decoded.startsWith(prefix)) continue;
    let rest = decoded.slice(prefix.length);
    if (rest === "" || rest.endsWith("/")) rest += "index.html";
    const file = normalize(join(dir, rest));
    if (file !== dir && !file.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return null;
    return file;
  }
  return null;
}

/** The prefix of versioned asset URLs: /assets/<version>/<path as served unversioned>. */
export const ASSET_PREFIX = "/assets/";
const VERSIONED = /^\/assets\/([0-9a-f]{12})(\/.*)$/;

/** Cache-Control of a versioned asset of the current version. */
export const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Answers a GET/HEAD for a static file; returns the status it sent (404 when
 * the file does not exist or has a type the shop does not serve).
 * `templateValues` is an object, or an async function returning one (called
 * for HTML pages only); `partials` likewise (name → markup). `assetVersion`: an async function resolving to the
 * current version; without it, /assets/ URLs are not served.
 */
export async function serveStatic(req, res, pathname, { mounts, templateValues, partials = {}, htmlHeaders = {}, assetVersion = null }) {
  let cacheControl = "no-cache";
  const versioned = VERSIONED.exec(pathname);
  if (versioned && assetVersion) {
    // An old version's URL (a page loaded just before a change) still gets
    // the current file, but not for keeps.
    if (versioned[1] === await assetVersion()) cacheControl = IMMUTABLE;
    pathname = versioned[2];
  } else if (pathname.startsWith(ASSET_PREFIX)) {
    pathname = "\0"; // not a versioned URL: resolves to nothing
  }
  const file = resolvePath(pathname, mounts);
  let type = file && contentType(file);
  if (versioned && type && type.startsWith("text/html")) type = null; // pages are never versioned
  let info = null;
  if (type) {
    try {
      info = await stat(file);
    } catch {
      info = null;
    }
  }
  if (!info || !info.isFile()) {
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" });
    res.end("Not found\n");
    return 404;
  }
  let body = await readFile(file);
  const html = type.startsWith("text/html");
  if (html) {
    const values = typeof templateValues === "function" ? await templateValues() : templateValues;
    body = Buffer.from(renderTemplate(body.toString("utf8"), values, typeof partials === "function" ? await partials() : partials));
  }
  res.writeHead(200, {
    ...(html ? htmlHeaders : {}),
    "Content-Type": type,
    "Content-Length": body.length,
    "Cache-Control": html ? "no-cache" : cacheControl,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
  res.end(req.method === "HEAD" ? undefined : body);
  return 200;
}

/** The partials in `dir`: each `name.html` as `name` → its text (none when there is no `dir`). */
export async function readPartials(dir) {
  const partials = {};
  let files;
  try {
    files = await readdir(dir);
  } catch (error) {
    if (error.code === "ENOENT") return partials;
    throw error;
  }
  for (const file of files) {
    if (file.endsWith(".html")) partials[file.slice(0, -".html".length)] = await readFile(join(dir, file), "utf8");
  }
  return partials;
}
