// The version of the files the shop serves (www/ and the built package): a
// hash of their contents, which the pages put in their asset URLs
// (/assets/<version>/checkout.js, /assets/<version>/tessera/tessera_bg.wasm).
// Any change to any file gives new URLs, so those URLs can be cached for a
// year; the HTML that names them is served no-cache and always current.
//
// One version for the whole set rather than one per file: the ES modules
// import each other (and Tessera's glue fetches its .wasm) by relative URL,
// so a module graph must come from one versioned folder to be consistent.
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";

/** Twelve hex digits: never a run of 13 digits that a card-number check could mistake for a number. */
const LENGTH = 12;

async function listFiles(dir, include) {
  const out = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out; // a missing folder (dist/ not built yet) is simply empty
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...await listFiles(path, include));
    else if (entry.isFile() && include(entry.name)) out.push(path);
  }
  return out;
}

/**
 * A function resolving to the current version of the files under `dirs`
 * whose names `include` accepts. The contents are hashed again only when a
 * file's path, size or modification time changed since the last call.
 */
export function assetVersion(dirs, { include = () => true } = {}) {
  let lastSignature = null;
  let lastVersion = null;
  return async function version() {
    // [which folder, path inside it, full path]: the hash does not depend on where the shop is installed.
    const files = (await Promise.all(dirs.map(async (dir, i) => (await listFiles(dir, include))
      .map((file) => [i, relative(dir, file), file])))).flat();
    const stats = await Promise.all(files.map(([, , file]) => stat(file)));
    const signature = files.map(([, , file], i) => `${file}\0${stats[i].size}\0${stats[i].mtimeMs}`).join("\n");
    if (signature === lastSignature) return lastVersion;
    const hash = createHash("sha256");
    for (const [dir, name, file] of files) {
      hash.update(`${dir}/${name}\0`).update(await readFile(file)).update("\0");
    }
    lastSignature = signature;
    lastVersion = hash.digest("hex").slice(0, LENGTH);
    return lastVersion;
  };
}
