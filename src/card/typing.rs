//! As-you-type fields: one call per keystroke formats the value, keeps the
//! caret, and says what the value is worth (brand, valid, potentially valid),
//! working the brand out once.
//!
//! A page calls these from each field's `input` event with the field's value,
//! its `selectionStart` and the event's `inputType` (see [`Edit`]).

use crate::prelude::*;

use super::brand::Brand;
use super::cvc::{validate_cvc, CvcCheck};
use super::digits::ascii_digit;
use super::expiry::{validate_expiry, ExpiryCheck, ExpiryOptions};
use super::format::{format_card_number_edit, format_expiry_edit, Edit, Formatted};
use super::number::{validate_detected, NumberCheck, NumberOptions};
use zeroize::Zeroizing;

/// A card number field after one keystroke.
#[derive(Debug)]
pub struct NumberInput {
    /// The formatted value and its caret.
    pub formatted: Formatted,
    /// The verdict on the formatted value.
    pub check: NumberCheck,
}

/// An expiry field after one keystroke.
#[derive(Debug)]
pub struct ExpiryInput {
    /// The formatted value (`MM / YY`) and its caret.
    pub formatted: Formatted,
    /// The verdict on the formatted value.
    pub check: ExpiryCheck,
}

/// A security code field after one keystroke.
#[derive(Debug)]
pub struct CvcInput {
    /// The digits kept (at most the brand's code size) and the caret.
    pub formatted: Formatted,
    /// The verdict on them.
    pub check: CvcCheck,
}

/// The card number field: [`format_card_number_edit`], then
/// [`validate_number`](super::validate_number) on the result, with the brand
/// detected once.
///
/// ```
/// use tessera::card::{card_number_input, Edit, NumberOptions};
/// let r = card_number_input("41111", Some(5), Edit::Other, &NumberOptions::default());
/// assert_eq!((r.formatted.value.as_str(), r.formatted.caret), ("4111 1", 6));
/// assert_eq!(r.check.brand.map(|b| b.kind), Some("visa"));
/// ```
pub fn card_number_input(
    value: &str,
    caret: Option<usize>,
    edit: Edit,
    options: &NumberOptions,
) -> NumberInput {
    let (formatted, detection) = format_card_number_edit(value, caret, edit);
    let digits: Zeroizing<Vec<u8>> =
        Zeroizing::new(formatted.value.bytes().filter(u8::is_ascii_digit).collect());
    let check = validate_detected(&digits, detection, options);
    NumberInput { formatted, check }
}

/// The expiry field: [`format_expiry_edit`], then
/// [`validate_expiry`] on the result.
pub fn expiry_input(
    value: &str,
    caret: Option<usize>,
    edit: Edit,
    options: &ExpiryOptions,
) -> ExpiryInput {
    let formatted = format_expiry_edit(value, caret, edit);
    let check = validate_expiry(&formatted.value, options);
    ExpiryInput { formatted, check }
}

/// The security code field: digits only (full-width ones made ASCII, every
/// other character dropped, the caret kept after its digit), cut at the
/// brand's code size (4 when the brand is not known), then
/// [`validate_cvc`].
///
/// ```
/// use tessera::card::{cvc_input, Brand};
/// let r = cvc_input("1a23", Some(4), Brand::find("visa"));
/// assert_eq!((r.formatted.value.as_str(), r.formatted.caret, r.check.is_valid), ("123", 3, true));
/// ```
pub fn cvc_input(value: &str, caret: Option<usize>, brand: Option<&Brand>) -> CvcInput {
    let max = brand.map_or(4, |b| usize::from(b.code.size));
    let mut out = String::with_capacity(max);
    let mut new_caret = 0;
    let mut units = 0;
    for c in value.chars() {
        units += c.len_utf16();
        if let Some(d) = ascii_digit(c) {
            if out.len() < max {
                out.push(d as char);
            }
        }
        if caret.is_none_or(|k| units <= k) {
            new_caret = out.len();
        }
    }
    let check = validate_cvc(&out, brand);
    CvcInput {
        formatted: Formatted {
            value: out,
            caret: new_caret,
        },
        check,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::YearMonth;
    use crate::error::ErrorCode;

    #[test]
    fn number_input_formats_and_validates_in_one_go() {
        let o = NumberOptions::default();
        let r = card_number_input("4111111111111111", None, Edit::Other, &o);
        assert_eq!(r.formatted.value, "4111 1111 1111 1111");
        assert!(r.check.is_valid);
        // The brand agrees with cardBrands: one brand left is the brand.
        let r = card_number_input("9", Some(1), Edit::Other, &o);
        assert_eq!(r.check.brand.map(|b| b.kind), Some("troy"));
        // Deleting across a space, then validating what is left.
        let r = card_number_input("41111111", Some(4), Edit::DeleteForward, &o);
        assert_eq!(
            (r.formatted.value.as_str(), r.formatted.caret),
            ("4111 111", 4)
        );
        assert_eq!(r.check.problem, Some(ErrorCode::IncompleteNumber));
        // What validate_number says of the formatted value, everywhere.
        for v in [
            "",
            "4",
            "2721",
            "378282246310005",
            "4111111111111112",
            "41111111111111111111",
            "x4y1",
        ] {
            let r = card_number_input(v, None, Edit::Other, &o);
            assert_eq!(
                r.check,
                super::super::validate_number(&r.formatted.value, &o),
                "{v}"
            );
        }
    }

    #[test]
    fn expiry_input_keeps_the_year_while_the_month_is_edited() {
        let o = ExpiryOptions::new(YearMonth::new(2026, 11).unwrap());
        let r = expiry_input("1 / 29", Some(1), Edit::DeleteBackward, &o);
        assert_eq!(r.formatted.value, "1 / 29");
        assert!(r.check.is_valid, "1 / 29 reads as January 2029");
        let r = expiry_input("11 / 29", Some(2), Edit::Other, &o);
        assert_eq!((r.check.month, r.check.year), (Some(11), Some(2029)));
        let r = expiry_input("12 /29", Some(4), Edit::DeleteBackward, &o);
        assert_eq!(
            (r.formatted.value.as_str(), r.formatted.caret),
            ("1 / 29", 1)
        );
    }

    #[test]
    fn cvc_input_keeps_digits_up_to_the_code_size() {
        let amex = Brand::find("american-express");
        let r = cvc_input("12345", Some(5), amex);
        assert_eq!(
            (r.formatted.value.as_str(), r.check.is_valid),
            ("1234", true)
        );
        let r = cvc_input("１２x3", Some(3), None);
        assert_eq!((r.formatted.value.as_str(), r.formatted.caret), ("123", 2));
        assert!(r.check.is_valid);
        let r = cvc_input("", Some(0), None);
        assert_eq!(r.check.problem, Some(ErrorCode::IncompleteCvc));
    }
}
