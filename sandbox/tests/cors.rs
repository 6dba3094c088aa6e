//! CORS: preflights and response headers for allowed and refused origins.

mod common;

use common::*;
use reqwest::Method;
use tessera_sandbox::{AllowedOrigins, Config};

async fn preflight(h: &Harness, path: &str, origin: &str, method: &str) -> reqwest::Response {
    h.client
        .request(Method::OPTIONS, h.url(path))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", method)
        .header(
            "Access-Control-Request-Headers",
            "authorization, content-type, x-komoju-idempotency",
        )
        .send()
        .await
        .unwrap()
}

fn header<'a>(r: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    r.headers().get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn loopback_origins_pass_the_preflight() {
    let h = start().await;
    for origin in [
        "http://127.0.0.1:8080",
        "http://localhost:5173",
        "http://[::1]:9000",
    ] {
        let r = preflight(&h, "/api/v1/tokens", origin, "POST").await;
        assert!(r.status().is_success(), "{origin}: {}", r.status());
        assert_eq!(header(&r, "access-control-allow-origin"), Some(origin));
        assert_eq!(header(&r, "vary"), Some("Origin"));
        assert_eq!(
            header(&r, "access-control-allow-methods"),
            Some("POST, GET, OPTIONS")
        );
        assert_eq!(
            header(&r, "access-control-allow-headers"),
            Some("Authorization, Content-Type, Accept, X-KOMOJU-IDEMPOTENCY, X-KOMOJU-API-VERSION")
        );
        assert!(header(&r, "access-control-max-age").is_some());
    }
    // The control endpoints announce DELETE too.
    let r = preflight(&h, "/__sandbox/faults", ORIGIN, "DELETE").await;
    assert_eq!(
        header(&r, "access-control-allow-methods"),
        Some("POST, GET, DELETE, OPTIONS")
    );
    // Preflights are logged but never consume a fault.
    assert_eq!(h.requests().await[0]["method"], "OPTIONS");
}

#[tokio::test]
async fn other_origins_get_no_cors_headers() {
    let h = start().await;
    let r = preflight(&h, "/api/v1/tokens", "http://evil.example", "POST").await;
    assert!(!r.status().is_success());
    assert!(
        r.headers()
            .keys()
            .all(|k| !k.as_str().starts_with("access-control-")),
        "{:?}",
        r.headers()
    );
    let actual = h
        .request(Method::POST, "/api/v1/tokens", Some(PK))
        .header("Origin", "http://evil.example")
        .json(&card(VISA))
        .send()
        .await
        .unwrap();
    assert_eq!(
        actual.status(),
        200,
        "the server answers; the browser refuses to read it"
    );
    assert!(actual
        .headers()
        .keys()
        .all(|k| !k.as_str().starts_with("access-control-")));
}

#[tokio::test]
async fn actual_responses_carry_the_origin_and_expose_retry_after() {
    let h = start().await;
    for (key, expected) in [(PK, 200), ("pk_wrong", 401)] {
        let r = h
            .request(Method::POST, "/api/v1/tokens", Some(key))
            .header("Origin", ORIGIN)
            .json(&card(VISA))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), expected);
        assert_eq!(header(&r, "access-control-allow-origin"), Some(ORIGIN));
        assert_eq!(
            header(&r, "access-control-expose-headers"),
            Some("Retry-After")
        );
        assert!(r.headers().get_all("vary").iter().any(|v| v == "Origin"));
    }
}

#[tokio::test]
async fn configured_origins_replace_the_loopback_default() {
    let config = Config {
        allowed_origins: AllowedOrigins::from_list(vec!["https://shop.example".into()]),
        ..Config::default()
    };
    let h = start_with(config).await;
    let r = preflight(&h, "/api/v1/tokens", "https://shop.example", "POST").await;
    assert_eq!(
        header(&r, "access-control-allow-origin"),
        Some("https://shop.example")
    );
    let r = preflight(&h, "/api/v1/tokens", ORIGIN, "POST").await;
    assert!(header(&r, "access-control-allow-origin").is_none());
    // A refused page cannot drive the control endpoints either.
    let r = h
        .client
        .post(h.url("/__sandbox/reset"))
        .header("Origin", ORIGIN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}
