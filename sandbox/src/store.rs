//! Everything the sandbox remembers, behind one lock: tokens, payments,
//! customers, secure tokens, challenges, sessions, idempotency entries, queued faults and the request log.
//! Nothing here holds a card number or a security code.

use crate::challenge::ChallengeRecord;
use crate::details::Tokenized;
use crate::error::ApiError;
use crate::faults::FaultQueue;
use crate::idempotency::IdempotencyStore;
use crate::record::RequestLog;
use crate::secure_tokens::SecureTokenRecord;
use crate::sessions::SessionRecord;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use time::{Duration, OffsetDateTime};

/// How long an unused token lives.
pub const TOKEN_LIFETIME: Duration = Duration::hours(24);

/// A token: what was tokenized, when, for which currency, and whether it was used.
#[derive(Debug, Clone)]
pub struct TokenRecord {
    /// When it was created (by the sandbox clock).
    pub created_at: OffsetDateTime,
    /// The currency it is bound to, if one was given.
    pub currency: Option<String>,
    /// The echo and the card's brand, last four, expiry and test outcome.
    pub tokenized: Tokenized,
    /// Consumed by a payment or a customer.
    pub used: bool,
}

/// A customer: reusable payment details.
#[derive(Debug, Clone)]
pub struct CustomerRecord {
    /// The payment details it pays with.
    pub tokenized: Tokenized,
    /// The Customer object as returned.
    pub object: Value,
}

/// The sandbox's state.
#[derive(Debug, Default)]
pub struct Store {
    /// Tokens by ID.
    pub tokens: HashMap<String, TokenRecord>,
    /// Payment objects by ID.
    pub payments: HashMap<String, Value>,
    /// Customers by ID.
    pub customers: HashMap<String, CustomerRecord>,
    /// Secure tokens by ID.
    pub secure_tokens: HashMap<String, SecureTokenRecord>,
    /// 3-D Secure challenges by ID.
    pub challenges: HashMap<String, ChallengeRecord>,
    /// Sessions by ID.
    pub sessions: HashMap<String, SessionRecord>,
    /// `external_order_num`s of created payments (they must be unique).
    pub order_nums: HashSet<String>,
    /// Idempotency keys seen.
    pub idempotency: IdempotencyStore,
    /// Faults waiting for tokens requests.
    pub faults: FaultQueue,
    /// Every request received.
    pub requests: RequestLog,
}

fn token_error(message: &str, reason: &str) -> ApiError {
    ApiError::invalid("payment_details", message).with_details(json!({ "reason": reason }))
}

impl Store {
    /// Forgets everything (the request log's sequence numbers start again at 1).
    pub fn reset(&mut self) {
        *self = Store::default();
    }

    /// Consumes token `id` at `now`: it must exist, be unused, be younger than
    /// 24 hours and, when `currency` is given and the token is bound to one,
    /// match it. A refused token stays as it was.
    pub fn take_token(
        &mut self,
        id: &str,
        now: OffsetDateTime,
        currency: Option<&str>,
    ) -> Result<Tokenized, ApiError> {
        let Some(token) = self.tokens.get_mut(id) else {
            return Err(token_error("token not found", "token_not_found"));
        };
        if token.used {
            return Err(token_error("token has already been used", "token_used"));
        }
        if now >= token.created_at + TOKEN_LIFETIME {
            return Err(token_error("token has expired", "token_expired"));
        }
        if let (Some(bound), Some(wanted)) = (&token.currency, currency) {
            if bound != wanted {
                return Err(ApiError::invalid(
                    "currency",
                    format!("currency does not match the token's currency ({bound})"),
                )
                .with_details(json!({ "reason": "currency_mismatch", "token_currency": bound })));
            }
        }
        token.used = true;
        Ok(token.tokenized.clone())
    }
}
