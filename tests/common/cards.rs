//! Deterministic generators of card input, from a seed: valid numbers of
//! every brand and length, partial numbers, junk, full-width digits,
//! expiries, security codes and names. Shared by the native property tests
//! (`tests/properties.rs`, `tests/redaction.rs`, through `#[path]`) and the
//! wasm parity test (`tests/common/parity.rs`), so both sides see the very
//! same inputs. Plain Rust: no proptest, no wasm-bindgen.
#![allow(dead_code)]

use tessera::card::brand::Pattern;
use tessera::card::{detect, luhn, validate_number, Brand, NumberOptions};

/// SplitMix64: tiny, seedable, and the same sequence on every target.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A random ASCII digit.
    pub fn digit(&mut self) -> u8 {
        b'0' + self.below(10) as u8
    }
}

/// The digits a pattern's numbers start with: its prefix, or a number within
/// its range (zero-padded to the range's width).
pub fn pattern_prefix(rng: &mut Rng, pattern: &Pattern) -> Vec<u8> {
    match *pattern {
        Pattern::Prefix(p) => p.as_bytes().to_vec(),
        Pattern::Range(lo, hi) => {
            let (a, b): (u64, u64) = (lo.parse().unwrap(), hi.parse().unwrap());
            let n = a + rng.next_u64() % (b - a + 1);
            format!("{n:0width$}", width = lo.len()).into_bytes()
        }
    }
}

/// A valid number (Luhn check digit included) of `len` digits that detects as
/// `brand`, or `None` when 64 tries found none (a pattern can be shadowed by
/// a stronger one of another brand).
pub fn valid_number(rng: &mut Rng, brand: &'static Brand, len: usize) -> Option<String> {
    for _ in 0..64 {
        let pattern = rng.pick(brand.patterns);
        let mut digits = pattern_prefix(rng, pattern);
        if digits.len() >= len {
            continue;
        }
        while digits.len() < len - 1 {
            digits.push(rng.digit());
        }
        digits.push(b'0' + luhn::check_digit(&digits));
        let same_brand = detect(&digits)
            .brand()
            .is_some_and(|b| b.kind == brand.kind);
        let number = String::from_utf8(digits).unwrap();
        if same_brand && validate_number(&number, &NumberOptions::default()).is_valid {
            return Some(number);
        }
    }
    None
}

/// A valid number of a random brand and one of its lengths, with its brand.
pub fn any_valid_number(rng: &mut Rng) -> (&'static Brand, String) {
    loop {
        let brand = rng.pick(Brand::all());
        let len = *rng.pick(brand.lengths) as usize;
        if let Some(n) = valid_number(rng, brand, len) {
            return (brand, n);
        }
    }
}

/// `digits` as the shopper may type them: grouped by the brand's gaps with
/// spaces, with hyphens, with random separators, or in full-width digits.
pub fn typed_form(rng: &mut Rng, digits: &str) -> String {
    match rng.below(5) {
        0 => digits.to_owned(),
        1 => grouped(digits, &[4, 8, 12], ' '),
        2 => grouped(digits, &[4, 8, 12], '-'),
        3 => full_width(digits),
        _ => {
            let mut out = String::new();
            for c in digits.chars() {
                if rng.one_in(4) {
                    out.push(*rng.pick(&[' ', '-', '\u{3000}', '\u{00A0}', '\t', '\u{FF0D}']));
                }
                out.push(c);
            }
            out
        }
    }
}

/// `digits` with `sep` after each gap position.
pub fn grouped(digits: &str, gaps: &[u8], sep: char) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && gaps.iter().any(|&g| g as usize == i) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// ASCII digits made full-width (U+FF10–U+FF19); everything else unchanged.
pub fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(0xFF10 + (c as u32 - '0' as u32)).unwrap(),
            c => c,
        })
        .collect()
}

/// Characters shoppers (and fuzzers) type: digits of both widths,
/// separators, letters, slashes, kana, an emoji (a UTF-16 surrogate pair),
/// a combining mark, NUL.
const JUNK: &[char] = &[
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '０', '５', '９', ' ', '-', '/', '／',
    '\u{3000}', '\u{00A0}', '\t', '\n', 'a', 'Z', 'x', '.', '+', 'ｱ', 'あ', 'ー', '😀', '\u{0301}',
    '\u{0}', '＠',
];

/// A short random string of [`JUNK`].
pub fn junk(rng: &mut Rng) -> String {
    let len = rng.below(24);
    (0..len).map(|_| *rng.pick(JUNK)).collect()
}

/// Card number input: a full or partial valid number of any brand in a typed
/// form, random digits, one valid number with a digit changed, or junk.
pub fn number_input(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 | 1 => {
            let (_, n) = any_valid_number(rng);
            typed_form(rng, &n)
        }
        2 => {
            let (_, n) = any_valid_number(rng);
            let cut = rng.below(n.len() + 1);
            typed_form(rng, &n[..cut])
        }
        3 => {
            let len = rng.below(22);
            let digits: String = (0..len).map(|_| rng.digit() as char).collect();
            typed_form(rng, &digits)
        }
        4 => {
            let (_, n) = any_valid_number(rng);
            let mut b = n.into_bytes();
            let i = rng.below(b.len());
            b[i] = b'0' + (b[i] - b'0' + 1 + rng.below(9) as u8) % 10;
            String::from_utf8(b).unwrap()
        }
        _ => junk(rng),
    }
}

/// Expiry text in every form the parser reads (and some it must refuse), or junk.
pub fn expiry_input(rng: &mut Rng) -> String {
    let month = rng.between(0, 13);
    let year = rng.between(2015, 2050);
    let yy = year % 100;
    let text = match rng.below(12) {
        0 => format!("{month:02}/{yy:02}"),
        1 => format!("{month}/{yy:02}"),
        2 => format!("{month:02} / {year}"),
        3 => format!("{month:02} {yy:02}"),
        4 => format!("{month:02}{yy:02}"),
        5 => format!("{month}{yy:02}"),
        6 => format!("{year}-{month:02}"),
        7 => format!("{month:02}-{yy:02}"),
        8 => format!("{month:02}{year}"),
        9 => {
            let full = format!("{month:02} / {yy:02}");
            let cut = rng.below(full.len() + 1);
            full[..cut].to_owned()
        }
        10 => full_width(&format!("{month:02}／{yy:02}")),
        _ => junk(rng),
    };
    if rng.one_in(8) {
        format!(" {text} ")
    } else {
        text
    }
}

/// Separate month and year fields: one or two digit months, two or four digit
/// years, blanks and junk.
pub fn expiry_parts(rng: &mut Rng) -> (String, String) {
    let month = match rng.below(5) {
        0 => format!("{}", rng.between(0, 13)),
        1 | 2 => format!("{:02}", rng.between(1, 12)),
        3 => String::new(),
        _ => junk(rng),
    };
    let year = match rng.below(5) {
        0 => format!("{:02}", rng.between(15, 50)),
        1 | 2 => format!("{}", rng.between(2015, 2050)),
        3 => String::new(),
        _ => junk(rng),
    };
    (month, year)
}

/// A security code: 0–5 digits of either width, or junk.
pub fn code_input(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => junk(rng),
        1 => {
            let len = rng.below(6);
            full_width(&digits(rng, len))
        }
        _ => {
            let len = rng.below(6);
            digits(rng, len)
        }
    }
}

/// `len` random ASCII digits.
pub fn digits(rng: &mut Rng, len: usize) -> String {
    (0..len).map(|_| rng.digit() as char).collect()
}

/// A cardholder name: Latin, Japanese, blank, digits only (a number typed in
/// the wrong field), too long, or junk.
pub fn name_input(rng: &mut Rng) -> String {
    match rng.below(7) {
        0 => "TARO YAMADA".to_owned(),
        1 => " 山田 太郎 ".to_owned(),
        2 => "   ".to_owned(),
        3 => number_input(rng),
        4 => "a".repeat(rng.between(250, 260)),
        5 => format!("O'Brien-{}", junk(rng)),
        _ => junk(rng),
    }
}

/// A brand name as a page passes it to `validateCvc`: a type, a KOMOJU name,
/// an unknown name, or none.
pub fn brand_name(rng: &mut Rng) -> Option<String> {
    let brand = rng.pick(Brand::all());
    match rng.below(4) {
        0 => None,
        1 => brand.komoju.map(str::to_owned),
        2 => Some("bogus".to_owned()),
        _ => Some(brand.kind.to_owned()),
    }
}
