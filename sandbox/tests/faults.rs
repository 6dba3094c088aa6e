//! Fault injection on POST /api/v1/tokens, and the other /__sandbox/ endpoints.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tessera_sandbox::Config;

async fn fault(h: &Harness, spec: Value) -> Value {
    let (status, body) = h.admin(Method::POST, "/__sandbox/faults", Some(spec)).await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn tokenize(h: &Harness) -> Result<reqwest::Response, reqwest::Error> {
    h.request(Method::POST, "/api/v1/tokens", Some(PK))
        .header("Origin", ORIGIN)
        .json(&card(VISA))
        .send()
        .await
}

#[tokio::test]
async fn status_faults_answer_the_envelope_with_retry_after() {
    let h = start().await;
    let queued = fault(&h, json!({"count": 2, "status": 503, "retry_after": 2})).await;
    assert_eq!(queued["pending"][0]["count"], 2);
    for _ in 0..2 {
        let r = tokenize(&h).await.unwrap();
        assert_eq!(r.status(), 503);
        assert_eq!(r.headers()["retry-after"], "2");
        assert_eq!(r.headers()["access-control-allow-origin"], ORIGIN);
        assert_eq!(r.headers()["access-control-expose-headers"], "Retry-After");
        let (_, body) = read(r).await;
        envelope(&body, "service_unavailable");
    }
    assert_eq!(tokenize(&h).await.unwrap().status(), 200, "count ran out");
}

#[tokio::test]
async fn a_fault_can_play_an_api_that_does_not_expose_retry_after() {
    let h = start().await;
    fault(
        &h,
        json!({"status": 429, "retry_after": 3, "hide_retry_after": true}),
    )
    .await;
    let r = tokenize(&h).await.unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "3");
    assert_eq!(r.headers()["access-control-allow-origin"], ORIGIN);
    assert!(r.headers().get("access-control-expose-headers").is_none());
    // The next answer exposes it again.
    let r = tokenize(&h).await.unwrap();
    assert_eq!(r.headers()["access-control-expose-headers"], "Retry-After");
    let (status, _) = h
        .admin(
            Method::POST,
            "/__sandbox/faults",
            Some(json!({"hide_retry_after": true, "drop": true})),
        )
        .await;
    assert_eq!(status, 400, "hide_retry_after goes with status");

    fault(&h, json!({"status": 429})).await;
    let r = tokenize(&h).await.unwrap();
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("retry-after").is_none());
    envelope(&read(r).await.1, "too_many_requests");
    fault(&h, json!({"status": 500})).await;
    envelope(
        &read(tokenize(&h).await.unwrap()).await.1,
        "internal_server_error",
    );
}

#[tokio::test]
async fn delay_faults_wait_then_answer_normally() {
    let h = start().await;
    fault(&h, json!({"delay_ms": 400})).await;
    let started = Instant::now();
    let r = tokenize(&h).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(r.status(), 200);
    // A delay can precede another fault.
    fault(&h, json!({"delay_ms": 200, "status": 502})).await;
    let started = Instant::now();
    let r = tokenize(&h).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(r.status(), 502);
}

#[tokio::test]
async fn malformed_faults_answer_200_with_broken_json() {
    let h = start().await;
    fault(&h, json!({"malformed": true})).await;
    let r = tokenize(&h).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/json");
    let text = r.text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
}

#[tokio::test]
async fn drop_faults_close_the_connection_without_an_answer() {
    let h = start().await;
    fault(&h, json!({"drop": true})).await;
    let started = Instant::now();
    let error = tokenize(&h).await.expect_err("no response");
    assert!(!error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // The server is fine afterwards.
    assert_eq!(tokenize(&h).await.unwrap().status(), 200);
    let log = h.requests().await;
    assert!(log[0]["status"].is_null(), "{log:?}");
    assert_eq!(log[1]["status"], 200);
}

#[tokio::test]
async fn hang_faults_never_answer() {
    let h = start().await;
    fault(&h, json!({"hang": true})).await;
    let started = Instant::now();
    let error = h
        .request(Method::POST, "/api/v1/tokens", Some(PK))
        .timeout(Duration::from_millis(500))
        .json(&card(VISA))
        .send()
        .await
        .expect_err("no response");
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() >= Duration::from_millis(500));
    assert_eq!(tokenize(&h).await.unwrap().status(), 200);
}

#[tokio::test]
async fn a_hang_ends_by_closing_the_connection_after_the_limit() {
    let h = start_with(Config {
        hang_limit: Duration::from_millis(300),
        ..Config::default()
    })
    .await;
    fault(&h, json!({"hang": true})).await;
    let started = Instant::now();
    let error = tokenize(&h).await.expect_err("no response");
    assert!(!error.is_timeout(), "{error:?}");
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn faults_touch_only_token_posts() {
    let h = start().await;
    let token = h.token(VISA).await;
    fault(&h, json!({"status": 500})).await;
    let pre = h
        .client
        .request(Method::OPTIONS, h.url("/api/v1/tokens"))
        .header("Origin", ORIGIN)
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .unwrap();
    assert!(pre.status().is_success());
    assert_eq!(h.pay(&token).await.0, 200);
    assert_eq!(tokenize(&h).await.unwrap().status(), 500);
}

#[tokio::test]
async fn faults_can_be_listed_and_cleared_and_are_checked() {
    let h = start().await;
    fault(&h, json!({"status": 500})).await;
    fault(&h, json!({"drop": true, "count": 3})).await;
    let (_, listed) = h.admin(Method::GET, "/__sandbox/faults", None).await;
    assert_eq!(listed["pending"].as_array().unwrap().len(), 2);
    assert_eq!(listed["pending"][1]["drop"], true);
    let (status, cleared) = h.admin(Method::DELETE, "/__sandbox/faults", None).await;
    assert_eq!(status, 200);
    assert_eq!(cleared["cleared"], 2);
    assert_eq!(tokenize(&h).await.unwrap().status(), 200);
    for bad in [
        json!({}),
        json!({"status": 200}),
        json!({"status": 500, "drop": true}),
        json!({"retry_after": 1, "hang": true}),
        json!({"count": 0, "status": 500}),
        json!({"stauts": 500}),
        json!([1]),
    ] {
        let (status, body) = h
            .admin(Method::POST, "/__sandbox/faults", Some(bad.clone()))
            .await;
        assert_eq!(status, 400, "{bad}: {body}");
        envelope(&body, "bad_request");
    }
}

#[tokio::test]
async fn the_request_log_records_everything_masked() {
    let h = start().await;
    h.client
        .request(Method::OPTIONS, h.url("/api/v1/tokens"))
        .header("Origin", ORIGIN)
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .unwrap();
    h.request(Method::POST, "/api/v1/tokens", Some(PK))
        .header("Origin", ORIGIN)
        .header("X-KOMOJU-IDEMPOTENCY", "abc")
        .json(&card(VISA))
        .send()
        .await
        .unwrap();
    h.post_form(
        "/api/v1/tokens",
        PK,
        "payment_details[number]=5555555555554444&payment_details[verification_value]=321&payment_details[month]=1&payment_details[year]=29",
    )
    .await;
    let log = h.requests().await;
    assert_eq!(log.len(), 3);
    assert_eq!(
        log[0],
        json!({"seq": 1, "method": "OPTIONS", "path": "/api/v1/tokens", "origin": ORIGIN,
               "idempotency_key": null, "content_type": null, "status": 204, "body": null})
    );
    assert_eq!(log[1]["seq"], 2);
    assert_eq!(log[1]["method"], "POST");
    assert_eq!(log[1]["idempotency_key"], "abc");
    assert_eq!(log[1]["content_type"], "application/json");
    assert_eq!(log[1]["status"], 200);
    assert_eq!(
        log[1]["body"]["payment_details"]["number"],
        "411111******1111"
    );
    assert_eq!(
        log[1]["body"]["payment_details"]["verification_value"],
        "[redacted]"
    );
    assert_eq!(log[1]["body"]["payment_details"]["name"], "TARO YAMADA");
    assert_eq!(
        log[2]["body"]["payment_details"]["number"],
        "555555******4444"
    );
    assert_eq!(
        log[2]["body"]["payment_details"]["verification_value"],
        "[redacted]"
    );

    let (_, since) = h
        .admin(Method::GET, "/__sandbox/requests?since=2", None)
        .await;
    assert_eq!(since.as_array().unwrap().len(), 1);
    assert_eq!(since[0]["seq"], 3);
    let (status, body) = h
        .admin(Method::GET, "/__sandbox/requests?since=x", None)
        .await;
    assert_eq!(status, 400);
    envelope(&body, "bad_request");
}

#[tokio::test]
async fn reset_forgets_everything() {
    let h = start().await;
    let token = h.token(VISA).await;
    fault(&h, json!({"status": 500})).await;
    h.admin(
        Method::POST,
        "/__sandbox/clock",
        Some(json!({"advance_seconds": 60})),
    )
    .await;
    let (status, body) = h.admin(Method::POST, "/__sandbox/reset", None).await;
    assert_eq!(status, 200);
    assert_eq!(body["now"], "2026-11-24T06:20:21Z");
    assert!(h.requests().await.is_empty());
    let (_, faults) = h.admin(Method::GET, "/__sandbox/faults", None).await;
    assert_eq!(faults["pending"], json!([]));
    let (status, body) = h.pay(&token).await;
    assert_eq!(
        (status, body["error"]["message"].as_str()),
        (422, Some("token not found"))
    );
    assert_eq!(h.requests().await[0]["seq"], 1);
}
