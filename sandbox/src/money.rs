//! `amount` and `currency` of the newer endpoints (secure tokens, sessions):
//! required, with KOMOJU's 422 errors; and how the issuer's page shows them.

use crate::body::{currency, given, positive_integer};
use crate::error::ApiError;
use serde_json::{Map, Value};

/// The required `amount`: a positive integer in the smallest currency unit.
pub fn amount(body: &Map<String, Value>) -> Result<u64, ApiError> {
    positive_integer(given(body, "amount").ok_or_else(|| ApiError::missing("amount"))?)
        .ok_or_else(|| ApiError::invalid("amount", "amount must be a positive integer"))
}

/// The required `currency`: three uppercase letters.
pub fn required_currency(body: &Map<String, Value>) -> Result<String, ApiError> {
    currency(given(body, "currency").ok_or_else(|| ApiError::missing("currency"))?).ok_or_else(
        || {
            ApiError::invalid(
                "currency",
                "currency must be three uppercase letters (ISO 4217), such as JPY",
            )
        },
    )
}

/// ISO 4217 currencies without minor units.
const ZERO_DECIMAL: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV",
    "XAF", "XOF", "XPF",
];

/// `5,000 JPY`, `12.34 USD`.
pub fn display(amount: u64, currency: &str) -> String {
    let group = |n: u64| {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    if ZERO_DECIMAL.contains(&currency) {
        format!("{} {currency}", group(amount))
    } else {
        format!("{}.{:02} {currency}", group(amount / 100), amount % 100)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_read_as_people_write_them() {
        assert_eq!(super::display(5000, "JPY"), "5,000 JPY");
        assert_eq!(super::display(123_456_789, "USD"), "1,234,567.89 USD");
        assert_eq!(super::display(5, "EUR"), "0.05 EUR");
    }
}
