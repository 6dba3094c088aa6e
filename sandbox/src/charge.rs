//! Turning validated payment details into a Payment object: the one place
//! that decides `captured` / `authorized`, declines test cards, and gives a
//! non-card payment its `instructions_url`. Payment: Create and Session: Pay
//! both come through here.

use crate::clock::rfc3339;
use crate::details::{Method, Tokenized};
use crate::error::ApiError;
use crate::test_cards::Decline;
use axum::http::StatusCode;
use serde_json::{json, Value};
use time::OffsetDateTime;

/// The 402 for a declined card.
pub fn declined(decline: Decline, param: &str) -> ApiError {
    ApiError::new(
        StatusCode::PAYMENT_REQUIRED,
        "card_declined",
        decline.message(),
    )
    .with_param(param)
    .with_details(json!({ "decline_code": decline.code() }))
}

/// What a payment is made of.
#[derive(Debug, Clone)]
pub struct Charge<'a> {
    /// `pay_...`.
    pub id: &'a str,
    /// The smallest currency unit.
    pub amount: u64,
    /// ISO 4217.
    pub currency: &'a str,
    /// Validated payment details.
    pub tokenized: &'a Tokenized,
    /// Capture a card at once (else `authorized`).
    pub capture: bool,
    /// The customer it was paid through.
    pub customer: Option<&'a str>,
    /// The session it belongs to.
    pub session: Option<&'a str>,
    /// The merchant's order number.
    pub external_order_num: Option<&'a str>,
    /// `metadata` (an object or null).
    pub metadata: &'a Value,
    /// The request parameter a decline names (`payment_details`, `customer`).
    pub param: &'a str,
}

impl Charge<'_> {
    /// The Payment object in `status`, without running the card's outcome.
    pub fn object(&self, status: &str, now: OffsetDateTime, base_url: &str) -> Value {
        let mut details = self.tokenized.echo.clone();
        if let Method::Other { kind } = &self.tokenized.method {
            let page = if kind == "konbini" {
                "konbini"
            } else {
                "instructions"
            };
            details.insert(
                "instructions_url".to_owned(),
                Value::String(format!("{base_url}/__sandbox/{page}/{}", self.id)),
            );
        }
        json!({
            "id": self.id,
            "resource": "payment",
            "status": status,
            "amount": self.amount,
            "currency": self.currency,
            "payment_details": details,
            "customer": self.customer,
            "session": self.session,
            "created_at": rfc3339(now),
            "captured_at": if status == "captured" { Value::String(rfc3339(now)) } else { Value::Null },
            "external_order_num": self.external_order_num,
            "metadata": self.metadata,
        })
    }

    /// Pays: a card is captured (or authorized without capture) unless its
    /// test card declines (402); any other type is `authorized`, awaiting the
    /// shopper, with its `instructions_url`.
    pub fn run(&self, now: OffsetDateTime, base_url: &str) -> Result<Value, ApiError> {
        let status = match &self.tokenized.method {
            Method::Card(card) => {
                if let Some(decline) = card.decline() {
                    return Err(declined(decline, self.param));
                }
                if self.capture {
                    "captured"
                } else {
                    "authorized"
                }
            }
            Method::Other { .. } => "authorized",
        };
        Ok(self.object(status, now, base_url))
    }
}
