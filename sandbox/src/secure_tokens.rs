//! `POST /api/v1/secure_tokens` (publishable or secret key) and
//! `GET /api/v1/secure_tokens/{id}` (either key): a card, or a customer's
//! saved card, authenticated with 3-D Secure before it is paid.
//!
//! A secure token pays once (Payment: Create, Session: Pay, Customer:
//! Create take its ID as `payment_details`), only when `OK` or `SKIPPED`,
//! for its own amount and currency, within 24 hours.

use crate::app::App;
use crate::auth::{ApiKey, KeyKind};
use crate::body::{given, ApiBody};
use crate::challenge::{ChallengeRecord, Owner};
use crate::clock::rfc3339;
use crate::details::{self, CardFacts, Method, Tokenized};
use crate::error::ApiError;
use crate::ids::new_id;
use crate::money::{amount, required_currency};
use crate::return_url;
use crate::store::{Store, TOKEN_LIFETIME};
use crate::three_ds::{auth_result, Verdict};
use axum::extract::{Path, State};
use axum::{Extension, Json};
use serde_json::{json, Value};
use time::OffsetDateTime;

/// The prefix of secure token IDs. KOMOJU's documentation shows none, so the
/// sandbox picks its own, distinct from tokens' `tok_`.
pub const PREFIX: &str = "stok_";

/// A secure token's `verification_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerificationStatus {
    /// Created, not yet looked at (the sandbox decides at once, so never seen).
    Created,
    /// The shopper must pass the issuer's challenge at `authentication_url`.
    NeedsVerify,
    /// Authenticated: usable.
    Ok,
    /// 3-D Secure not performed: usable (the sandbox never skips).
    Skipped,
    /// Authentication failed or was cancelled.
    Errored,
    /// The challenge was not finished within 10 minutes.
    Expired,
}

impl VerificationStatus {
    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            VerificationStatus::Created => "CREATED",
            VerificationStatus::NeedsVerify => "NEEDS_VERIFY",
            VerificationStatus::Ok => "OK",
            VerificationStatus::Skipped => "SKIPPED",
            VerificationStatus::Errored => "ERRORED",
            VerificationStatus::Expired => "EXPIRED",
        }
    }
}

/// A secure token as the sandbox keeps it (never the card number or code).
#[derive(Debug, Clone)]
pub struct SecureTokenRecord {
    /// `stok_...`.
    pub id: String,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// The amount it authenticates.
    pub amount: u64,
    /// Its currency.
    pub currency: String,
    /// Where the issuer's page sends the shopper.
    pub return_url: String,
    /// The card's facts and echo.
    pub tokenized: Tokenized,
    /// The customer whose saved card it is, if any.
    pub customer: Option<String>,
    /// Where it stands.
    pub status: VerificationStatus,
    /// The challenge ID while (and after) one is needed.
    pub challenge: Option<String>,
    /// The EMV 3-D Secure result once finished.
    pub auth_result: Option<Value>,
    /// Consumed by a payment, a session or a customer.
    pub used: bool,
}

impl SecureTokenRecord {
    /// The SecureToken object; `issuer_url` is the issuer listener's base URL.
    pub fn object(&self, issuer_url: &str) -> Value {
        let authentication_url = match (&self.challenge, self.status) {
            (Some(challenge), VerificationStatus::NeedsVerify) => {
                Value::String(crate::issuer::challenge_url(issuer_url, challenge))
            }
            _ => Value::Null,
        };
        json!({
            "id": self.id,
            "resource": "secure_token",
            "created_at": rfc3339(self.created_at),
            "verification_status": self.status.as_str(),
            "authentication_url": authentication_url,
            "three_ds_auth_result": self.auth_result,
            "amount": self.amount,
            "currency": self.currency,
            "return_url": self.return_url,
            "payment_details": self.tokenized.echo,
            "customer": self.customer,
        })
    }
}

/// The card a secure token authenticates: `payment_details` (a card object)
/// or, with the secret key, a customer's saved card.
fn card_source(
    app: &App,
    key: &ApiKey,
    body: &serde_json::Map<String, Value>,
) -> Result<(Tokenized, Option<String>), ApiError> {
    match (given(body, "payment_details"), given(body, "customer")) {
        (Some(_), Some(_)) => Err(ApiError::invalid(
            "customer",
            "give payment_details or customer, not both",
        )),
        (None, None) => Err(ApiError::missing("payment_details")),
        (Some(details @ Value::Object(_)), None) => {
            let tokenized = details::tokenize(details, app.today())?;
            match tokenized.method {
                Method::Card(_) => Ok((tokenized, None)),
                Method::Other { .. } => Err(not_a_card("payment_details[type]")),
            }
        }
        (Some(_), None) => Err(ApiError::invalid(
            "payment_details",
            "payment_details must be a card object",
        )),
        (None, Some(Value::String(customer))) => {
            if key.kind != KeyKind::Secret {
                return Err(ApiError::forbidden(
                    "authenticating a customer's saved card needs the secret key",
                ));
            }
            let customer = customer.trim();
            let store = app.store();
            let record = store.customers.get(customer).ok_or_else(|| {
                ApiError::invalid("customer", "customer not found")
                    .with_details(json!({ "reason": "customer_not_found" }))
            })?;
            match record.tokenized.method {
                Method::Card(_) => Ok((record.tokenized.clone(), Some(customer.to_owned()))),
                Method::Other { .. } => Err(not_a_card("customer")),
            }
        }
        (None, Some(_)) => Err(ApiError::invalid(
            "customer",
            "customer must be a customer ID",
        )),
    }
}

fn not_a_card(param: &str) -> ApiError {
    ApiError::invalid(param, "3-D Secure applies to credit cards only")
        .with_details(json!({ "reason": "not_a_card" }))
}

fn facts(tokenized: &Tokenized) -> Option<&CardFacts> {
    match &tokenized.method {
        Method::Card(card) => Some(card),
        Method::Other { .. } => None,
    }
}

/// Creates a secure token: `OK` at once for a frictionless card, else
/// `NEEDS_VERIFY` with the issuer's `authentication_url`.
pub async fn create(
    State(app): State<App>,
    Extension(key): Extension<ApiKey>,
    ApiBody(body): ApiBody,
) -> Result<Json<Value>, ApiError> {
    let amount = amount(&body)?;
    let currency = required_currency(&body)?;
    let return_url = return_url::parse(
        "return_url",
        given(&body, "return_url").ok_or_else(|| ApiError::missing("return_url"))?,
    )?;
    let (tokenized, customer) = card_source(&app, &key, &body)?;
    let Some(card) = facts(&tokenized).cloned() else {
        return Err(not_a_card("payment_details"));
    };
    let now = app.clock().now();
    let id = new_id(PREFIX);
    let mut record = SecureTokenRecord {
        id: id.clone(),
        created_at: now,
        amount,
        currency: currency.clone(),
        return_url: return_url.clone(),
        tokenized,
        customer,
        status: VerificationStatus::Ok,
        challenge: None,
        auth_result: None,
        used: false,
    };
    let mut store = app.store();
    if card.authentication.needs_challenge() {
        let challenge = store.open_challenge(ChallengeRecord::new(
            now,
            Owner::SecureToken(id.clone()),
            &card,
            amount,
            &currency,
            Some(return_url::with_param(&return_url, "secure_token_id", &id)),
        ));
        record.status = VerificationStatus::NeedsVerify;
        record.challenge = Some(challenge);
    } else {
        record.auth_result = Some(auth_result(Verdict::Authenticated, &card.brand, false));
    }
    let object = record.object(app.issuer_url());
    store.secure_tokens.insert(id, record);
    Ok(Json(object))
}

/// Reads a secure token (either key).
pub async fn show(
    State(app): State<App>,
    Extension(_key): Extension<ApiKey>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let now = app.clock().now();
    let mut store = app.store();
    store.expire_challenges(now, app.base_url());
    store
        .secure_tokens
        .get(&id)
        .map(|t| Json(t.object(app.issuer_url())))
        .ok_or_else(|| ApiError::not_found("secure token not found"))
}

fn refused(param: &str, message: &str, reason: &str) -> ApiError {
    ApiError::invalid(param, message).with_details(json!({ "reason": reason }))
}

impl Store {
    /// Consumes secure token `id` at `now` for a payment of `amount`
    /// `currency` (either may be left unchecked, as Customer: Create does).
    /// `Ok(None)` when there is no such secure token. A refused token stays
    /// as it was.
    pub fn take_secure_token(
        &mut self,
        id: &str,
        now: OffsetDateTime,
        amount: Option<u64>,
        currency: Option<&str>,
    ) -> Result<Option<Tokenized>, ApiError> {
        let Some(token) = self.secure_tokens.get_mut(id) else {
            return Ok(None);
        };
        const P: &str = "payment_details";
        match token.status {
            VerificationStatus::Ok | VerificationStatus::Skipped => {}
            VerificationStatus::Created | VerificationStatus::NeedsVerify => {
                return Err(refused(
                    P,
                    "secure token has not been verified: the shopper must finish 3-D Secure at its authentication_url first",
                    "secure_token_not_verified",
                ))
            }
            VerificationStatus::Errored => {
                return Err(refused(
                    P,
                    "secure token failed 3-D Secure authentication",
                    "secure_token_failed",
                ))
            }
            VerificationStatus::Expired => {
                return Err(refused(
                    P,
                    "secure token's 3-D Secure challenge expired unfinished",
                    "secure_token_expired",
                ))
            }
        }
        if token.used {
            return Err(refused(
                P,
                "secure token has already been used",
                "secure_token_used",
            ));
        }
        if now >= token.created_at + TOKEN_LIFETIME {
            return Err(refused(
                P,
                "secure token has expired",
                "secure_token_expired",
            ));
        }
        if let Some(wanted) = currency {
            if wanted != token.currency {
                return Err(ApiError::invalid(
                    "currency",
                    format!(
                        "currency does not match the secure token's currency ({})",
                        token.currency
                    ),
                )
                .with_details(
                    json!({ "reason": "currency_mismatch", "secure_token_currency": token.currency }),
                ));
            }
        }
        if let Some(wanted) = amount {
            if wanted != token.amount {
                return Err(ApiError::invalid(
                    "amount",
                    format!(
                        "amount does not match the amount the secure token authenticated ({})",
                        token.amount
                    ),
                )
                .with_details(
                    json!({ "reason": "amount_mismatch", "secure_token_amount": token.amount }),
                ));
            }
        }
        token.used = true;
        Ok(Some(token.tokenized.clone()))
    }

    /// Consumes a token or a secure token given as `payment_details` for a
    /// payment of `amount` `currency`; the flag says whether it passed 3-D
    /// Secure (a secure token).
    pub fn take_payment_token(
        &mut self,
        id: &str,
        now: OffsetDateTime,
        currency: &str,
        amount: u64,
    ) -> Result<(Tokenized, bool), ApiError> {
        if self.tokens.contains_key(id) {
            return Ok((self.take_token(id, now, Some(currency))?, false));
        }
        match self.take_secure_token(id, now, Some(amount), Some(currency))? {
            Some(tokenized) => Ok((tokenized, true)),
            // take_token words the "not found" error.
            None => Ok((self.take_token(id, now, Some(currency))?, false)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn record(status: VerificationStatus) -> SecureTokenRecord {
        let tokenized = details::tokenize(
            &json!({"number": "4111111111111111", "month": "01", "year": "29"}),
            tessera::date::YearMonth::new(2026, 11).unwrap(),
        )
        .unwrap();
        SecureTokenRecord {
            id: "stok_x".into(),
            created_at: datetime!(2026-11-24 06:20:21 UTC),
            amount: 100,
            currency: "JPY".into(),
            return_url: "http://127.0.0.1/".into(),
            tokenized,
            customer: None,
            status,
            challenge: None,
            auth_result: None,
            used: false,
        }
    }

    #[test]
    fn skipped_is_usable_and_created_is_not() {
        let now = datetime!(2026-11-24 06:30:00 UTC);
        let mut store = Store::default();
        store
            .secure_tokens
            .insert("stok_x".into(), record(VerificationStatus::Skipped));
        assert!(store
            .take_secure_token("stok_x", now, Some(100), Some("JPY"))
            .unwrap()
            .is_some());
        store
            .secure_tokens
            .insert("stok_x".into(), record(VerificationStatus::Created));
        let e = store
            .take_secure_token("stok_x", now, None, None)
            .unwrap_err();
        assert_eq!(e.details.unwrap()["reason"], "secure_token_not_verified");
        assert!(store
            .take_secure_token("stok_y", now, None, None)
            .unwrap()
            .is_none());
    }
}
