//! Japanese phone numbers.

use crate::prelude::*;

use crate::card::digits::ascii_digit;
use crate::error::ErrorCode;

/// Whether `c` separates digit groups in a phone number: spaces and every
/// hyphen or dash a Japanese IME produces (`-`, `－`, `‐`, `−`, `―`, `ー`, `ｰ`, ...).
fn is_phone_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{00A0}' | '\u{3000}' | '-' | '\u{2010}'
            ..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{FE63}' | '\u{FF0D}' | '\u{FF70}'
    )
}

/// Prefixes of 11-digit numbers: mobile and PHS (`070`, `080`, `090`), IP
/// phones (`050`), M2M (`020`), FMC (`060`) and `0800` toll-free. Every other
/// domestic number (landlines, `0120`, `0570`, ...) has 10 digits.
const ELEVEN_DIGIT_PREFIXES: [&str; 7] = ["020", "050", "060", "070", "080", "090", "0800"];

fn expected_digits(digits: &str) -> usize {
    if ELEVEN_DIGIT_PREFIXES.iter().any(|p| digits.starts_with(p)) {
        11
    } else {
        10
    }
}

/// Validates a Japanese phone number and returns it as ASCII digits, grouped
/// with single ASCII hyphens where the shopper grouped them.
///
/// Accepted: ASCII or full-width digits, separated by any hyphen, dash or space
/// (runs of separators count as one; leading and trailing ones are dropped);
/// a domestic number starting with `0`, of 11 digits for mobile, IP and `0800`
/// numbers (`090-1111-2222`) and 10 for the rest (`03-1234-5678`,
/// `0120-123-456`), so a digit left out of a mobile number is caught.
///
/// The grouping is kept rather than stripped because KOMOJU's own examples send
/// and echo `090-1111-2222`: the shopper and the merchant see the number as
/// typed, and both forms are accepted by the API.
///
/// ```
/// use tessera::details::normalize_phone;
/// assert_eq!(normalize_phone("０９０－１１１１－２２２２").unwrap(), "090-1111-2222");
/// assert_eq!(normalize_phone("09011112222").unwrap(), "09011112222");
/// assert!(normalize_phone("090-1111").is_err());
/// ```
pub fn normalize_phone(value: &str) -> Result<String, ErrorCode> {
    let mut out = String::with_capacity(16);
    let mut digits = 0usize;
    let mut pending_separator = false;
    for c in value.chars() {
        if let Some(d) = ascii_digit(c) {
            if pending_separator && digits > 0 {
                out.push('-');
            }
            pending_separator = false;
            out.push(char::from(d));
            digits += 1;
            if digits > 11 {
                return Err(ErrorCode::InvalidPhone);
            }
        } else if is_phone_separator(c) {
            pending_separator = true;
        } else {
            return Err(ErrorCode::InvalidPhone);
        }
    }
    let plain: String = out.chars().filter(char::is_ascii_digit).collect();
    if plain.starts_with('0') && digits == expected_digits(&plain) {
        Ok(out)
    } else {
        Err(ErrorCode::InvalidPhone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_numbers() {
        for (input, out) in [
            ("090-1111-2222", "090-1111-2222"),
            ("080-1111-2222", "080-1111-2222"),
            ("09011112222", "09011112222"),
            ("03-1234-5678", "03-1234-5678"),
            ("0312345678", "0312345678"),
            ("0120-123-456", "0120-123-456"),
            ("0800-123-4567", "0800-123-4567"),
            ("050-1234-5678", "050-1234-5678"),
            (" 090 1111 2222 ", "090-1111-2222"),
            ("090--1111 - 2222", "090-1111-2222"),
            ("-090-1111-2222-", "090-1111-2222"),
            ("０９０－１１１１－２２２２", "090-1111-2222"),
            ("０９０ー１１１１ー２２２２", "090-1111-2222"),
            ("090‐1111−2222", "090-1111-2222"),
            ("０９０ｰ1111ｰ2222", "090-1111-2222"),
        ] {
            assert_eq!(normalize_phone(input).as_deref(), Ok(out), "{input}");
        }
    }

    #[test]
    fn bad_numbers() {
        for bad in [
            "",
            "   ",
            "---",
            "090-1111-222",
            "080-1111-222",
            "090-1111-22223",
            "03-1234-56789",
            "0120-123-4567",
            "0800-123-456",
            "090111122223333",
            "9011112222",
            "+81-90-1111-2222",
            "(090) 1111-2222",
            "090.1111.2222",
            "090-1111-2222 ext 3",
            "０９０－１１１１－２２２２２",
            "٠٩٠١١١١٢٢٢٢",
        ] {
            assert_eq!(
                normalize_phone(bad),
                Err(ErrorCode::InvalidPhone),
                "{bad:?}"
            );
        }
    }
}
