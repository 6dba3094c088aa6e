//! Card number validation, as the shopper types and on submit.

use crate::prelude::*;

use super::brand::{detect, Brand, Detection};
use super::{digits, luhn};
use crate::error::ErrorCode;

/// Options for [`validate_number`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NumberOptions {
    /// Apply the Luhn check to UnionPay too (UnionPay cards are exempt by default:
    /// some are issued without a Luhn check digit).
    pub luhn_validate_unionpay: bool,
    /// A length cap lower than the brand's own.
    pub max_length: Option<usize>,
}

/// The verdict on a card number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberCheck {
    /// The brand, when exactly one remains.
    pub brand: Option<&'static Brand>,
    /// More digits could still make this a valid card.
    pub is_potentially_valid: bool,
    /// A complete, valid card number.
    pub is_valid: bool,
    /// Why it is not valid, for a submit (`None` when valid).
    pub problem: Option<ErrorCode>,
}

impl NumberCheck {
    const fn new(
        brand: Option<&'static Brand>,
        potential: bool,
        valid: bool,
        problem: Option<ErrorCode>,
    ) -> Self {
        NumberCheck {
            brand,
            is_potentially_valid: potential,
            is_valid: valid,
            problem,
        }
    }
}

/// Validates a card number as typed (spaces, hyphens and full-width digits allowed).
///
/// ```
/// use tessera::card::{validate_number, NumberOptions};
/// let check = validate_number("4111 1111 1111 1111", &NumberOptions::default());
/// assert!(check.is_valid);
/// assert_eq!(check.brand.map(|b| b.kind), Some("visa"));
/// ```
pub fn validate_number(value: &str, options: &NumberOptions) -> NumberCheck {
    let Some(digits) = digits::normalize(value) else {
        return NumberCheck::new(None, false, false, Some(ErrorCode::InvalidNumber));
    };
    validate_detected(&digits, detect(&digits), options)
}

/// [`validate_number`] for digits already normalised (ASCII) whose brand
/// `detection` is already known, as the formatter works it out.
pub(crate) fn validate_detected(
    digits: &[u8],
    detection: Detection,
    options: &NumberOptions,
) -> NumberCheck {
    use ErrorCode::{IncompleteNumber as Incomplete, InvalidNumber as Invalid};
    let len = digits.len();
    let brand = match detection {
        Detection::None => return NumberCheck::new(None, false, false, Some(Invalid)),
        Detection::Many => return NumberCheck::new(None, true, false, Some(Incomplete)),
        Detection::One(brand) => brand,
    };
    if options.max_length.is_some_and(|max| len > max) {
        return NumberCheck::new(Some(brand), false, false, Some(Invalid));
    }
    let luhn_ok =
        (brand.kind == "unionpay" && !options.luhn_validate_unionpay) || luhn::is_valid(digits);
    let max_len = options
        .max_length
        .map_or(brand.max_length(), |m| m.min(brand.max_length()));
    if brand.has_length(len) {
        let problem = (!luhn_ok).then_some(Invalid);
        NumberCheck::new(Some(brand), len < max_len || luhn_ok, luhn_ok, problem)
    } else {
        let potential = len < max_len;
        NumberCheck::new(
            Some(brand),
            potential,
            false,
            Some(if potential { Incomplete } else { Invalid }),
        )
    }
}

/// The last four digits of a number (fewer if it is shorter); `None` if it has
/// characters other than digits and separators.
pub fn last4(value: &str) -> Option<String> {
    let d = digits::normalize(value)?;
    let (_, tail) = d.split_at(d.len().saturating_sub(4));
    Some(tail.iter().map(|&b| b as char).collect())
}

/// A masked rendering for logs: the first six and last four digits of a number
/// of 16 or more digits, only the last four of a shorter one, and nothing of one
/// under 8 digits. Never the whole number.
pub fn mask(value: &str) -> String {
    let Some(d) = digits::normalize(value) else {
        return "<not a card number>".to_owned();
    };
    let n = d.len();
    // How many leading and trailing digits may show.
    let (head, tail) = match n {
        16.. => (6, 4),
        8..=15 => (0, 4),
        _ => (0, 0),
    };
    d.iter()
        .enumerate()
        .map(|(i, &b)| {
            if i < head || i + tail >= n {
                b as char
            } else {
                '*'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(value: &str) -> (Option<&'static str>, bool, bool) {
        let c = validate_number(value, &NumberOptions::default());
        (c.brand.map(|b| b.kind), c.is_potentially_valid, c.is_valid)
    }

    #[test]
    fn the_issue_examples_hold() {
        assert_eq!(check(""), (None, true, false));
        assert_eq!(check("4"), (None, true, false));
        assert_eq!(check("41"), (Some("visa"), true, false));
        assert_eq!(check("2720"), (Some("mastercard"), true, false));
        assert_eq!(check("2721"), (None, false, false));
        assert_eq!(check("4111 1111 1111 1111"), (Some("visa"), true, true));
        assert_eq!(check("4111111111111112"), (Some("visa"), true, false));
        assert_eq!(
            check("378282246310005"),
            (Some("american-express"), true, true)
        );
        assert_eq!(check("6212345000000001"), (Some("unionpay"), true, true));
        assert_eq!(check("3530111333300000"), (Some("jcb"), true, true));
        assert_eq!(
            check("5555555555554446"),
            (Some("mastercard"), false, false)
        );
        assert_eq!(check("411111y"), (None, false, false));
        // Issue 15: the one brand left is reported, as card-validator does.
        assert_eq!(check("9"), (Some("troy"), true, false));
        assert_eq!(check("30"), (Some("diners-club"), true, false));
        assert_eq!(check("979"), (Some("troy"), true, false));
    }

    #[test]
    fn test_cards_of_the_contract_are_valid() {
        for n in [
            "4111111111111111",
            "5555555555554444",
            "3530111333300000",
            "378282246310005",
            "30569309025904",
            "4123111111111000",
            "4123111111111018",
            "4123111111111034",
            "4123111111111042",
            "4123111111111059",
            "4123111111111075",
            "4100000000000100",
            "4100000000005000",
            "4100000000500000",
        ] {
            assert!(
                validate_number(n, &NumberOptions::default()).is_valid,
                "{}",
                mask(n)
            );
        }
    }

    #[test]
    fn full_width_and_hyphens_are_normalised() {
        assert_eq!(
            check("４１１１-１１１１-１１１１-１１１１"),
            (Some("visa"), true, true)
        );
    }

    #[test]
    fn unionpay_luhn_is_optional() {
        let opts = NumberOptions {
            luhn_validate_unionpay: true,
            ..Default::default()
        };
        let c = validate_number("6212345000000001", &opts);
        assert!(!c.is_valid);
        assert_eq!(c.problem, Some(ErrorCode::InvalidNumber));
    }

    #[test]
    fn max_length_caps() {
        let opts = NumberOptions {
            max_length: Some(16),
            ..Default::default()
        };
        assert!(validate_number("4111111111111111", &opts).is_valid);
        let c = validate_number("41111111111111111", &opts);
        assert_eq!((c.is_potentially_valid, c.is_valid), (false, false));
        // A failing 16-digit Visa cannot grow past 16 any more.
        assert!(!validate_number("4111111111111112", &opts).is_potentially_valid);
    }

    #[test]
    fn submit_problems_distinguish_incomplete_from_invalid() {
        let p = |v| validate_number(v, &NumberOptions::default()).problem;
        assert_eq!(p(""), Some(ErrorCode::IncompleteNumber));
        assert_eq!(p("4111"), Some(ErrorCode::IncompleteNumber));
        assert_eq!(p("4111111111111112"), Some(ErrorCode::InvalidNumber));
        assert_eq!(p("41111111111111111111"), Some(ErrorCode::InvalidNumber));
        assert_eq!(p("4111111111111111"), None);
    }

    #[test]
    fn mask_never_shows_the_middle() {
        assert_eq!(mask("4111 1111 1111 1111"), "411111******1111");
        assert_eq!(mask("378282246310005"), "***********0005");
        assert_eq!(mask("4111"), "****");
        assert_eq!(mask("abc"), "<not a card number>");
    }
}
