// The validation-speed and memory loops, shared by Node (bench/run.mjs) and
// Chromium (bench/pages/bench.html) so both run exactly the same code.
// `tessera` is Tessera's package entry (validateCardNumber, validateExpiry,
// validateCvc); `cv` is card-validator (number, expirationDate, cvv).

const now = typeof performance !== "undefined" ? () => performance.now() : () => Date.now();

// card-validator needs the code size, which a page reads from the number's
// brand object; precomputed so the loop measures validation only.
const CVV_SIZE = { "american-express": 4 };

function runTessera(t, inputs) {
  let valid = 0;
  for (let i = 0; i < inputs.length; i++) {
    const x = inputs[i];
    const r = x.kind === "number" ? t.validateCardNumber(x.value)
      : x.kind === "expiry" ? t.validateExpiry(x.value)
        : t.validateCvc(x.value, x.brand);
    if (r.isValid) valid++;
  }
  return valid;
}

function runCardValidator(cv, inputs) {
  let valid = 0;
  for (let i = 0; i < inputs.length; i++) {
    const x = inputs[i];
    const r = x.kind === "number" ? cv.number(x.value)
      : x.kind === "expiry" ? cv.expirationDate(x.value)
        : cv.cvv(x.value, x.brand ? CVV_SIZE[x.brand] || 3 : [3, 4]);
    if (r.isValid) valid++;
  }
  return valid;
}

function median(list) {
  const s = [...list].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Interleaved rounds over the same inputs: each round runs both libraries
 * once, alternating which goes first. One untimed warm-up round first.
 * Returns operations per second per round and their medians.
 */
export function validationSpeed(tessera, cv, inputs, rounds) {
  const result = rounds_(tessera, cv, inputs, rounds);
  // The same per kind of input: a cheap check (a code) and an expensive one
  // (a number) weigh the crossing into wasm very differently.
  result.perKind = {};
  for (const kind of ["number", "expiry", "cvc"]) {
    const subset = inputs.filter((x) => x.kind === kind);
    const r = rounds_(tessera, cv, subset, rounds);
    result.perKind[kind] = { inputs: subset.length, tessera: r.tessera.opsPerSec, cardValidator: r.cardValidator.opsPerSec, ratio: r.ratio };
  }
  return result;
}

function rounds_(tessera, cv, inputs, rounds) {
  runTessera(tessera, inputs);
  runCardValidator(cv, inputs);
  const t = [];
  const c = [];
  let checkT = 0;
  let checkC = 0;
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? ["cv", "t"] : ["t", "cv"];
    for (const who of order) {
      const start = now();
      if (who === "t") checkT = runTessera(tessera, inputs);
      else checkC = runCardValidator(cv, inputs);
      const ms = now() - start;
      (who === "t" ? t : c).push(inputs.length / (ms / 1000));
    }
  }
  const tessMedian = median(t);
  const cvMedian = median(c);
  return {
    inputs: inputs.length,
    rounds,
    tessera: { opsPerSec: tessMedian, rounds: t, validCount: checkT },
    cardValidator: { opsPerSec: cvMedian, rounds: c, validCount: checkC },
    ratio: tessMedian / cvMedian,
  };
}

/**
 * Where the two libraries disagree on `isValid`, per kind of input. Numbers
 * are what the bench reports; expiries and codes are listed for information.
 */
export function agreement(tessera, cv, inputs) {
  const out = {};
  for (const kind of ["number", "expiry", "cvc"]) out[kind] = { compared: 0, disagreements: 0, examples: [] };
  for (const x of inputs) {
    let a;
    let b;
    if (x.kind === "number") {
      a = tessera.validateCardNumber(x.value);
      b = cv.number(x.value);
    } else if (x.kind === "expiry") {
      a = tessera.validateExpiry(x.value);
      b = cv.expirationDate(x.value);
    } else {
      a = tessera.validateCvc(x.value, x.brand);
      b = cv.cvv(x.value, x.brand ? CVV_SIZE[x.brand] || 3 : [3, 4]);
    }
    const entry = out[x.kind];
    entry.compared++;
    if (a.isValid !== b.isValid) {
      entry.disagreements++;
      if (entry.examples.length < 25) {
        entry.examples.push({
          value: x.value,
          brand: x.brand,
          tessera: { isValid: a.isValid, isPotentiallyValid: a.isPotentiallyValid, brand: a.brand ? a.brand.type : a.brand },
          cardValidator: { isValid: b.isValid, isPotentiallyValid: b.isPotentiallyValid, brand: b.card ? b.card.type : b.card },
        });
      }
    }
  }
  return out;
}

/** Runs `count` validations, cycling through `inputs`. */
export function validateMany(tessera, inputs, count) {
  let valid = 0;
  for (let i = 0; i < count; i += inputs.length) {
    valid += runTessera(tessera, i + inputs.length <= count ? inputs : inputs.slice(0, count - i));
  }
  return valid;
}

/** Linear memory and externref-table sizes of the glue's wasm exports. */
export function wasmFootprint(exports) {
  const out = { memoryBytes: exports.memory.buffer.byteLength, tables: {} };
  for (const [name, value] of Object.entries(exports)) {
    if (value instanceof WebAssembly.Table) out.tables[name] = value.length;
  }
  return out;
}

/**
 * What a page sees key by key: each number, expiry and code of `inputs` that
 * is plain digits typed one key at a time at the end of the field, the
 * field's value after each key being the previous formatted value plus the
 * key (formatted with Tessera, untimed, so both sides get the same strings).
 */
export function makeKeystrokes(tessera, inputs, limit = 400) {
  const out = { number: [], expiry: [], cvc: [] };
  const type = (kind, digits, format, brand) => {
    let shown = "";
    for (const key of digits) {
      const value = shown + key;
      out[kind].push({ value, caret: value.length, brand });
      shown = format ? format(value, value.length).value : value;
    }
  };
  let n = 0;
  for (const x of inputs) {
    if (n >= limit) break;
    const digits = x.value.replace(/[\s-]/g, "");
    if (!/^\d+$/.test(digits)) continue;
    if (x.kind === "number") type("number", digits, tessera.formatCardNumber);
    else if (x.kind === "expiry") type("expiry", digits, tessera.formatExpiry);
    else type("cvc", digits, null, x.brand);
    n++;
  }
  return out;
}

// One keystroke as a page handles it. Tessera: one call, that formats and
// validates. The peers: payment's formatter (`Payment.fns.formatCardNumber`),
// then card-validator on the result for the brand and the verdict; for the
// expiry card-validator alone (payment formats the expiry only inside its
// DOM event handlers), for the code a digits-only filter and card-validator.
const keyTessera = {
  number: (t, k) => t.cardNumberInput(k.value, k.caret, "insertText"),
  expiry: (t, k) => t.expiryInput(k.value, k.caret, "insertText"),
  cvc: (t, k) => t.cvcInput(k.value, k.caret, k.brand),
};
const keyPeers = {
  number: (cv, payment, k) => cv.number(payment.fns.formatCardNumber(k.value)),
  expiry: (cv, _payment, k) => cv.expirationDate(k.value),
  cvc: (cv, _payment, k) => cv.cvv(k.value.replace(/\D/g, ""), k.brand ? CVV_SIZE[k.brand] || 3 : [3, 4]),
};

/**
 * Keystrokes per second, per kind of field, Tessera against the peers. A
 * field's keystrokes are few (a few hundred), so each timed round goes over
 * them `reps` times (at least `minKeys` keystrokes a round), after three
 * untimed rounds on each side: a round of a few microseconds would time the
 * JIT warming up (and whichever side other loops happened to warm), not the
 * keystroke.
 */
export function keystrokeSpeed(tessera, cv, payment, keystrokes, rounds, minKeys = 20_000) {
  const out = {};
  for (const kind of ["number", "expiry", "cvc"]) {
    const keys = keystrokes[kind];
    const t = keyTessera[kind];
    const p = keyPeers[kind];
    const reps = Math.max(1, Math.ceil(minKeys / Math.max(1, keys.length)));
    const runT = () => {
      let valid = 0;
      for (let r = 0; r < reps; r++) for (let i = 0; i < keys.length; i++) if (t(tessera, keys[i]).isValid) valid++;
      return valid;
    };
    const runP = () => {
      let valid = 0;
      for (let r = 0; r < reps; r++) for (let i = 0; i < keys.length; i++) if (p(cv, payment, keys[i]).isValid) valid++;
      return valid;
    };
    for (let i = 0; i < 3; i++) {
      runT();
      runP();
    }
    const ts = [];
    const ps = [];
    for (let round = 0; round < rounds; round++) {
      for (const who of round % 2 ? ["p", "t"] : ["t", "p"]) {
        const start = now();
        if (who === "t") runT();
        else runP();
        const ms = now() - start;
        (who === "t" ? ts : ps).push((keys.length * reps) / (ms / 1000));
      }
    }
    out[kind] = { keystrokes: keys.length, reps, tessera: median(ts), peers: median(ps), ratio: median(ts) / median(ps) };
  }
  return out;
}

export { median };
