//! Return URLs: where the issuer's page sends the shopper when a challenge
//! ends. Validated as absolute `http(s)` URLs (the tessera core's rule, then
//! a full parse), their origin (for the page's `form-action`), and the ID
//! appended as a query parameter.

use crate::error::ApiError;
use serde_json::{json, Value};
use url::Url;

/// Validates `value` (the body field `param`) as an absolute `http(s)` URL.
pub fn parse(param: &str, value: &Value) -> Result<String, ApiError> {
    let invalid = || {
        ApiError::invalid(
            param,
            format!("{param} must be an absolute http or https URL"),
        )
        .with_details(json!({ "reason": "invalid_return_url" }))
    };
    let Value::String(text) = value else {
        return Err(invalid());
    };
    let url = tessera::details::normalize_return_url(text).map_err(|_| invalid())?;
    let parsed = Url::parse(&url).map_err(|_| invalid())?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        return Err(invalid());
    }
    Ok(url)
}

/// The origin of a URL that [`parse`] accepted (`https://shop.example:8443`).
pub fn origin(url: &str) -> Option<String> {
    let origin = Url::parse(url).ok()?.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

/// `url` with `key=value` appended to its query (before any fragment).
pub fn with_param(url: &str, key: &str, value: &str) -> String {
    match Url::parse(url) {
        Ok(mut parsed) => {
            parsed.query_pairs_mut().append_pair(key, value);
            parsed.into()
        }
        Err(_) => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            parse("return_url", &json!(" https://shop.example/done ")).unwrap(),
            "https://shop.example/done"
        );
        for bad in [
            json!("/relative"),
            json!("javascript:alert(1)"),
            json!("ftp://x.example/"),
            json!("http://"),
            json!(7),
        ] {
            let e = parse("return_url", &bad).unwrap_err();
            assert_eq!(
                (e.code, e.param.as_deref()),
                ("invalid_parameter", Some("return_url"))
            );
        }
        assert_eq!(
            origin("http://127.0.0.1:8080/a?b#c").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(
            origin("https://shop.example:443/").as_deref(),
            Some("https://shop.example")
        );
        assert_eq!(
            with_param("http://s.example/r?x=1#top", "session_id", "abc"),
            "http://s.example/r?x=1&session_id=abc#top"
        );
        assert_eq!(
            with_param("http://s.example", "secure_token_id", "stok_1"),
            "http://s.example/?secure_token_id=stok_1"
        );
    }
}
