//! `payment_details` objects: the one place that dispatches on `type`.
//!
//! A new payment type gets its own module and one arm in [`tokenize`]; tokens,
//! payments and customers all come through here.

use crate::card;
use crate::error::ApiError;
use crate::redact;
use crate::test_cards::Outcome;
use serde_json::{Map, Value};
use tessera::date::YearMonth;

/// What a card is known by once tokenized: never its number or code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardFacts {
    /// KOMOJU's brand name (`visa`, `master`, ...) or tessera's kind.
    pub brand: String,
    /// The last four digits.
    pub last4: String,
    /// Expiry month, `MM`.
    pub month: String,
    /// Expiry year, `YYYY`.
    pub year: String,
    /// What paying with it does.
    pub outcome: Outcome,
}

/// The payment method behind a token or customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    /// `credit_card`.
    Card(CardFacts),
    /// Any other `type` (konbini, bank_transfer, ...), kept as its echo.
    Other {
        /// The `type` string.
        kind: String,
    },
}

/// Validated `payment_details`: the echo that responses show, and the method.
#[derive(Debug, Clone, PartialEq)]
pub struct Tokenized {
    /// The non-secret fields, as echoed in responses.
    pub echo: Map<String, Value>,
    /// What it is.
    pub method: Method,
}

/// Validates a `payment_details` value (`today` decides card expiry) and
/// keeps only what may be stored and echoed.
pub fn tokenize(details: &Value, today: YearMonth) -> Result<Tokenized, ApiError> {
    let Value::Object(map) = details else {
        return Err(ApiError::invalid(
            "payment_details",
            "payment_details must be an object",
        ));
    };
    let kind =
        match map.get("type") {
            None | Some(Value::Null) => "credit_card",
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim(),
            Some(_) => return Err(ApiError::invalid(
                "payment_details[type]",
                "payment_details[type] must be a payment type name such as credit_card or konbini",
            )),
        };
    match kind {
        "credit_card" => card::tokenize(map, today),
        other => Ok(other_type(other, map)),
    }
}

/// Any type other than a card: accepted as is, echoed without secrets.
fn other_type(kind: &str, map: &Map<String, Value>) -> Tokenized {
    let mut echo = redact::for_echo(map);
    echo.insert("type".to_owned(), Value::String(kind.to_owned()));
    Tokenized {
        echo,
        method: Method::Other {
            kind: kind.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn today() -> YearMonth {
        YearMonth::new(2026, 11).unwrap()
    }

    #[test]
    fn other_types_echo_without_secrets() {
        let t = tokenize(
            &json!({"type": "konbini", "store": "lawson", "email": "a@b.c"}),
            today(),
        )
        .unwrap();
        assert_eq!(
            Value::Object(t.echo),
            json!({"type": "konbini", "store": "lawson", "email": "a@b.c"})
        );
        assert_eq!(
            t.method,
            Method::Other {
                kind: "konbini".into()
            }
        );
    }

    #[test]
    fn bad_shapes_are_invalid_parameters() {
        let e = tokenize(&json!("tok_x"), today()).unwrap_err();
        assert_eq!(
            (e.code, e.param.as_deref()),
            ("invalid_parameter", Some("payment_details"))
        );
        let e = tokenize(&json!({"type": 3}), today()).unwrap_err();
        assert_eq!(e.param.as_deref(), Some("payment_details[type]"));
    }
}
