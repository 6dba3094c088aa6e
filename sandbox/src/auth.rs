//! HTTP Basic authentication with the API key as the user name (the password
//! is ignored; KOMOJU clients send it empty).

use crate::app::App;
use crate::config::Config;
use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;

/// Which key authenticated a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// `pk_...`: may only create tokens.
    Publishable,
    /// `sk_...`: may do everything.
    Secret,
}

/// The key that authenticated a request (a request extension).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    /// Publishable or secret.
    pub kind: KeyKind,
    /// The key itself (idempotency keys are scoped by it).
    pub key: String,
}

impl ApiKey {
    /// Refuses a publishable key with 403 `forbidden`.
    pub fn require_secret(&self) -> Result<(), ApiError> {
        match self.kind {
            KeyKind::Secret => Ok(()),
            KeyKind::Publishable => Err(ApiError::forbidden(
                "this endpoint needs the secret key; a publishable key can only create tokens",
            )),
        }
    }
}

/// Reads the key from `Authorization: Basic base64("<key>:")`. Messages never
/// repeat what was sent.
pub fn authenticate(headers: &HeaderMap, config: &Config) -> Result<ApiKey, ApiError> {
    let value = headers.get(header::AUTHORIZATION).ok_or_else(|| {
        ApiError::unauthorized(
            "no API key given: use HTTP Basic authentication with the key as the user name and an empty password",
        )
    })?;
    let malformed = || {
        ApiError::unauthorized("the Authorization header is not valid HTTP Basic authentication")
    };
    let text = value.to_str().map_err(|_| malformed())?.trim();
    let (scheme, encoded) = text.split_once(' ').ok_or_else(malformed)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(malformed());
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|_| malformed())?;
    let decoded = String::from_utf8(decoded).map_err(|_| malformed())?;
    let user = decoded
        .split_once(':')
        .map_or(decoded.as_str(), |(user, _)| user);
    let kind = if user == config.secret_key {
        KeyKind::Secret
    } else if user == config.publishable_key {
        KeyKind::Publishable
    } else {
        return Err(ApiError::unauthorized("the API key is not valid"));
    };
    Ok(ApiKey {
        kind,
        key: user.to_owned(),
    })
}

/// Authenticates every API request; the [`ApiKey`] becomes a request extension.
pub async fn layer(State(app): State<App>, mut req: Request, next: Next) -> Response {
    match authenticate(req.headers(), app.config()) {
        Ok(key) => {
            req.extensions_mut().insert(key);
            next.run(req).await
        }
        Err(error) => error.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn keys() {
        let config = Config::default();
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let pk = authenticate(
            &with(&format!("Basic {}", b64("pk_test_sandbox:"))),
            &config,
        )
        .unwrap();
        assert_eq!(pk.kind, KeyKind::Publishable);
        let sk =
            authenticate(&with(&format!("basic {}", b64("sk_test_sandbox"))), &config).unwrap();
        assert_eq!(sk.kind, KeyKind::Secret);
        for bad in [
            format!("Basic {}", b64("pk_wrong:")),
            "Bearer pk_test_sandbox".to_owned(),
            "Basic !!!".to_owned(),
            "Basic".to_owned(),
        ] {
            assert_eq!(
                authenticate(&with(&bad), &config).unwrap_err().code,
                "unauthorized"
            );
        }
        assert!(authenticate(&HeaderMap::new(), &config).is_err());
    }
}
