//! Building requests: the tokens request's body, the headers of every call,
//! and the checks on what the page passes for them. A new API call adds its
//! body here (a `Serialize` struct, written by [`to_json`]).

use crate::prelude::*;

use super::error::TokenizeError;
use crate::error::ClientCode;
use crate::i18n::Locale;
use serde::Serialize;
use zeroize::Zeroizing;

/// An HTTP method of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Reads a resource (no body).
    Get,
    /// Creates or acts (a JSON body).
    Post,
}

impl Method {
    /// `"GET"` or `"POST"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// Serialises a request body to JSON (strings only: no float formatting
/// reaches the wasm), in a buffer wiped when dropped: bodies hold the card.
pub fn to_json<T: Serialize>(value: &T) -> Result<Zeroizing<String>, TokenizeError> {
    serde_json::to_string(value)
        .map(Zeroizing::new)
        .map_err(|_| {
            TokenizeError::integration(
                ClientCode::Internal,
                "The request body could not be serialised.",
            )
        })
}

/// The body of `POST /api/v1/tokens`. `payment_details` is already validated
/// and normalised (see [`crate::card::normalize_card`]).
#[derive(Debug, Serialize)]
pub struct TokenRequest<'a, D: Serialize> {
    /// The payment details.
    pub payment_details: &'a D,
    /// Binds the token to a currency (ISO 4217, upper case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<&'a str>,
}

/// The header that carries the idempotency key (the same on every attempt of one call).
pub const IDEMPOTENCY_HEADER: &str = "X-KOMOJU-IDEMPOTENCY";

/// The headers of every tokens request, but the idempotency key: the
/// publishable key as Basic auth, JSON both ways, and the API version when set.
pub fn headers<'a>(
    authorization: &'a str,
    api_version: Option<&'a str>,
) -> impl Iterator<Item = (&'static str, &'a str)> {
    [
        ("Authorization", authorization),
        ("Content-Type", "application/json"),
        ("Accept", "application/json"),
    ]
    .into_iter()
    .chain(api_version.map(|v| ("X-KOMOJU-API-VERSION", v)))
}

/// `Basic base64("<key>:")`: the key is the user name, the password empty.
pub fn authorization(publishable_key: &str) -> String {
    let mut out = String::from("Basic ");
    base64_into(&mut out, publishable_key.bytes().chain([b':']));
    out
}

/// Standard base64 with padding (RFC 4648 §4): all Basic auth needs, without
/// the `base64` crate's engines.
fn base64_into(out: &mut String, bytes: impl Iterator<Item = u8>) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bytes = bytes.peekable();
    while bytes.peek().is_some() {
        let chunk: [Option<u8>; 3] = [bytes.next(), bytes.next(), bytes.next()];
        let n = chunk
            .iter()
            .fold(0u32, |n, b| (n << 8) | u32::from(b.unwrap_or(0)));
        let len = chunk.iter().flatten().count();
        for i in 0..4 {
            out.push(if i <= len {
                char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize])
            } else {
                '='
            });
        }
    }
}

/// Checks a currency code: three ASCII letters, returned upper case.
pub fn check_currency(currency: &str) -> Result<String, TokenizeError> {
    let c = currency.trim();
    if c.len() == 3 && c.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(c.to_ascii_uppercase())
    } else {
        Err(TokenizeError::client(
            ClientCode::InvalidCurrency,
            Locale::En,
        ))
    }
}

/// Whether an idempotency key is acceptable to the API: 1–100 printable ASCII characters.
pub fn is_valid_idempotency_key(key: &str) -> bool {
    (1..=100).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_has_the_trailing_colon() {
        // base64("pk_test_sandbox:")
        assert_eq!(
            authorization("pk_test_sandbox"),
            "Basic cGtfdGVzdF9zYW5kYm94Og=="
        );
    }

    #[test]
    fn headers_carry_the_key_and_the_version() {
        let names = |v| headers("Basic x", v).map(|(n, _)| n).collect::<Vec<_>>();
        assert_eq!(names(None), ["Authorization", "Content-Type", "Accept"]);
        assert_eq!(
            headers("Basic x", Some("2024-07-15")).last(),
            Some(("X-KOMOJU-API-VERSION", "2024-07-15"))
        );
    }

    #[test]
    fn base64_matches_rfc_4648() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            let mut out = String::new();
            base64_into(&mut out, input.bytes());
            assert_eq!(out, expected, "{input}");
        }
    }

    #[test]
    fn currencies() {
        assert_eq!(check_currency("jpy").unwrap(), "JPY");
        assert_eq!(check_currency(" USD ").unwrap(), "USD");
        for bad in ["", "JP", "JPYY", "J1Y", "円円円"] {
            assert_eq!(
                check_currency(bad).unwrap_err().code.as_str(),
                "invalid_currency",
                "{bad}"
            );
        }
    }

    #[test]
    fn body_shape() {
        #[derive(Serialize)]
        struct D {
            number: &'static str,
        }
        let body = TokenRequest {
            payment_details: &D { number: "4111" },
            currency: None,
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"payment_details":{"number":"4111"}}"#
        );
        let body = TokenRequest {
            payment_details: &D { number: "4111" },
            currency: Some("JPY"),
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"payment_details":{"number":"4111"},"currency":"JPY"}"#
        );
    }

    #[test]
    fn idempotency_keys() {
        assert!(is_valid_idempotency_key("a1b2-c3"));
        assert!(!is_valid_idempotency_key(""));
        assert!(!is_valid_idempotency_key(&"x".repeat(101)));
        assert!(!is_valid_idempotency_key("a b"));
    }
}
