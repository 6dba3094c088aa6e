//! `payment_details` objects: the one place that dispatches on `type`.
//!
//! A new payment type gets its own module and one arm in [`tokenize`]; tokens,
//! payments and customers all come through here.

use crate::card;
use crate::error::ApiError;
use crate::redact;
use crate::test_cards::Outcome;
use serde_json::{json, Map, Value};
use tessera::date::YearMonth;
use tessera::details::{normalize_details, DetailsOptions, RawDetails};
use tessera::error::{ErrorCode, FieldError};
use tessera::Locale;

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
    /// What 3-D Secure does with it (secure tokens and sessions).
    pub authentication: crate::three_ds::Authentication,
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
        _ => other_type(map, today),
    }
}

/// Any type other than a card (konbini, bank_transfer, prepaid cards, ...):
/// validated and normalised by the tessera core's payment-details model, and
/// echoed as the reference's responses do, without any credential.
fn other_type(map: &Map<String, Value>, today: YearMonth) -> Result<Tokenized, ApiError> {
    let raw: RawDetails = serde_json::from_value(Value::Object(map.clone())).map_err(|_| {
        ApiError::invalid(
            "payment_details",
            "payment_details has a field that is neither a string nor a number",
        )
    })?;
    let normalized = normalize_details(&raw, &DetailsOptions::new(today))
        .map_err(|errors| field_errors(&errors))?;
    let echo = match serde_json::to_value(normalized.echo()) {
        Ok(Value::Object(echo)) => echo,
        _ => redact::for_echo(map),
    };
    Ok(Tokenized {
        echo,
        method: Method::Other {
            kind: normalized.kind().as_str().to_owned(),
        },
    })
}

/// The core's field errors as a KOMOJU 422: `missing_parameter` for an
/// absent required field, `invalid_parameter` otherwise, `param` like
/// `payment_details[email]`, the core's codes in `details`.
fn field_errors(errors: &[FieldError]) -> ApiError {
    let param = |e: &FieldError| format!("payment_details[{}]", e.field.as_str());
    let missing = |e: &FieldError| e.code == ErrorCode::MissingField;
    let list: Vec<Value> = errors
        .iter()
        .map(|e| {
            json!({
                "param": param(e),
                "code": if missing(e) { "missing_parameter" } else { "invalid_parameter" },
                "reason": e.code.as_str(),
            })
        })
        .collect();
    let Some(first) = errors.first() else {
        return ApiError::invalid("payment_details", "payment_details is invalid");
    };
    let base = if missing(first) {
        ApiError::missing(&param(first))
    } else {
        ApiError::invalid(&param(first), first.message(Locale::En))
    };
    base.with_details(json!({"reason": first.code.as_str(), "errors": list}))
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
            &json!({"type": "konbini", "store": "Lawson", "email": " a@b.co ", "phone": "０９０-1111-2222"}),
            today(),
        )
        .unwrap();
        assert_eq!(
            Value::Object(t.echo),
            json!({"type": "konbini", "store": "lawson", "email": "a@b.co", "phone": "090-1111-2222"})
        );
        let t = tokenize(
            &json!({"type": "web_money", "prepaid_number": "1111111111111111", "email": "a@b.co"}),
            today(),
        )
        .unwrap();
        assert_eq!(
            Value::Object(t.echo),
            json!({"type": "web_money", "email": "a@b.co"})
        );
        assert_eq!(
            t.method,
            Method::Other {
                kind: "web_money".into()
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
        let e = tokenize(&json!({"type": "cash_on_delivery"}), today()).unwrap_err();
        assert_eq!(e.param.as_deref(), Some("payment_details[type]"));
        let e = tokenize(&json!({"type": "konbini", "store": "lawson"}), today()).unwrap_err();
        assert_eq!(
            (e.code, e.param.as_deref()),
            ("missing_parameter", Some("payment_details[email]"))
        );
        let e = tokenize(
            &json!({"type": "konbini", "store": "amazon", "email": "a@b.co"}),
            today(),
        )
        .unwrap_err();
        assert_eq!(
            (e.code, e.param.as_deref()),
            ("invalid_parameter", Some("payment_details[store]"))
        );
    }
}
