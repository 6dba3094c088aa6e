// The measurements that run inside Chromium, loaded by the page with a
// dynamic import (bench/run.mjs drives it through playwright-core). Tessera is
// loaded through its real package entry, dist/tessera.js; the wasm-bindgen
// glue it imports (the same module instance) is asked for the wasm exports,
// for the memory figures and, while the entry does not re-export it, for
// `Tokenizer`.
import { makeInputs } from "./inputs.js";
import { agreement, keystrokeSpeed, makeKeystrokes, median, validateMany, validationSpeed, wasmFootprint } from "./validation.js";

async function loadTessera() {
  const tessera = await import("/dist/tessera.js");
  await tessera.default();
  const glue = await import("/dist/tessera_glue.js");
  const exports = await glue.default(); // already initialised: returns the instance's exports
  const Tokenizer = tessera.Tokenizer || glue.Tokenizer;
  return { tessera, exports, Tokenizer, tokenizerFromEntry: Boolean(tessera.Tokenizer) };
}

export async function validation({ count, rounds, cardValidatorUrl, paymentUrl }) {
  const { tessera } = await loadTessera();
  const cv = await import(cardValidatorUrl);
  const payment = (await import(paymentUrl)).default;
  const inputs = makeInputs(count);
  const speed = validationSpeed(tessera, cv, inputs, rounds);
  speed.keystrokes = keystrokeSpeed(tessera, cv, payment, makeKeystrokes(tessera, inputs), rounds);
  speed.agreement = agreement(tessera, cv, inputs);
  speed.crossOriginIsolated = globalThis.crossOriginIsolated;
  return speed;
}

function card() {
  const year = new Date().getFullYear() + 3;
  return { number: "4111 1111 1111 1111", expiry: `12 / ${String(year % 100)}`, verification_value: "123", name: "TARO YAMADA" };
}

// Captures the request Tessera sends (its URL, headers and JSON body) by
// wrapping the global fetch the glue calls, for one createToken.
async function captureRequest(tokenizer) {
  const realFetch = globalThis.fetch;
  let captured = null;
  globalThis.fetch = (request, init) => {
    // clone(), not new Request(request): that would take the original's body.
    captured = request instanceof Request && !init ? request.clone() : new Request(request, init);
    return realFetch(request, init);
  };
  try {
    await tokenizer.createToken(card());
  } finally {
    globalThis.fetch = realFetch;
  }
  if (!captured) throw new Error("bench: Tessera's createToken made no fetch call");
  return { url: captured.url, headers: [...captured.headers], body: await captured.text() };
}

function quantile(list, q) {
  const s = [...list].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i];
}

const stats = (list) => ({ median: median(list), p95: quantile(list, 0.95), min: Math.min(...list), max: Math.max(...list) });

export async function tokenization({ sandbox, rounds, warmup }) {
  const { Tokenizer, tokenizerFromEntry } = await loadTessera();
  const tokenizer = new Tokenizer({ publishableKey: "pk_test_sandbox", apiBase: sandbox });
  const request = await captureRequest(tokenizer);
  const details = card();
  const tess = async () => {
    const start = performance.now();
    const token = await tokenizer.createToken(details);
    const ms = performance.now() - start;
    if (!token || !token.id) throw new Error("bench: createToken returned no token");
    return ms;
  };
  const raw = async () => {
    const start = performance.now();
    const response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body });
    const json = await response.json();
    const ms = performance.now() - start;
    if (!response.ok || !json.id) throw new Error(`bench: raw fetch answered ${response.status}`);
    return ms;
  };
  for (let i = 0; i < warmup; i++) {
    await tess();
    await raw();
  }
  const interleaved = await pairs(tess, raw, rounds);

  // The same with fetch answered in the page from a recorded response: what
  // createToken costs on the main thread beyond a fetch + json(), without
  // the network's noise.
  const recorded = await (await fetch(request.url, { method: "POST", headers: request.headers, body: request.body })).text();
  const realFetch = globalThis.fetch;
  globalThis.fetch = () => Promise.resolve(new Response(recorded, { status: 200, headers: { "Content-Type": "application/json" } }));
  let stubbed;
  try {
    for (let i = 0; i < warmup; i++) {
      await tess();
      await raw();
    }
    stubbed = await pairs(tess, raw, rounds);
  } finally {
    globalThis.fetch = realFetch;
  }
  return {
    rounds,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    tokenizerFromEntry,
    request: { url: request.url, headers: request.headers.map(([k]) => k), bodyBytes: request.body.length },
    ...interleaved,
    stubbed,
  };
}

async function pairs(tess, raw, rounds) {
  const t = [];
  const r = [];
  const d = [];
  for (let i = 0; i < rounds; i++) {
    let a;
    let b;
    if (i % 2) {
      b = await raw();
      a = await tess();
    } else {
      a = await tess();
      b = await raw();
    }
    t.push(a);
    r.push(b);
    d.push(a - b);
  }
  return {
    tessera: stats(t),
    rawFetch: stats(r),
    difference: stats(d),
  };
}

export async function memory({ sandbox, validations, tokenizations, count }) {
  const { tessera, exports, Tokenizer } = await loadTessera();
  const inputs = makeInputs(count);
  const before = wasmFootprint(exports);
  validateMany(tessera, inputs, validations);
  const afterValidations = wasmFootprint(exports);
  const tokenizer = new Tokenizer({ publishableKey: "pk_test_sandbox", apiBase: sandbox });
  const details = card();
  for (let i = 0; i < tokenizations; i++) {
    const token = await tokenizer.createToken(details);
    if (!token.id) throw new Error("bench: createToken returned no token");
  }
  const afterTokenizations = wasmFootprint(exports);
  // A second batch of the same size: growth that repeats is a leak, a
  // one-off growth is the allocator settling.
  validateMany(tessera, inputs, validations);
  for (let i = 0; i < tokenizations; i++) await tokenizer.createToken(details);
  const afterSecondBatch = wasmFootprint(exports);
  return { validations, tokenizations, before, afterValidations, afterTokenizations, afterSecondBatch };
}
