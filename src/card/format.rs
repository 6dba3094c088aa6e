//! Formatting as the shopper types: card numbers grouped by the brand's gaps,
//! expiries as `MM / YY`, with the caret kept after the digit it followed.
//!
//! Carets are counted in UTF-16 code units, as `selectionStart` is in the DOM.

use crate::prelude::*;

use super::brand::detect;
use super::digits::ascii_digit;
use zeroize::Zeroizing;

/// A formatted value and where the caret goes in it.
#[derive(Clone, PartialEq, Eq)]
pub struct Formatted {
    /// The formatted text.
    pub value: String,
    /// The caret, in UTF-16 code units from the start of `value`.
    pub caret: usize,
}

impl core::fmt::Debug for Formatted {
    // A formatted card number is card data: show its shape, never its digits.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Formatted")
            .field("len", &self.value.len())
            .field("caret", &self.caret)
            .finish()
    }
}

impl Drop for Formatted {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.value);
    }
}

/// The digits of `value` (every other character dropped) and how many of them
/// come before `caret` (UTF-16 units; `None` means the end).
fn digits_and_caret(value: &str, caret: Option<usize>, max: usize) -> (Zeroizing<Vec<u8>>, usize) {
    let mut digits = Zeroizing::new(Vec::with_capacity(max));
    let mut before = 0;
    let mut units = 0;
    for c in value.chars() {
        if let Some(d) = ascii_digit(c) {
            if digits.len() < max {
                digits.push(d);
                if caret.is_none_or(|k| units < k) {
                    before = digits.len();
                }
            }
        }
        units += c.len_utf16();
    }
    (digits, before)
}

/// Groups card number digits by the detected brand's gaps (4-4-4-4 by default,
/// 4-6-5 for American Express, 4-6-4 for 14-digit Diners Club) and cuts them
/// at the brand's longest length (19 when the brand is not known yet).
///
/// ```
/// use tessera::card::format_card_number;
/// let f = format_card_number("378282246310005", None);
/// assert_eq!(f.value, "3782 822463 10005");
/// ```
pub fn format_card_number(value: &str, caret: Option<usize>) -> Formatted {
    let (all, _) = digits_and_caret(value, None, 19);
    let brand = detect(&all).brand();
    let max = brand.map_or(19, |b| b.max_length());
    let gaps: &[u8] = brand.map_or(&[4, 8, 12], |b| b.gaps);
    let (digits, before) = digits_and_caret(value, caret, max);
    let mut out = String::with_capacity(digits.len() + gaps.len());
    let mut new_caret = 0;
    for (i, &d) in digits.iter().enumerate() {
        if i > 0 && gaps.iter().any(|&g| g as usize == i) {
            out.push(' ');
        }
        out.push(d as char);
        if i + 1 == before {
            new_caret = out.len();
        }
    }
    Formatted {
        value: out,
        caret: new_caret,
    }
}

/// Formats an expiry as `MM / YY`: a first digit 2–9 becomes `0N`, a month
/// that cannot be two digits (`13`) becomes `01 / 3`, and the separator shows
/// once a year digit is typed (so backspace never fights it).
///
/// ```
/// use tessera::card::format_expiry;
/// assert_eq!(format_expiry("1229", None).value, "12 / 29");
/// assert_eq!(format_expiry("4", None).value, "04");
/// ```
pub fn format_expiry(value: &str, caret: Option<usize>) -> Formatted {
    // YYYY-MM (as some autofill writes it) is rewritten as MM / YY, when MM
    // is a month: "4481-34" is not a date, and "34 / 81" would not read back.
    let trimmed = value.trim();
    if let [y1, y2, y3, y4, b'-', m1, m2] = trimmed.as_bytes() {
        let month = matches!((m1, m2), (b'0', b'1'..=b'9') | (b'1', b'0'..=b'2'));
        if month && [y1, y2, y3, y4].iter().all(|b| b.is_ascii_digit()) {
            let v: String = [*m1, *m2, b' ', b'/', b' ', *y3, *y4]
                .iter()
                .map(|&b| b as char)
                .collect();
            return Formatted {
                caret: v.len(),
                value: v,
            };
        }
    }
    // An explicit separator after one digit ("1/") means a one-digit month.
    let one_digit_month = {
        let mut it = trimmed.chars().filter(|c| !c.is_whitespace());
        matches!(
            (it.next().and_then(ascii_digit), it.next()),
            (Some(_), Some('/' | '\u{FF0F}' | '-'))
        )
    };
    let (typed, before) = digits_and_caret(value, caret, 6);
    let mut digits: Vec<u8> = typed.to_vec();
    let mut shift = 0;
    let pad = match digits.as_slice() {
        [d, ..] if *d >= b'2' => true,
        [d, ..] if one_digit_month && *d >= b'1' => true,
        [b'1', d, ..] if *d > b'2' => true,
        _ => false,
    };
    if pad {
        digits.insert(0, b'0');
        shift = 1;
    }
    // A four-digit year only makes sense as 20xx: "01 / 320" is a typo for "01 / 32".
    let year_digits = if digits.get(2..4) == Some(&b"20"[..]) {
        4
    } else {
        2
    };
    digits.truncate(2 + year_digits);
    let mut out = String::with_capacity(9);
    let mut new_caret = 0;
    let caret_after = if before == 0 {
        0
    } else {
        (before + shift).min(digits.len())
    };
    for (i, &d) in digits.iter().enumerate() {
        if i == 2 {
            out.push_str(" / ");
        }
        out.push(d as char);
        if i + 1 == caret_after {
            new_caret = out.len();
        }
    }
    Formatted {
        value: out,
        caret: new_caret,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(v: &str) -> String {
        format_card_number(v, None).value.clone()
    }

    #[test]
    fn numbers_group_by_brand() {
        assert_eq!(f("4111111111111111"), "4111 1111 1111 1111");
        assert_eq!(f("378282246310005"), "3782 822463 10005");
        assert_eq!(f("30569309025904"), "3056 930902 5904");
        assert_eq!(f("4111-1111 11"), "4111 1111 11");
        assert_eq!(f("４１１１１"), "4111 1");
        assert_eq!(f(""), "");
        // Cut at the brand's longest length: American Express stops at 15.
        assert_eq!(f("3782822463100051234"), "3782 822463 10005");
        // Visa's gaps stop at 12, as in the brand table: 19 digits end in a group of 7.
        assert_eq!(f("41111111111111111111111"), "4111 1111 1111 1111111");
    }

    #[test]
    fn caret_stays_after_its_digit() {
        // Typing the fifth digit at the end: caret after it, past the new space.
        let r = format_card_number("41111", Some(5));
        assert_eq!((r.value.as_str(), r.caret), ("4111 1", 6));
        // Inserting a digit in the middle of "4111 1111" after the 2nd digit.
        let r = format_card_number("41911 1111", Some(3));
        assert_eq!((r.value.as_str(), r.caret), ("4191 1111 1", 3));
        // Deleting the space: caret stays after the 4th digit.
        let r = format_card_number("41111111", Some(4));
        assert_eq!((r.value.as_str(), r.caret), ("4111 1111", 4));
        // A caret at 0 stays at 0; a caret counted past full-width digits maps to ASCII.
        assert_eq!(format_card_number("4111", Some(0)).caret, 0);
        assert_eq!(format_card_number("４１１１１", Some(5)).caret, 6);
    }

    #[test]
    fn expiry_formats() {
        let e = |v: &str| format_expiry(v, None).value.clone();
        assert_eq!(e(""), "");
        assert_eq!(e("1"), "1");
        assert_eq!(e("4"), "04");
        assert_eq!(e("12"), "12");
        assert_eq!(e("13"), "01 / 3");
        assert_eq!(e("122"), "12 / 2");
        assert_eq!(e("1229"), "12 / 29");
        assert_eq!(e("12 / 29"), "12 / 29");
        assert_eq!(e("12 /"), "12");
        assert_eq!(e("1/29"), "01 / 29");
        assert_eq!(e("122029"), "12 / 2029");
        assert_eq!(e("2029-12"), "12 / 29");
        assert_eq!(e("4481-34"), "04 / 48");
        assert_eq!(e("１２２９"), "12 / 29");
        // Only a 20xx year may have four digits.
        assert_eq!(e("1320"), "01 / 32");
        assert_eq!(e("12 / 295"), "12 / 29");
        assert_eq!(e("12 / 202"), "12 / 202");
    }

    #[test]
    fn expiry_caret() {
        let r = format_expiry("4", Some(1));
        assert_eq!((r.value.as_str(), r.caret), ("04", 2));
        let r = format_expiry("123", Some(3));
        assert_eq!((r.value.as_str(), r.caret), ("12 / 3", 6));
        // Backspace over the separator's slash leaves "12 3" with the caret at 3.
        let r = format_expiry("12 3", Some(3));
        assert_eq!((r.value.as_str(), r.caret), ("12 / 3", 2));
        // A digit typed past the end of a full expiry is dropped; the caret stays at the end.
        let r = format_expiry("12 / 295", Some(8));
        assert_eq!((r.value.as_str(), r.caret), ("12 / 29", 7));
    }
}
