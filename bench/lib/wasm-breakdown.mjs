// What takes the space in a .wasm: a breakdown by section, by crate (from the
// demangled names in the "name" section wasm-bindgen keeps) and the largest
// functions. A small reader of the binary format; no dependency.

function reader(bytes) {
  let pos = 0;
  const r = {
    get pos() { return pos; },
    set pos(p) { pos = p; },
    byte: () => bytes[pos++],
    u32() {
      let result = 0;
      let shift = 0;
      for (;;) {
        const b = bytes[pos++];
        result |= (b & 0x7f) << shift;
        if (!(b & 0x80)) return result >>> 0;
        shift += 7;
      }
    },
    name() {
      const len = r.u32();
      const s = new TextDecoder().decode(bytes.subarray(pos, pos + len));
      pos += len;
      return s;
    },
  };
  return r;
}

const SECTION = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount"];

/** Sections of the module: { id, name, start, size } with `start` at the payload. */
export function sections(bytes) {
  const r = reader(bytes);
  r.pos = 8;
  const out = [];
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    let name = SECTION[id] || `unknown(${id})`;
    if (id === 0) name = `custom "${r.name()}"`;
    out.push({ id, name, start, size });
    r.pos = start + size;
  }
  return out;
}

function importedFunctions(bytes, section) {
  const r = reader(bytes);
  r.pos = section.start;
  let count = 0;
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    r.name();
    r.name();
    const kind = r.byte();
    if (kind === 0) { r.u32(); count++; } else if (kind === 1) { r.byte(); const f = r.byte(); r.u32(); if (f & 1) r.u32(); } else if (kind === 2) { const f = r.byte(); r.u32(); if (f & 1) r.u32(); } else if (kind === 3) { r.byte(); r.byte(); } else if (kind === 4) { r.byte(); r.u32(); }
  }
  return count;
}

function functionNames(bytes, section) {
  const names = new Map();
  const r = reader(bytes);
  r.pos = section.start;
  r.name(); // "name"
  const end = section.start + section.size;
  while (r.pos < end) {
    const sub = r.byte();
    const size = r.u32();
    const next = r.pos + size;
    if (sub === 1) {
      const n = r.u32();
      for (let i = 0; i < n; i++) {
        const idx = r.u32();
        names.set(idx, r.name());
      }
    }
    r.pos = next;
  }
  return names;
}

const PRIMITIVE = new Set(["f32", "f64", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "char", "str", "bool", "T", "F"]);

/** A demangled name without crate disambiguators (`core[c593…]`) and hash suffixes. */
export function tidy(name) {
  return name.replace(/\[[0-9a-f]{6,}\]/g, "").replace(/::h[0-9a-f]{16}\b/g, "");
}

/** The crate (or, for Tessera, crate::module) a demangled Rust name belongs to. */
export function owner(raw) {
  if (!raw) return "(unnamed)";
  const name = tidy(raw);
  // createToken's whole async state machine is inlined into this closure.
  if (name.includes("future_to_promise")) return "createToken future (in js_sys::future_to_promise)";
  if (/ shim\b/.test(name)) return "wasm-bindgen export shims (inlined bodies)";
  const stripped = name.replace(/^[<&\s]+/, "").replace(/^(dyn|mut|impl)\s+/, "").replace(/^[<&\s]+/, "");
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:::([A-Za-z_][A-Za-z0-9_]*))?/.exec(stripped);
  if (!m || !name.includes("::")) {
    if (/^(__wbg|__wbindgen|__externref|__wbg_)/.test(name)) return "wasm_bindgen (runtime)";
    return "(exports, shims)";
  }
  if (m[1] === "tessera" && m[2]) return `tessera::${m[2]}`;
  if (PRIMITIVE.has(m[1])) {
    // `<f64 as core::fmt::Display>::fmt`: the trait's crate.
    const t = / as ([A-Za-z_][A-Za-z0-9_]*)/.exec(stripped);
    return t ? t[1] : "core";
  }
  if (m[1] === "serde_core") return "serde";
  return m[1];
}

/**
 * { totalBytes, sections: [{name, bytes}], crates: [{name, bytes, functions}],
 *   functions: [{name, bytes}] (largest first), named: whether names existed }.
 */
export function breakdown(bytes, { top = 25 } = {}) {
  const all = sections(bytes);
  const imports = all.find((s) => s.id === 2);
  const code = all.find((s) => s.id === 10);
  const nameSection = all.find((s) => s.name === 'custom "name"');
  const offset = imports ? importedFunctions(bytes, imports) : 0;
  const names = nameSection ? functionNames(bytes, nameSection) : new Map();
  const functions = [];
  if (code) {
    const r = reader(bytes);
    r.pos = code.start;
    const n = r.u32();
    for (let i = 0; i < n; i++) {
      const before = r.pos;
      const size = r.u32();
      r.pos += size;
      functions.push({ index: offset + i, name: names.get(offset + i) || `func[${offset + i}]`, bytes: r.pos - before });
    }
  }
  const crates = new Map();
  for (const f of functions) {
    const key = owner(names.get(f.index));
    const c = crates.get(key) || { name: key, bytes: 0, functions: 0 };
    c.bytes += f.bytes;
    c.functions++;
    crates.set(key, c);
  }
  const data = all.find((s) => s.id === 11);
  if (data) crates.set("(data: strings, tables)", { name: "(data: strings, tables)", bytes: data.size, functions: 0 });
  const other = all.filter((s) => s.id !== 10 && s.id !== 11 && s !== nameSection).reduce((a, s) => a + s.size, 0);
  crates.set("(other sections)", { name: "(other sections)", bytes: other, functions: 0 });
  return {
    totalBytes: bytes.length,
    nameSectionBytes: nameSection ? nameSection.size : 0,
    named: names.size > 0,
    sections: all.map((s) => ({ name: s.name, bytes: s.size })),
    crates: [...crates.values()].sort((a, b) => b.bytes - a.bytes),
    functions: functions.sort((a, b) => b.bytes - a.bytes).slice(0, top).map(({ name, bytes: b }) => ({ name: tidy(name), bytes: b })),
  };
}
