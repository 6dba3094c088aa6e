//! Strings that hold card data: wiped from memory when dropped, and never
//! shown whole by `Debug`.

use crate::prelude::*;

use crate::card::digits::{ascii_digit, is_separator};
use alloc::borrow::Cow;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

/// A string holding a card number or a security code.
///
/// Its `Debug` shows only a mask (see [`crate::card::mask`]); its buffer is
/// zeroised when it is dropped. It deliberately has no `Display`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretString(Zeroizing<String>);

impl SecretString {
    /// Wraps a string.
    pub fn new(value: String) -> Self {
        SecretString(Zeroizing::new(value))
    }

    /// The value, for validation and for the one request that may carry it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        SecretString::new(value.to_owned())
    }
}

impl core::fmt::Debug for SecretString {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let digits = self.0.chars().filter(char::is_ascii_digit).count();
        if digits >= 8 {
            write!(f, "SecretString({})", crate::card::mask(&self.0))
        } else {
            write!(f, "SecretString(<{} chars>)", self.0.chars().count())
        }
    }
}

impl Serialize for SecretString {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SecretString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::serde_util::string_or_number(d).map(SecretString::new)
    }
}

/// The fewest digits of a card number (the shortest brand lengths are 12).
pub const CARD_NUMBER_MIN_DIGITS: usize = 12;

/// Whether `text` looks like a card number wherever it appears: only digits
/// (ASCII or full-width) and separators (spaces, hyphens), with at least
/// [`CARD_NUMBER_MIN_DIGITS`] digits. Deliberately broad — no Luhn, no brand —
/// so a mistyped number is caught too. The sandbox masks such values in its
/// log and leaves them out of echoes.
///
/// ```
/// use tessera::secret::looks_like_card_number;
/// assert!(looks_like_card_number("4111 1111 1111 1111"));
/// assert!(!looks_like_card_number("090-1234-5678"));
/// assert!(!looks_like_card_number("card 4111111111111111"));
/// ```
pub fn looks_like_card_number(text: &str) -> bool {
    let mut digits = 0usize;
    for c in text.chars() {
        if ascii_digit(c).is_some() {
            digits += 1;
        } else if !is_separator(c) {
            return false;
        }
    }
    digits >= CARD_NUMBER_MIN_DIGITS
}

/// How many digits a run must have to be masked by [`redact_digits`]: the
/// threshold from which [`SecretString`]'s `Debug` masks too.
pub const REDACT_MIN_DIGITS: usize = 8;

/// `text` with every run of [`REDACT_MIN_DIGITS`] or more digits (ASCII or
/// full-width, with spaces and hyphens between them) masked as
/// [`crate::card::mask`] masks a card number: at most its first six and last
/// four digits show. For free text that may hold a card number typed in the
/// wrong field (a name, an email) or echoed by a server (an error message),
/// before it reaches a `Debug`, an error or a log. Linear in `text`.
///
/// ```
/// use tessera::secret::redact_digits;
/// assert_eq!(redact_digits("card 4111 1111 1111 1111 declined"), "card 411111******1111 declined");
/// assert_eq!(redact_digits("TARO YAMADA"), "TARO YAMADA");
/// ```
pub fn redact_digits(text: &str) -> Cow<'_, str> {
    if text.chars().filter(|&c| ascii_digit(c).is_some()).count() < REDACT_MIN_DIGITS {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c| ascii_digit(c).is_some()) {
        let Some((before, run)) = rest.split_at_checked(start) else {
            break;
        };
        out.push_str(before);
        // The run goes on through digits and separators, and ends after its
        // last digit.
        let (mut end, mut digits) = (0, 0);
        for (i, c) in run.char_indices() {
            if ascii_digit(c).is_some() {
                digits += 1;
                end = i + c.len_utf8();
            } else if !is_separator(c) {
                break;
            }
        }
        let Some((run, after)) = run.split_at_checked(end) else {
            break;
        };
        if digits >= REDACT_MIN_DIGITS {
            out.push_str(&crate::card::mask(run));
        } else {
            out.push_str(run);
        }
        rest = after;
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// `Debug` for an optional free-text field: shown, with long digit runs
/// masked by [`redact_digits`].
pub(crate) struct RedactedText<'a>(pub(crate) Option<&'a str>);

impl<'a> RedactedText<'a> {
    /// For an `Option<String>` field.
    pub(crate) fn of(value: &'a Option<String>) -> Self {
        RedactedText(value.as_deref())
    }
}

impl core::fmt::Debug for RedactedText<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            Some(text) => f.debug_tuple("Some").field(&redact_digits(text)).finish(),
            None => f.write_str("None"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_masked() {
        let s = SecretString::from("4111111111111111");
        assert_eq!(format!("{s:?}"), "SecretString(411111******1111)");
        let c = SecretString::from("123");
        assert_eq!(format!("{c:?}"), "SecretString(<3 chars>)");
    }

    #[test]
    fn digit_runs_are_masked_in_free_text() {
        assert_eq!(
            redact_digits("4111111111111111 / 378282246310005!"),
            "411111******1111 / ***********0005!"
        );
        assert_eq!(
            redact_digits("４１１１-１１１１-１１１１-１１１１"),
            "411111******1111"
        );
        assert_eq!(redact_digits("tel 03-1234-5678 x"), "tel ******5678 x");
        // Short runs, and separators with no digit after them, stay.
        assert_eq!(redact_digits("1234 5678"), "****5678");
        assert_eq!(redact_digits("123 - 4567 and 2026"), "123 - 4567 and 2026");
        assert_eq!(redact_digits("12345678 - x"), "****5678 - x");
        assert_eq!(redact_digits(""), "");
        assert_eq!(
            format!("{:?}", RedactedText(Some("4111111111111111"))),
            r#"Some("411111******1111")"#
        );
        assert_eq!(format!("{:?}", RedactedText(None)), "None");
    }
}
