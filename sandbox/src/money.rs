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

/// The currencies KOMOJU takes payments in: the twenty of the `Currency`
/// enum of KOMOJU's mobile SDK (its API models' list).
pub const SUPPORTED_CURRENCIES: &[&str] = &[
    "AUD", "BRL", "CAD", "CHF", "CNY", "EUR", "GBP", "HKD", "IDR", "JPY", "KRW", "MYR", "NZD",
    "PHP", "PLN", "SGD", "THB", "TWD", "USD", "VND",
];

/// A given `currency`: three uppercase letters naming one of
/// [`SUPPORTED_CURRENCIES`]; else 422 `invalid_parameter`, `details.reason`
/// `invalid_currency` (not ISO 4217-shaped) or `unsupported_currency`.
pub fn supported_currency(value: &Value) -> Result<String, ApiError> {
    let code = currency(value).ok_or_else(|| {
        ApiError::invalid(
            "currency",
            "currency must be three uppercase letters (ISO 4217), such as JPY",
        )
        .with_details(serde_json::json!({ "reason": "invalid_currency" }))
    })?;
    if !SUPPORTED_CURRENCIES.contains(&code.as_str()) {
        return Err(ApiError::invalid(
            "currency",
            format!(
                "currency {code} is not supported; use one of {}",
                SUPPORTED_CURRENCIES.join(", ")
            ),
        )
        .with_details(serde_json::json!({ "reason": "unsupported_currency" })));
    }
    Ok(code)
}

/// The required `currency`: one of [`SUPPORTED_CURRENCIES`].
pub fn required_currency(body: &Map<String, Value>) -> Result<String, ApiError> {
    supported_currency(given(body, "currency").ok_or_else(|| ApiError::missing("currency"))?)
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
