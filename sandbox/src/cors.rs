//! CORS: which page origins may read the sandbox's answers, preflights, and
//! the headers on actual responses. An origin that is not allowed gets no
//! `Access-Control-*` header at all, so the browser refuses the response —
//! tests use that to simulate a CORS refusal.

use crate::app::App;
use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Which `Origin`s may call the sandbox from a browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllowedOrigins {
    /// `http://127.0.0.1:<port>`, `http://localhost:<port>` and
    /// `http://[::1]:<port>` for any port (or none); https too.
    Loopback,
    /// Any origin at all (`--allow-origin '*'`).
    Any,
    /// Exactly these origins (compared ignoring ASCII case and a trailing `/`).
    List(Vec<String>),
}

impl AllowedOrigins {
    /// The rule for a list of `--allow-origin` values: the loopback default
    /// when empty, [`AllowedOrigins::Any`] when it holds `*`.
    pub fn from_list(list: Vec<String>) -> Self {
        let list: Vec<String> = list
            .into_iter()
            .map(|o| o.trim().trim_end_matches('/').to_owned())
            .filter(|o| !o.is_empty())
            .collect();
        if list.is_empty() {
            AllowedOrigins::Loopback
        } else if list.iter().any(|o| o == "*") {
            AllowedOrigins::Any
        } else {
            AllowedOrigins::List(list)
        }
    }

    /// Whether a page at `origin` may read responses.
    pub fn allows(&self, origin: &str) -> bool {
        match self {
            AllowedOrigins::Any => !origin.is_empty(),
            AllowedOrigins::Loopback => is_loopback_origin(origin),
            AllowedOrigins::List(list) => list
                .iter()
                .any(|o| o.eq_ignore_ascii_case(origin.trim_end_matches('/'))),
        }
    }
}

/// `http(s)://127.0.0.1[:port]`, `localhost` or `[::1]`, nothing more.
fn is_loopback_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    let (host, port) = if let Some(after) = rest.strip_prefix("[::1]") {
        ("[::1]", after)
    } else {
        match rest.find(':') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        }
    };
    let host_ok = host == "[::1]" || host == "127.0.0.1" || host.eq_ignore_ascii_case("localhost");
    let port_ok = match port.strip_prefix(':') {
        None => port.is_empty(),
        Some(p) => {
            !p.is_empty()
                && p.len() <= 5
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u32>().is_ok_and(|n| n <= 65_535)
        }
    };
    host_ok && port_ok
}

/// Methods announced for the API.
const API_METHODS: &str = "POST, GET, OPTIONS";
/// Methods announced for `/__sandbox/*` (which also has `DELETE /__sandbox/faults`).
const SANDBOX_METHODS: &str = "POST, GET, DELETE, OPTIONS";
/// Request headers a page may send.
const ALLOW_HEADERS: &str =
    "Authorization, Content-Type, Accept, X-KOMOJU-IDEMPOTENCY, X-KOMOJU-API-VERSION";
/// How long a browser may cache a preflight, in seconds.
const MAX_AGE: &str = "600";

/// The request's `Origin`, if present and readable.
pub fn origin(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ORIGIN).and_then(|v| v.to_str().ok())
}

/// Answers preflights and adds CORS headers to actual responses.
pub async fn layer(State(app): State<App>, req: Request, next: Next) -> Response {
    let origin = origin(req.headers()).map(str::to_owned);
    let allowed = origin
        .as_deref()
        .filter(|o| app.config().allowed_origins.allows(o))
        .and_then(|o| HeaderValue::from_str(o).ok());
    let is_preflight = req.method() == Method::OPTIONS
        && origin.is_some()
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if is_preflight {
        let sandbox = req.uri().path().starts_with("/__sandbox");
        let private_network = req
            .headers()
            .get("access-control-request-private-network")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"true"));
        return preflight(allowed, sandbox, private_network);
    }
    if req.method() == Method::OPTIONS {
        let mut response = StatusCode::NO_CONTENT.into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static(SANDBOX_METHODS));
        return response;
    }
    let mut response = next.run(req).await;
    // A fault may play an API that does not expose Retry-After.
    let expose = response
        .extensions()
        .get::<crate::faults::HideRetryAfter>()
        .is_none();
    let headers = response.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = allowed {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if expose {
            headers.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static("Retry-After"),
            );
        }
    }
    response
}

fn preflight(allowed: Option<HeaderValue>, sandbox: bool, private_network: bool) -> Response {
    let Some(origin) = allowed else {
        let mut response =
            ApiError::forbidden("this origin is not allowed to call the sandbox").into_response();
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("Origin"));
        return response;
    };
    let mut response = StatusCode::NO_CONTENT.into_response();
    let h = response.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(if sandbox {
            SANDBOX_METHODS
        } else {
            API_METHODS
        }),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(ALLOW_HEADERS),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static(MAX_AGE),
    );
    if private_network {
        h.insert(
            "access-control-allow-private-network",
            HeaderValue::from_static("true"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_origins() {
        let rule = AllowedOrigins::Loopback;
        for ok in [
            "http://127.0.0.1:8080",
            "http://localhost:3000",
            "http://[::1]:1",
            "http://localhost",
            "https://127.0.0.1:443",
        ] {
            assert!(rule.allows(ok), "{ok}");
        }
        for bad in [
            "http://evil.example",
            "http://127.0.0.1.evil.example",
            "http://localhost:80/x",
            "http://127.0.0.1:99999",
            "http://localhost:",
            "null",
            "file://",
            "http://127.0.0.2:80",
            "http://[::1]x",
        ] {
            assert!(!rule.allows(bad), "{bad}");
        }
    }

    #[test]
    fn listed_origins() {
        let rule = AllowedOrigins::from_list(vec!["https://shop.example/".into()]);
        assert!(rule.allows("https://shop.example"));
        assert!(!rule.allows("http://127.0.0.1:80"));
        assert_eq!(AllowedOrigins::from_list(vec![]), AllowedOrigins::Loopback);
        assert_eq!(
            AllowedOrigins::from_list(vec!["*".into()]),
            AllowedOrigins::Any
        );
    }
}
