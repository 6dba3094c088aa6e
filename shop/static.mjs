// Serves the shop's pages (www/) and the built package (dist/, under
// /tessera/) from disk, with correct types, no directory listings and no way
// out of the two folders. HTML pages are templates: `{{name}}` placeholders
// are replaced with HTML-escaped values (the sandbox URL, the publishable key,
// the order's amount), so the pages need no inline script to learn them.
import { readFile, stat } from "node:fs/promises";
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

/** Replaces `{{name}}` with the HTML-escaped `values[name]`; an unknown name is an error. */
export function renderTemplate(text, values) {
  return text.replace(/\{\{([A-Za-z][A-Za-z0-9_]*)\}\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`shop: template value "${name}" is not defined`);
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

/**
 * Answers a GET/HEAD for a static file; returns the status it sent (404 when
 * the file does not exist or has a type the shop does not serve).
 * `templateValues` is an object, or an async function returning one (called
 * for HTML pages only).
 */
export async function serveStatic(req, res, pathname, { mounts, templateValues, htmlHeaders = {} }) {
  const file = resolvePath(pathname, mounts);
  const type = file && contentType(file);
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
    body = Buffer.from(renderTemplate(body.toString("utf8"), values));
  }
  res.writeHead(200, {
    ...(html ? htmlHeaders : {}),
    "Content-Type": type,
    "Content-Length": body.length,
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
  res.end(req.method === "HEAD" ? undefined : body);
  return 200;
}
