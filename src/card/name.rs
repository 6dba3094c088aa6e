//! Cardholder names.

use crate::error::ErrorCode;

/// The longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 255;

/// The verdict on a cardholder name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameCheck {
    /// A usable name.
    pub is_valid: bool,
    /// Typing more could still make it valid.
    pub is_potentially_valid: bool,
    /// Why it is not valid, for a submit (`None` when valid).
    pub problem: Option<ErrorCode>,
}

/// Validates a cardholder name: trimmed, 1–255 characters, and not made only of
/// digits, spaces and hyphens (that is a card number typed in the wrong field).
pub fn validate_name(value: &str) -> NameCheck {
    let name = value.trim();
    let too_long = name.chars().nth(MAX_NAME_CHARS).is_some();
    let number_like = name
        .chars()
        .all(|c| super::digits::ascii_digit(c).is_some() || super::digits::is_separator(c));
    let (valid, potential) = match () {
        _ if too_long => (false, false),
        _ if number_like => (false, true),
        _ => (true, true),
    };
    NameCheck {
        is_valid: valid,
        is_potentially_valid: potential,
        problem: (!valid).then_some(ErrorCode::InvalidName),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(validate_name("TARO YAMADA").is_valid);
        assert!(validate_name("  山田 太郎 ").is_valid);
        assert!(validate_name("O'Brien-Smith").is_valid);
        let empty = validate_name("   ");
        assert_eq!((empty.is_valid, empty.is_potentially_valid), (false, true));
        let digits = validate_name("4111 1111-1111");
        assert_eq!(
            (digits.is_valid, digits.is_potentially_valid),
            (false, true)
        );
        assert!(validate_name(&"a".repeat(255)).is_valid);
        let long = validate_name(&"a".repeat(256));
        assert_eq!((long.is_valid, long.is_potentially_valid), (false, false));
    }
}
