// The bench's fixed inputs: card numbers (full and partial, of every brand,
// Luhn-broken, over-long, with separators, non-digits), expiries and security
// codes, drawn from a seeded PRNG so that every run, in Node and in Chromium,
// validates exactly the same values in the same order. Isomorphic (no imports).

/** mulberry32: a tiny deterministic PRNG returning floats in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A prefix and a length for each brand of credit-card-type 10.3.0 (and so of
// Tessera's table); CVC size 4 only for American Express.
const BRANDS = [
  { type: "visa", prefixes: ["4111", "4012", "4242", "4000"], lengths: [16, 18, 19], cvc: 3 },
  { type: "mastercard", prefixes: ["51", "55", "2221", "2720", "2300", "5425"], lengths: [16], cvc: 3 },
  { type: "american-express", prefixes: ["34", "37"], lengths: [15], cvc: 4 },
  { type: "diners-club", prefixes: ["300", "305", "36", "38", "39"], lengths: [14, 16, 19], cvc: 3 },
  { type: "discover", prefixes: ["6011", "644", "649", "65"], lengths: [16, 19], cvc: 3 },
  { type: "troy", prefixes: ["9792", "65002"], lengths: [16], cvc: 3 },
  { type: "jcb", prefixes: ["3528", "3589", "2131", "1800"], lengths: [16, 17, 18, 19], cvc: 3 },
  { type: "unionpay", prefixes: ["620", "6212", "81"], lengths: [14, 15, 16, 17, 18, 19], cvc: 3 },
  { type: "naranja", prefixes: ["589562", "402918", "527571"], lengths: [16], cvc: 3 },
  { type: "verve", prefixes: ["506099", "507865", "650002"], lengths: [16, 18, 19], cvc: 3 },
  { type: "maestro", prefixes: ["493698", "501800", "6304", "67"], lengths: [12, 13, 16, 19], cvc: 3 },
  { type: "elo", prefixes: ["504175", "636297", "509001", "650031"], lengths: [16], cvc: 3 },
  { type: "mir", prefixes: ["2200", "2204"], lengths: [16, 17, 18, 19], cvc: 3 },
  { type: "hiper", prefixes: ["637095", "637599"], lengths: [16], cvc: 3 },
  { type: "hipercard", prefixes: ["606282"], lengths: [16], cvc: 3 },
];

function luhnDigit(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

function group(number, rand) {
  const sep = rand() < 0.5 ? " " : "-";
  return number.replace(/(\d{4})(?=\d)/g, `$1${sep}`);
}

/**
 * `count` inputs: `{ kind: "number" | "expiry" | "cvc", value, brand? }`,
 * about 60 % numbers, 25 % expiries and 15 % security codes.
 */
export function makeInputs(count = 10_000, seed = 0x7e55e4a) {
  const rand = prng(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const digits = (n) => {
    let s = "";
    for (let i = 0; i < n; i++) s += String(Math.floor(rand() * 10));
    return s;
  };
  const thisYear = new Date().getFullYear();
  const out = [];
  for (let i = 0; i < count; i++) {
    const r = rand();
    if (r < 0.6) {
      const brand = pick(BRANDS);
      const length = pick(brand.lengths);
      const prefix = pick(brand.prefixes);
      const body = prefix + digits(length - prefix.length - 1);
      const full = body + luhnDigit(body);
      const variant = rand();
      let value;
      if (variant < 0.35) value = full; // complete and valid
      else if (variant < 0.5) value = group(full, rand); // valid, typed with separators
      else if (variant < 0.75) value = full.slice(0, 1 + Math.floor(rand() * (full.length - 1))); // partial
      else if (variant < 0.85) value = body + String((Number(luhnDigit(body)) + 1 + Math.floor(rand() * 9)) % 10); // Luhn fails
      else if (variant < 0.9) value = full + digits(1 + Math.floor(rand() * 3)); // too long
      else if (variant < 0.95) value = full.slice(0, 6) + "x" + full.slice(7); // a letter in it
      else value = digits(1 + Math.floor(rand() * 19)); // random digits
      out.push({ kind: "number", value });
    } else if (r < 0.85) {
      const month = 1 + Math.floor(rand() * 12);
      const year = thisYear - 3 + Math.floor(rand() * 25);
      const mm = String(month).padStart(2, "0");
      const yy = String(year % 100).padStart(2, "0");
      const v = rand();
      let value;
      if (v < 0.3) value = `${mm}/${yy}`;
      else if (v < 0.5) value = `${mm} / ${yy}`;
      else if (v < 0.6) value = `${mm}/${year}`;
      else if (v < 0.7) value = `${mm}${yy}`;
      else if (v < 0.85) value = `${mm}/${yy}`.slice(0, 1 + Math.floor(rand() * 4)); // partial
      else if (v < 0.92) value = `${13 + Math.floor(rand() * 87)}/${yy}`; // bad month
      else value = `${mm}/a${yy[1]}`; // junk
      out.push({ kind: "expiry", value });
    } else {
      const brand = rand() < 0.8 ? pick(BRANDS) : null;
      const size = brand ? brand.cvc : 3 + Math.floor(rand() * 2);
      const v = rand();
      let value;
      if (v < 0.6) value = digits(size);
      else if (v < 0.8) value = digits(Math.floor(rand() * size)); // partial
      else if (v < 0.9) value = digits(size + 1 + Math.floor(rand() * 2)); // too long
      else value = digits(size - 1) + "x";
      out.push({ kind: "cvc", value, brand: brand ? brand.type : undefined });
    }
  }
  return out;
}
