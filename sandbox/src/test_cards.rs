//! KOMOJU's test cards and what paying with each one does. Any other valid
//! card is approved.

/// Why a payment was declined: the `decline_code` in the 402 error's details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decline {
    /// 4123111111111000.
    InsufficientFunds,
    /// 4123111111111018.
    ExceededLimit,
    /// 4123111111111034.
    BadVerificationValue,
    /// 4123111111111042.
    CardExpired,
    /// 4123111111111059.
    CardNotUsable,
    /// 4123111111111075.
    InvalidNumber,
    /// 4100000000500000: 3-D Secure authentication fails.
    ThreeDSecureFailed,
}

impl Decline {
    /// The stable `decline_code`.
    pub const fn code(self) -> &'static str {
        match self {
            Decline::InsufficientFunds => "insufficient_funds",
            Decline::ExceededLimit => "exceeded_limit",
            Decline::BadVerificationValue => "bad_verification_value",
            Decline::CardExpired => "card_expired",
            Decline::CardNotUsable => "card_not_usable",
            Decline::InvalidNumber => "invalid_number",
            Decline::ThreeDSecureFailed => "three_d_secure_failed",
        }
    }

    /// An English message for the shopper.
    pub const fn message(self) -> &'static str {
        match self {
            Decline::InsufficientFunds => "The card was declined: insufficient funds.",
            Decline::ExceededLimit => "The card was declined: the card's limit was exceeded.",
            Decline::BadVerificationValue => {
                "The card was declined: the security code is incorrect."
            }
            Decline::CardExpired => "The card was declined: the card has expired.",
            Decline::CardNotUsable => "The card was declined: the card cannot be used.",
            Decline::InvalidNumber => "The card was declined: the card number is invalid.",
            Decline::ThreeDSecureFailed => {
                "The card was declined: 3-D Secure authentication failed."
            }
        }
    }
}

/// What paying with a card does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The payment succeeds.
    Approve,
    /// The payment is declined (HTTP 402 `card_declined`).
    Decline(Decline),
}

/// The cards with a special outcome when paid. 3-D Secure cards: Payment:
/// Create with a plain token skips 3-D Secure, so frictionless (…0100) and
/// challenge (…5000) cards are captured and the failing one (…500000)
/// declines with `three_d_secure_failed`; secure tokens and Session: Pay
/// challenge them instead (see [`crate::three_ds`]).
const SPECIAL: &[(&str, Outcome)] = &[
    (
        "4123111111111000",
        Outcome::Decline(Decline::InsufficientFunds),
    ),
    ("4123111111111018", Outcome::Decline(Decline::ExceededLimit)),
    (
        "4123111111111034",
        Outcome::Decline(Decline::BadVerificationValue),
    ),
    ("4123111111111042", Outcome::Decline(Decline::CardExpired)),
    ("4123111111111059", Outcome::Decline(Decline::CardNotUsable)),
    ("4123111111111075", Outcome::Decline(Decline::InvalidNumber)),
    ("4100000000000100", Outcome::Approve),
    ("4100000000005000", Outcome::Approve),
    (
        "4100000000500000",
        Outcome::Decline(Decline::ThreeDSecureFailed),
    ),
];

/// The outcome of paying with the card whose ASCII digits are `digits`.
pub fn outcome(digits: &[u8]) -> Outcome {
    SPECIAL
        .iter()
        .find(|(number, _)| number.as_bytes() == digits)
        .map_or(Outcome::Approve, |&(_, outcome)| outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tessera::card::{validate_number, NumberOptions};

    #[test]
    fn every_special_card_is_a_valid_card() {
        for (number, _) in SPECIAL {
            assert!(
                validate_number(number, &NumberOptions::default()).is_valid,
                "{number}"
            );
        }
        assert_eq!(outcome(b"4111111111111111"), Outcome::Approve);
        assert_eq!(
            outcome(b"4123111111111042"),
            Outcome::Decline(Decline::CardExpired)
        );
    }
}
