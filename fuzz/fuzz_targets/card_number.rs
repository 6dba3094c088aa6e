//! Card numbers as typed: validation, brand detection, the mask, formatting
//! with an arbitrary caret, and free-text redaction. Input: one byte of
//! options, two of caret, then the text (lossy UTF-8).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera::card::{
    detect, digits, format_card_number, last4, mask, possible_brands, validate_number,
    NumberOptions,
};
use tessera::secret::{redact_digits, REDACT_MIN_DIGITS};
use tessera::SecretString;

/// The most digits in one run of `text` (separators between them allowed).
fn longest_digit_run(text: &str) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in text.chars() {
        if digits::ascii_digit(c).is_some() {
            run += 1;
            best = best.max(run);
        } else if !digits::is_separator(c) {
            run = 0;
        }
    }
    best
}

fuzz_target!(|data: &[u8]| {
    let [flags, c1, c2, rest @ ..] = data else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let options = NumberOptions {
        luhn_validate_unionpay: flags & 1 == 1,
        max_length: (flags & 2 == 2).then_some(usize::from(flags >> 3)),
    };
    let check = validate_number(&text, &options);
    assert_eq!(check.is_valid, check.problem.is_none());
    assert!(!check.is_valid || (check.is_potentially_valid && check.brand.is_some()));

    let normal = digits::normalize(&text);
    if let Some(d) = &normal {
        assert_eq!(check.brand, detect(d).brand());
        let brands = possible_brands(d);
        if let Some(b) = check.brand {
            assert_eq!(brands, [b]);
        }
        assert_eq!(last4(&text).map(|l| l.len()), Some(d.len().min(4)));
        let shown = mask(&text).bytes().filter(u8::is_ascii_digit).count();
        assert!(shown <= if d.len() >= 16 { 10 } else { 4 });
        // A SecretString never shows a number of 8 digits or more.
        if d.len() >= REDACT_MIN_DIGITS {
            let debug = format!("{:?}", SecretString::from(&*text));
            assert!(!debug.contains(std::str::from_utf8(d).unwrap()));
        }
    } else {
        assert_eq!((check.brand, check.is_potentially_valid), (None, false));
    }

    let caret = (flags & 4 == 4).then_some(usize::from(u16::from_le_bytes([*c1, *c2])));
    let f = format_card_number(&text, caret);
    assert!(f.caret <= f.value.len());
    assert!(f.value.bytes().all(|b| b.is_ascii_digit() || b == b' '));
    let typed: Vec<u8> = text.chars().filter_map(digits::ascii_digit).collect();
    let kept = digits::normalize(&f.value).unwrap();
    assert!(kept.len() <= 19 && typed.starts_with(&kept));
    assert_eq!(format_card_number(&f.value, None).value, f.value);
    // Its Debug shows the shape, never the digits.
    let shape = format!("Formatted {{ len: {}, caret: {} }}", f.value.len(), f.caret);
    assert_eq!(format!("{f:?}"), shape);

    // Redacted free text has no run of 8 digits or more left.
    let redacted = redact_digits(&text);
    assert!(longest_digit_run(&redacted) < REDACT_MIN_DIGITS);
});
