//! Return URLs.

use crate::prelude::*;

use crate::error::ErrorCode;

/// The longest URL accepted, in bytes.
pub const MAX_URL_LEN: usize = 2048;

/// Validates an absolute `http`/`https` URL and returns it trimmed.
///
/// Accepted: the scheme `http://` or `https://` (any case), then a non-empty
/// host (after any `user@` and before any `:port`, path, query or fragment);
/// no whitespace or control characters; at most 2048 bytes.
///
/// ```
/// use tessera::details::normalize_return_url;
/// assert!(normalize_return_url("http://example.com").is_ok());
/// assert!(normalize_return_url("javascript:alert(1)").is_err());
/// ```
pub fn normalize_return_url(value: &str) -> Result<String, ErrorCode> {
    let url = value.trim();
    let rest = strip_prefix_ignore_case(url, "https://")
        .or_else(|| strip_prefix_ignore_case(url, "http://"));
    let ok = url.len() <= MAX_URL_LEN
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        && rest.is_some_and(|rest| {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
            let host_port = authority.rsplit('@').next().unwrap_or("");
            let host = if host_port.starts_with('[') {
                host_port
                    .split(']')
                    .next()
                    .unwrap_or("")
                    .trim_start_matches('[')
            } else {
                host_port.split(':').next().unwrap_or("")
            };
            !host.is_empty()
        });
    if ok {
        Ok(url.to_owned())
    } else {
        Err(ErrorCode::InvalidReturnUrl)
    }
}

fn strip_prefix_ignore_case<'a>(value: &'a str, prefix: &str) -> Option<&'a str> {
    let head = value.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        value.get(prefix.len()..)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for good in [
            "http://example.com",
            "https://shop.example.com/thanks?order=1#top",
            "HTTPS://EXAMPLE.COM",
            "http://localhost:8080/return",
            "http://user@example.com/",
            "http://[::1]:3000/",
            "https://例え.jp/戻る",
        ] {
            assert_eq!(normalize_return_url(good).as_deref(), Ok(good), "{good}");
        }
        assert_eq!(
            normalize_return_url("  http://example.com \n").as_deref(),
            Ok("http://example.com")
        );
        for bad in [
            "",
            "example.com",
            "/thanks",
            "//example.com",
            "ftp://example.com",
            "javascript:alert(1)",
            "http://",
            "http:///path",
            "http://:80/",
            "http://user@/",
            "http://[]/",
            "http://exa mple.com",
            "https://例\u{0}.jp",
            "ｈｔｔｐ://example.com",
        ] {
            assert_eq!(
                normalize_return_url(bad),
                Err(ErrorCode::InvalidReturnUrl),
                "{bad:?}"
            );
        }
        let long = format!("https://example.com/{}", "a".repeat(MAX_URL_LEN));
        assert!(normalize_return_url(&long).is_err());
    }
}
