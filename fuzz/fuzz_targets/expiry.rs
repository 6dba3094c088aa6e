//! Expiries: text in every form, month and year parts, and formatting with an
//! arbitrary caret, against an arbitrary "today" and window. Input: two bytes
//! of today, one of window, two of caret, then the text (lossy UTF-8); the
//! parts are the text split at its first `|`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera::card::{
    format_expiry, validate_expiry, validate_expiry_parts, ExpiryCheck, ExpiryOptions,
};
use tessera::date::YearMonth;

fn consistent(check: &ExpiryCheck, options: &ExpiryOptions) {
    assert_eq!(check.is_valid, check.problem.is_none());
    assert!(check.month.is_none_or(|m| (1..=12).contains(&m)));
    if check.is_valid {
        let (m, y) = (check.month.unwrap(), check.year.unwrap());
        let today = options.today;
        assert!(check.is_potentially_valid);
        assert!((y, m) >= (today.year, today.month));
        assert!(u32::from(y) <= u32::from(today.year) + u32::from(options.max_years_ahead));
    }
}

fuzz_target!(|data: &[u8]| {
    let [y, m, window, c1, c2, rest @ ..] = data else {
        return;
    };
    let Some(today) = YearMonth::new(1 + u16::from(*y) * 39, 1 + m % 12) else {
        return;
    };
    let options = ExpiryOptions {
        today,
        max_years_ahead: u16::from(*window),
    };
    let text = String::from_utf8_lossy(rest);
    consistent(&validate_expiry(&text, &options), &options);
    let (month, year) = text.split_once('|').unwrap_or((&text, ""));
    consistent(&validate_expiry_parts(month, year, &options), &options);

    let caret = (window & 1 == 1).then_some(usize::from(u16::from_le_bytes([*c1, *c2])));
    let f = format_expiry(&text, caret);
    assert!(f.caret <= f.value.len());
    // The caret sits at the start, right after a digit, or at the start of
    // the year (right after " / ": month and year are kept apart once a year
    // digit exists, so the month can be edited in place).
    assert!(
        f.caret == 0
            || f.value.as_bytes()[f.caret - 1].is_ascii_digit()
            || f.value.get(..f.caret).is_some_and(|head| head.ends_with(" / ")),
        "{:?} caret {}",
        f.value,
        f.caret
    );
    // "", "M", "MM", or "MM / Y…" with up to four year digits; the month may be
    // shorter while it is edited in place ("1 / 29", " / 29"), and a lone 1
    // only while the caret is in it.
    let shape_ok = match f.value.split_once(" / ") {
        None => f.value.len() <= 2 && f.value.bytes().all(|b| b.is_ascii_digit()),
        Some((m, y)) => {
            m.len() <= 2
                && (1..=4).contains(&y.len())
                && m.bytes().chain(y.bytes()).all(|b| b.is_ascii_digit())
                && (m != "1" || f.caret <= 1)
        }
    };
    assert!(shape_ok, "{text:?} -> {:?}", f.value);
    // Formatting what was formatted, with its caret, changes nothing.
    assert_eq!(format_expiry(&f.value, Some(f.caret)).value, f.value);
});
