//! The Content-Security-Policy of the issuer's challenge page: nothing may
//! load but its own stylesheet, its form may post only to itself and be
//! redirected only to the return URL's origin (Chrome applies `form-action`
//! to the redirect after a POST), and only the shop origins that CORS allows
//! may frame it.

use crate::cors::AllowedOrigins;

/// `frame-ancestors` sources for the origins CORS allows. Loopback becomes
/// `http(s)://127.0.0.1:*` and `http(s)://localhost:*` (CSP has no syntax
/// for IPv6 literals, so `[::1]` pages cannot frame it); a listed origin that
/// is not a valid source expression is left out.
pub fn frame_ancestors(allowed: &AllowedOrigins) -> String {
    match allowed {
        AllowedOrigins::Any => "*".to_owned(),
        AllowedOrigins::Loopback => {
            "http://127.0.0.1:* http://localhost:* https://127.0.0.1:* https://localhost:*"
                .to_owned()
        }
        AllowedOrigins::List(list) => {
            let sources: Vec<&str> = list
                .iter()
                .map(String::as_str)
                .filter(|o| is_source(o))
                .collect();
            if sources.is_empty() {
                "'none'".to_owned()
            } else {
                sources.join(" ")
            }
        }
    }
}

/// An origin usable as a CSP host source: `scheme://host[:port]` with no
/// characters that would end or split the directive.
fn is_source(origin: &str) -> bool {
    let Some((scheme, rest)) = origin.split_once("://") else {
        return false;
    };
    !scheme.is_empty()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.')
        && !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'*'))
}

/// The whole policy; `return_origin` is the origin the page redirects to.
pub fn challenge_page(allowed: &AllowedOrigins, return_origin: Option<&str>) -> String {
    let form_action = match return_origin.filter(|o| is_source(o)) {
        Some(origin) => format!("'self' {origin}"),
        None => "'self'".to_owned(),
    };
    format!(
        "default-src 'none'; style-src 'self'; form-action {form_action}; frame-ancestors {}; base-uri 'none'",
        frame_ancestors(allowed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies() {
        assert_eq!(
            challenge_page(&AllowedOrigins::Loopback, Some("http://127.0.0.1:8080")),
            "default-src 'none'; style-src 'self'; form-action 'self' http://127.0.0.1:8080; \
             frame-ancestors http://127.0.0.1:* http://localhost:* https://127.0.0.1:* https://localhost:*; base-uri 'none'"
        );
        let list = AllowedOrigins::from_list(vec![
            "https://shop.example".into(),
            "https://x.example; script-src *".into(),
        ]);
        assert_eq!(frame_ancestors(&list), "https://shop.example");
        assert_eq!(
            frame_ancestors(&AllowedOrigins::from_list(vec!["bad origin".into()])),
            "'none'"
        );
        assert!(challenge_page(&AllowedOrigins::Any, None)
            .contains("form-action 'self'; frame-ancestors *;"));
    }
}
