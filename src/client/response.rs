//! Reading answers: the generic reader every call uses ([`AnswerBody`], a
//! parsed JSON body read field by field; [`Answer`], what a call makes of a
//! 2xx), KOMOJU's error envelope mapped onto an error type by HTTP status,
//! and the tokens call's answer, a Token object ([`TokenAnswer`]).
//!
//! A new API call adds its result type and its [`Answer`] here; the retries,
//! the statuses and the error envelope are shared (see [`super::exchange`]).

use crate::prelude::*;

use super::error::TokenizeError;
use crate::card::NormalizedCard;
use crate::details::normalize_return_url;
use crate::error::ClientCode;
use crate::i18n::Locale;
use crate::secret::redact_digits;
use serde::{Deserialize, Serialize};

/// A field of an answer that has the wrong JSON type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrongType;

/// A parsed JSON answer, read one field at a time (in the browser a
/// `JSON.parse` result read with `Reflect`: no serde on that path, it would
/// add size).
pub trait AnswerBody: Sized {
    /// `self[key]` as a string: `Ok(None)` when absent or `null`, `Err` for
    /// another type (which makes the whole answer unreadable).
    fn string(&self, key: &str) -> Result<Option<String>, WrongType>;
    /// `self[key]` when it is an object.
    fn object(&self, key: &str) -> Option<Self>;
    /// Whether the body is an object.
    fn is_object(&self) -> bool;
}

/// What one API call makes of a 2xx answer (statuses, retries and errors
/// are [`super::exchange::Exchange`]'s).
pub trait Answer {
    /// The call's result.
    type Output;
    /// Reads a 2xx answer (`None`: the body was not JSON); an answer that is
    /// not what the call expects is an `invalid_response` [`crate::error::ErrorType::Api`] error.
    fn read<B: AnswerBody>(
        &self,
        status: u16,
        body: Option<&B>,
    ) -> Result<Self::Output, TokenizeError>;
}

/// The tokens call's answer: a Token object, made into the page's [`Token`]
/// with what the request knew (payment type, card facts).
#[derive(Debug, Clone)]
pub struct TokenAnswer {
    /// The payment type (`"credit_card"`, ...).
    pub kind: &'static str,
    /// For cards, the displayable facts.
    pub card: Option<TokenCard>,
}

impl Answer for TokenAnswer {
    type Output = Token;

    fn read<B: AnswerBody>(&self, status: u16, body: Option<&B>) -> Result<Token, TokenizeError> {
        let response = body
            .filter(|b| b.is_object())
            .and_then(|b| {
                Some(TokenResponse {
                    id: b.string("id").ok()??,
                    created_at: b.string("created_at").ok()?,
                    resource: b.string("resource").ok()?,
                })
            })
            .ok_or_else(|| malformed(status))?;
        token_from_response(status, response, self.kind, self.card.clone())
    }
}

/// An ID of the API: 1–256 ASCII letters, digits, `_` and `-` (it goes into
/// a URL path and back to the page).
pub fn is_resource_id(id: &str) -> bool {
    (1..=256).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A 2xx answer that must be one object of the API: the object and its
/// `id`; its `resource`, when given, must be `kind` (`"session"`, ...).
/// Anything else is [`malformed`].
pub fn read_resource<'b, B: AnswerBody>(
    status: u16,
    body: Option<&'b B>,
    kind: &str,
) -> Result<(&'b B, String), TokenizeError> {
    let bad = || malformed(status);
    let b = body.filter(|b| b.is_object()).ok_or_else(bad)?;
    let id = b
        .string("id")
        .map_err(|_| bad())?
        .filter(|id| is_resource_id(id))
        .ok_or_else(bad)?;
    match b.string("resource") {
        Ok(None) => Ok((b, id)),
        Ok(Some(r)) if r == kind => Ok((b, id)),
        _ => Err(bad()),
    }
}

/// `b[key]`, an optional absolute http(s) URL (the issuer's page, a
/// wallet's): checked as a return URL is; another type or a bad URL is
/// [`malformed`].
pub fn url_field<B: AnswerBody>(
    status: u16,
    b: &B,
    key: &str,
) -> Result<Option<String>, TokenizeError> {
    match b.string(key).map_err(|_| malformed(status))? {
        Some(url) => normalize_return_url(&url)
            .map(Some)
            .map_err(|_| malformed(status)),
        None => Ok(None),
    }
}

/// KOMOJU's error envelope in a body: `{ error: { code?, message?, param? } }`.
pub fn api_error<B: AnswerBody>(body: &B) -> Option<ApiError> {
    let e = body.is_object().then(|| body.object("error"))??;
    Some(ApiError {
        code: e.string("code").ok()?,
        message: e.string("message").ok()?,
        param: e.string("param").ok()?,
        decline_code: e
            .object("details")
            .and_then(|d| d.string("decline_code").ok().flatten()),
    })
}

/// The parts of a Token object Tessera reads.
#[derive(Debug, Clone, Deserialize)]
pub struct TokenResponse {
    /// `tok_...`.
    pub id: String,
    /// RFC 3339.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Must be `"token"` when present.
    #[serde(default)]
    pub resource: Option<String>,
}

/// KOMOJU's error envelope: `{"error": {...}}`.
#[derive(Debug, Clone, Deserialize)]
pub struct ErrorEnvelope {
    /// The error.
    pub error: ApiError,
}

/// The error inside the envelope.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ApiError {
    /// `missing_parameter`, `invalid_parameter`, `unauthorized`, ...
    #[serde(default)]
    pub code: Option<String>,
    /// A human message.
    #[serde(default)]
    pub message: Option<String>,
    /// The offending parameter (`payment_details[number]`).
    #[serde(default)]
    pub param: Option<String>,
    /// `details.decline_code` of a declined card (402).
    #[serde(skip)]
    pub decline_code: Option<String>,
}

/// What a page gets back: the token ID, and for cards what can be shown
/// ("Visa ending in 1111"). Never the number or the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Token {
    /// The token ID, to send to the merchant's server.
    pub id: String,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// The payment type (`"credit_card"`).
    #[serde(rename = "type")]
    pub kind: String,
    /// For cards: brand, last four digits and expiry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<TokenCard>,
}

/// The displayable facts of a tokenized card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenCard {
    /// Tessera's brand type (`"visa"`, `"american-express"`, ...).
    pub brand: &'static str,
    /// KOMOJU's brand name, where KOMOJU has one.
    pub komoju_brand: Option<&'static str>,
    /// Last four digits.
    pub last4: String,
    /// `"MM"`.
    pub month: String,
    /// `"YYYY"`.
    pub year: String,
}

impl TokenCard {
    /// The displayable facts of a normalised card.
    pub fn of(card: &NormalizedCard) -> TokenCard {
        TokenCard {
            brand: card.brand.kind,
            komoju_brand: card.brand.komoju,
            last4: card.last4.clone(),
            month: card.month.clone(),
            year: crate::serde_util::zero_padded(card.full_year.into(), 4),
        }
    }
}

fn invalid_response(status: u16) -> TokenizeError {
    let mut e = TokenizeError::client(ClientCode::InvalidResponse, Locale::En);
    e.status = Some(status);
    e
}

/// Checks a 2xx answer and builds the page's result.
pub fn token_from_response(
    status: u16,
    response: TokenResponse,
    kind: &str,
    card: Option<TokenCard>,
) -> Result<Token, TokenizeError> {
    let id_ok = response.id.starts_with("tok_")
        && (5..=256).contains(&response.id.len())
        && response
            .id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !id_ok || response.resource.as_deref().is_some_and(|r| r != "token") {
        return Err(invalid_response(status));
    }
    Ok(Token {
        id: response.id,
        created_at: response.created_at.unwrap_or_default(),
        kind: kind.to_owned(),
        card,
    })
}

/// The error for a 2xx answer whose body could not be read as a token.
pub fn malformed(status: u16) -> TokenizeError {
    invalid_response(status)
}

/// Maps a non-2xx answer to an error: 401/403 authentication, 429 rate limit,
/// 409 and 5xx API errors (retryable), every other 4xx an invalid request
/// (never retried). The server's code, message and `param` are kept; a
/// `payment_details[x]` param becomes the field `x`.
pub fn error_from_status(
    status: u16,
    body: Option<ApiError>,
    retry_after: Option<u32>,
    locale: Locale,
) -> TokenizeError {
    let (code, retryable) = match status {
        401 | 403 => (ClientCode::Unauthorized, false),
        // A declined card (KOMOJU's `card_declined`): the shopper may try
        // another card; the same one would be declined again.
        402 => (ClientCode::CardDeclined, false),
        429 => (ClientCode::RateLimited, true),
        409 => (ClientCode::Conflict, true),
        500..=599 => (ClientCode::ApiError, true),
        _ => (ClientCode::InvalidRequest, false),
    };
    let body = body.unwrap_or_default();
    // What the server says is passed on, but a card number it echoes is not:
    // long digit runs are masked (first six and last four digits at most).
    let redact = |text: String| redact_digits(&text).into_owned();
    let message = body
        .message
        .filter(|m| !m.trim().is_empty())
        .map(redact)
        .unwrap_or_else(|| code.message(locale).to_owned());
    let mut e = TokenizeError::new(code.error_type(), code, message);
    e.status = Some(status);
    e.retry_after = retry_after;
    e.retryable_status = retryable;
    let short =
        |c: &String| !c.is_empty() && c.len() <= 64 && c.bytes().all(|b| b.is_ascii_graphic());
    e.decline_code = body
        .decline_code
        .filter(short)
        .map(|c| redact(c).into_boxed_str());
    e.server_code = body.code.filter(short).map(|c| redact(c).into_boxed_str());
    e.field = body.param.map(redact).map(|p| {
        match p
            .strip_prefix("payment_details[")
            .and_then(|r| r.strip_suffix(']'))
        {
            Some(inner) => inner.into(),
            None => p.into_boxed_str(),
        }
    });
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorType;

    fn api(code: &str, param: Option<&str>) -> Option<ApiError> {
        Some(ApiError {
            code: Some(code.into()),
            message: Some("server says".into()),
            param: param.map(Into::into),
            decline_code: None,
        })
    }

    #[test]
    fn statuses_map_to_kinds() {
        let e = error_from_status(401, api("unauthorized", None), None, Locale::En);
        assert_eq!(
            (e.kind, e.code(), e.is_retryable()),
            (ErrorType::Authentication, "unauthorized", false)
        );
        let e = error_from_status(
            422,
            api("invalid_parameter", Some("payment_details[number]")),
            None,
            Locale::En,
        );
        assert_eq!(
            (e.kind, e.code(), e.field.as_deref()),
            (
                ErrorType::InvalidRequest,
                "invalid_parameter",
                Some("number")
            )
        );
        assert!(!e.is_retryable());
        let e = error_from_status(400, None, None, Locale::En);
        assert_eq!(
            (e.kind, e.code(), e.is_retryable()),
            (ErrorType::InvalidRequest, "invalid_request", false)
        );
        let e = error_from_status(429, None, Some(2), Locale::Ja);
        assert_eq!(
            (e.kind, e.retry_after, e.is_retryable()),
            (ErrorType::RateLimit, Some(2), true)
        );
        assert!(
            !e.message.is_ascii(),
            "a Japanese message when the server gives none"
        );
        let e = error_from_status(503, api("service_unavailable", None), None, Locale::En);
        assert_eq!(
            (e.kind, e.code(), e.is_retryable()),
            (ErrorType::Api, "service_unavailable", true)
        );
        let e = error_from_status(409, None, None, Locale::En);
        assert!(e.is_retryable());
        let echoed = Some(ApiError {
            code: Some("4111111111111111".into()),
            message: Some("card 4111 1111 1111 1111 is declined".into()),
            param: Some("payment_details[4111111111111111]".into()),
            decline_code: None,
        });
        let e = error_from_status(422, echoed, None, Locale::En);
        assert_eq!(e.message, "card 411111******1111 is declined");
        assert_eq!(
            (e.code(), e.field.as_deref()),
            ("411111******1111", Some("411111******1111"))
        );
        let e = error_from_status(
            422,
            api("invalid_parameter", Some("currency")),
            None,
            Locale::En,
        );
        assert_eq!(e.field.as_deref(), Some("currency"));
        let declined = Some(ApiError {
            code: Some("card_declined".into()),
            message: Some("The card was declined: insufficient funds.".into()),
            param: Some("payment_details".into()),
            decline_code: Some("insufficient_funds".into()),
        });
        let e = error_from_status(402, declined, None, Locale::En);
        assert_eq!(
            (
                e.kind,
                e.code(),
                e.decline_code.as_deref(),
                e.is_retryable()
            ),
            (
                ErrorType::Card,
                "card_declined",
                Some("insufficient_funds"),
                false
            )
        );
    }

    #[test]
    fn token_ids_are_checked() {
        let ok = TokenResponse {
            id: "tok_abc123".into(),
            created_at: Some("2026-11-24T00:00:00Z".into()),
            resource: Some("token".into()),
        };
        assert_eq!(
            token_from_response(200, ok, "credit_card", None)
                .unwrap()
                .id,
            "tok_abc123"
        );
        for bad in ["", "pay_123", "tok_<script>", "tok_"] {
            let r = TokenResponse {
                id: bad.into(),
                created_at: None,
                resource: None,
            };
            assert_eq!(
                token_from_response(200, r, "credit_card", None)
                    .unwrap_err()
                    .code,
                ClientCode::InvalidResponse.into(),
                "{bad}"
            );
        }
        let wrong = TokenResponse {
            id: "tok_abc".into(),
            created_at: None,
            resource: Some("payment".into()),
        };
        assert!(token_from_response(200, wrong, "credit_card", None).is_err());
    }
}
