//! `credit_card` payment details, read and validated by the tessera core:
//! its table of keys ([`tessera::fields::KEYS`]) and its card rules under
//! the API's looser policy ([`CardOptions::loose`]): `number` and the expiry
//! (`month` + `year`, or `expiry`) are required; the security code and the
//! name are checked only when given, since the real API treats them as
//! optional. This file maps the core's errors onto KOMOJU's parameters.

use crate::body::{given, text};
use crate::details::{CardFacts, Method, Tokenized};
use crate::error::ApiError;
use crate::test_cards::{outcome, Outcome};
use serde_json::{json, Map, Value};
use tessera::card::{normalize_card, CardDetails, CardOptions, NormalizedCard};
use tessera::date::YearMonth;
use tessera::error::{ErrorCode, Field, FieldError};
use tessera::fields::KEYS;
use tessera::Locale;

/// One failing field, as the API reports it.
struct Problem {
    param: &'static str,
    missing: bool,
    reason: ErrorCode,
}

const NUMBER: &str = "payment_details[number]";
const MONTH: &str = "payment_details[month]";
const YEAR: &str = "payment_details[year]";
const CVC: &str = "payment_details[verification_value]";
const NAME: &str = "payment_details[name]";

/// Reads the card's keys of the core's table: a string or a whole number
/// each (the API takes numbers for any of them); blank counts as absent.
fn read(map: &Map<String, Value>) -> Result<CardDetails, ApiError> {
    let mut details = CardDetails::default();
    for key in KEYS.iter().filter(|k| k.card) {
        let Some(v) = given(map, key.name) else {
            continue;
        };
        let value = text(v).ok_or_else(|| {
            let param = format!("payment_details[{}]", key.name);
            ApiError::invalid(&param, format!("{param} must be a string"))
                .with_details(json!({"reason": "invalid_type"}))
        })?;
        details.set(key.name, value);
    }
    Ok(details)
}

/// Validates a card and keeps its non-secret facts.
pub fn tokenize(map: &Map<String, Value>, today: YearMonth) -> Result<Tokenized, ApiError> {
    let details = read(map)?;
    let card = normalize_card(&details, &CardOptions::loose(today)).map_err(|errors| {
        let problems = problems(&details, &errors);
        match problems.first() {
            Some(first) => error(first, &problems),
            None => ApiError::invalid(NUMBER, ErrorCode::InvalidNumber.message(Locale::En)),
        }
    })?;
    let facts = facts(&card);
    Ok(Tokenized {
        echo: echo(&details, &facts),
        method: Method::Card(facts),
    })
}

/// Every failing field, in the order number, expiry, code, name.
fn problems(details: &CardDetails, errors: &[FieldError]) -> Vec<Problem> {
    let core = |field: Field| errors.iter().find(|e| e.field == field).map(|e| e.code);
    let invalid = |param, code: ErrorCode| Problem {
        param,
        missing: false,
        reason: code,
    };
    let missing = |param, code: ErrorCode| Problem {
        param,
        missing: true,
        reason: code,
    };
    let mut out = Vec::new();
    match (&details.number, core(Field::Number)) {
        (None, _) => out.push(missing(NUMBER, ErrorCode::IncompleteNumber)),
        (Some(_), Some(code)) => out.push(invalid(NUMBER, code)),
        (Some(_), None) => {}
    }
    if details.expiry.is_none() && (details.month.is_none() || details.year.is_none()) {
        if details.month.is_none() {
            out.push(missing(MONTH, ErrorCode::IncompleteExpiry));
        }
        if details.year.is_none() {
            out.push(missing(YEAR, ErrorCode::IncompleteExpiry));
        }
    } else if let Some(code) = core(Field::Expiry) {
        let param = if code == ErrorCode::InvalidExpiryMonth {
            MONTH
        } else {
            YEAR
        };
        out.push(invalid(param, code));
    }
    // Absent, these are not checked (the loose policy): any error is about a given value.
    if let Some(code) = core(Field::VerificationValue) {
        out.push(invalid(CVC, code));
    }
    if let Some(code) = core(Field::Name) {
        out.push(invalid(NAME, code));
    }
    out
}

/// The 422 for the first problem, listing them all in `details.errors`.
fn error(first: &Problem, all: &[Problem]) -> ApiError {
    let list: Vec<Value> = all
        .iter()
        .map(|p| {
            json!({
                "param": p.param,
                "code": if p.missing { "missing_parameter" } else { "invalid_parameter" },
                "reason": p.reason.as_str(),
            })
        })
        .collect();
    let base = if first.missing {
        ApiError::missing(first.param)
    } else {
        ApiError::invalid(first.param, first.reason.message(Locale::En))
    };
    base.with_details(json!({"reason": first.reason.as_str(), "errors": list}))
}

/// Brand, last four, expiry and test-card outcome of a card that passed.
fn facts(card: &NormalizedCard) -> CardFacts {
    CardFacts {
        brand: card.brand.komoju.unwrap_or(card.brand.kind).to_owned(),
        last4: card.last4.clone(),
        month: card.month.clone(),
        year: format!("{:04}", card.full_year),
        outcome: outcome(card.number.expose().as_bytes()),
        authentication: crate::three_ds::authentication(card.number.expose().as_bytes()),
    }
}

/// The echoed `payment_details`: never the number or the code.
fn echo(details: &CardDetails, facts: &CardFacts) -> Map<String, Value> {
    let mut echo = Map::new();
    let mut put = |k: &str, v: &str| {
        echo.insert(k.to_owned(), Value::String(v.to_owned()));
    };
    put("type", "credit_card");
    match &details.name {
        Some(name) => put("name", name.trim()),
        None => {
            if let Some(given) = &details.given_name {
                put("given_name", given.trim());
            }
            if let Some(family) = &details.family_name {
                put("family_name", family.trim());
            }
        }
    }
    if let Some(email) = &details.email {
        put("email", email.trim());
    }
    put("brand", &facts.brand);
    put("last_four_digits", &facts.last4);
    put("month", &facts.month);
    put("year", &facts.year);
    echo
}

impl CardFacts {
    /// Whether paying with this card is declined, and why.
    pub fn decline(&self) -> Option<crate::test_cards::Decline> {
        match self.outcome {
            Outcome::Approve => None,
            Outcome::Decline(d) => Some(d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> YearMonth {
        YearMonth::new(2026, 11).unwrap()
    }

    fn map(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn a_card_without_code_or_name_tokenizes() {
        let t = tokenize(
            &map(json!({"number": "4111111111111111", "month": "01", "year": "29"})),
            today(),
        )
        .unwrap();
        assert_eq!(
            Value::Object(t.echo),
            json!({"type": "credit_card", "brand": "visa", "last_four_digits": "1111", "month": "01", "year": "2029"})
        );
    }

    #[test]
    fn missing_and_invalid_fields_map_to_params() {
        let e = tokenize(&map(json!({"month": "01", "year": "29"})), today()).unwrap_err();
        assert_eq!(
            (e.code, e.param.as_deref()),
            ("missing_parameter", Some(NUMBER))
        );
        let e = tokenize(
            &map(json!({"number": "4111111111111111", "year": "29"})),
            today(),
        )
        .unwrap_err();
        assert_eq!(
            (e.code, e.param.as_deref()),
            ("missing_parameter", Some(MONTH))
        );
        let e = tokenize(
            &map(json!({"number": "4111111111111112", "month": "01", "year": "29"})),
            today(),
        )
        .unwrap_err();
        assert_eq!(
            (e.code, e.param.as_deref()),
            ("invalid_parameter", Some(NUMBER))
        );
        assert_eq!(e.details.unwrap()["reason"], "invalid_number");
        let e = tokenize(
            &map(json!({"number": "4111111111111111", "month": "13", "year": "29"})),
            today(),
        )
        .unwrap_err();
        assert_eq!(e.param.as_deref(), Some(MONTH));
        let e = tokenize(
            &map(json!({"number": "4111111111111111", "month": "10", "year": "26"})),
            today(),
        )
        .unwrap_err();
        assert_eq!(
            (e.param.as_deref(), e.details.unwrap()["reason"].as_str()),
            (Some(YEAR), Some("expired_card"))
        );
        let e = tokenize(&map(json!({"number": "4111111111111111", "expiry": "12/29", "verification_value": "12"})), today()).unwrap_err();
        assert_eq!(e.param.as_deref(), Some(CVC));
        let e = tokenize(
            &map(json!({"number": "4111111111111111", "expiry": "12/29", "name": "4111 1111"})),
            today(),
        )
        .unwrap_err();
        assert_eq!(e.param.as_deref(), Some(NAME));
        let e = tokenize(&map(json!({"number": true})), today()).unwrap_err();
        assert_eq!(e.param.as_deref(), Some(NUMBER));
    }
}
