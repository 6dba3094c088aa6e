//! Security codes (CVV, CVC, CID, ...).

use super::brand::Brand;
use super::digits;
use crate::error::ErrorCode;

/// The verdict on a security code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CvcCheck {
    /// Complete and valid for the brand.
    pub is_valid: bool,
    /// Typing more digits could still make it valid.
    pub is_potentially_valid: bool,
    /// Why it is not valid, for a submit (`None` when valid).
    pub problem: Option<ErrorCode>,
}

/// Validates a security code: digits only (full-width accepted), of the brand's
/// size, or 3 or 4 digits when the brand is not known.
pub fn validate_cvc(value: &str, brand: Option<&Brand>) -> CvcCheck {
    let (sizes, max): (&[usize], usize) = match brand.map(|b| b.code.size) {
        Some(4) => (&[4], 4),
        Some(_) => (&[3], 3),
        None => (&[3, 4], 4),
    };
    let trimmed = value.trim();
    let digits = if trimmed.chars().all(|c| digits::ascii_digit(c).is_some()) {
        Some(crate::prelude::char_count(trimmed))
    } else {
        None
    };
    match digits {
        Some(n) if sizes.contains(&n) => CvcCheck {
            is_valid: true,
            is_potentially_valid: true,
            problem: None,
        },
        Some(n) if n < max => CvcCheck {
            is_valid: false,
            is_potentially_valid: true,
            problem: Some(ErrorCode::IncompleteCvc),
        },
        _ => CvcCheck {
            is_valid: false,
            is_potentially_valid: false,
            problem: Some(ErrorCode::InvalidCvc),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_the_brand() {
        let amex = Brand::find("american-express");
        let visa = Brand::find("visa");
        assert!(validate_cvc("1234", amex).is_valid);
        assert!(!validate_cvc("123", amex).is_valid);
        assert!(validate_cvc("123", amex).is_potentially_valid);
        assert!(validate_cvc("123", visa).is_valid);
        assert_eq!(
            validate_cvc("1234", visa).problem,
            Some(ErrorCode::InvalidCvc)
        );
        assert!(validate_cvc("123", None).is_valid);
        assert!(validate_cvc("1234", None).is_valid);
        assert!(!validate_cvc("12345", None).is_potentially_valid);
    }

    #[test]
    fn non_digits_are_invalid_and_empty_is_incomplete() {
        assert_eq!(
            validate_cvc("12a", None).problem,
            Some(ErrorCode::InvalidCvc)
        );
        assert_eq!(
            validate_cvc("1 2", None).problem,
            Some(ErrorCode::InvalidCvc)
        );
        assert_eq!(
            validate_cvc("", None).problem,
            Some(ErrorCode::IncompleteCvc)
        );
        assert!(validate_cvc("１２３", None).is_valid);
    }
}
