//! Reading the tokens endpoint's answers: a Token object, or a KOMOJU error
//! envelope mapped onto an error kind by HTTP status.

use crate::prelude::*;

use super::error::{ErrorKind, TokenizeError};
use crate::card::NormalizedCard;
use crate::i18n::Locale;
use crate::secret::redact_digits;
use serde::{Deserialize, Serialize};

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
    let mut e = TokenizeError::new(
        ErrorKind::Api,
        "invalid_response",
        "The tokens endpoint answered with something that is not a token.",
    );
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
    let (kind, code, retryable) = match status {
        401 | 403 => (ErrorKind::Authentication, "unauthorized", false),
        429 => (ErrorKind::RateLimit, "rate_limited", true),
        409 => (ErrorKind::Api, "conflict", true),
        500..=599 => (ErrorKind::Api, "api_error", true),
        _ => (ErrorKind::InvalidRequest, "invalid_request", false),
    };
    let body = body.unwrap_or_default();
    // What the server says is passed on, but a card number it echoes is not:
    // long digit runs are masked (first six and last four digits at most).
    let redact = |text: String| redact_digits(&text).into_owned();
    let message = body
        .message
        .filter(|m| !m.trim().is_empty())
        .map(redact)
        .unwrap_or_else(|| crate::i18n::client_message(code, locale).to_owned());
    let mut e = TokenizeError::new(kind, code, message);
    e.status = Some(status);
    e.retry_after = retry_after;
    e.retryable_status = retryable;
    e.server_code = body
        .code
        .filter(|c| !c.is_empty() && c.len() <= 64 && c.bytes().all(|b| b.is_ascii_graphic()))
        .map(|c| redact(c).into_boxed_str());
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

    fn api(code: &str, param: Option<&str>) -> Option<ApiError> {
        Some(ApiError {
            code: Some(code.into()),
            message: Some("server says".into()),
            param: param.map(Into::into),
        })
    }

    #[test]
    fn statuses_map_to_kinds() {
        let e = error_from_status(401, api("unauthorized", None), None, Locale::En);
        assert_eq!(
            (e.kind, e.code(), e.is_retryable()),
            (ErrorKind::Authentication, "unauthorized", false)
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
                ErrorKind::InvalidRequest,
                "invalid_parameter",
                Some("number")
            )
        );
        assert!(!e.is_retryable());
        let e = error_from_status(400, None, None, Locale::En);
        assert_eq!(
            (e.kind, e.code(), e.is_retryable()),
            (ErrorKind::InvalidRequest, "invalid_request", false)
        );
        let e = error_from_status(429, None, Some(2), Locale::Ja);
        assert_eq!(
            (e.kind, e.retry_after, e.is_retryable()),
            (ErrorKind::RateLimit, Some(2), true)
        );
        assert!(
            !e.message.is_ascii(),
            "a Japanese message when the server gives none"
        );
        let e = error_from_status(503, api("service_unavailable", None), None, Locale::En);
        assert_eq!(
            (e.kind, e.code(), e.is_retryable()),
            (ErrorKind::Api, "service_unavailable", true)
        );
        let e = error_from_status(409, None, None, Locale::En);
        assert!(e.is_retryable());
        let echoed = Some(ApiError {
            code: Some("4111111111111111".into()),
            message: Some("card 4111 1111 1111 1111 is declined".into()),
            param: Some("payment_details[4111111111111111]".into()),
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
                "invalid_response",
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
