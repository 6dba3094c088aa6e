//! Events, signed webhooks (a receiver that fails twice), capture and
//! cancel, pay-at-store and expire, supported currencies, and memory staying
//! bounded over 50,000 tokens.

mod common;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use common::*;
use reqwest::Method;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tessera_sandbox::webhooks::{signature, WebhookConfig};
use tessera_sandbox::Config;

const SECRET: &str = "whsec_test_receiver";

/// What the receiver saw: headers and raw body of every request.
#[derive(Clone, Default)]
struct Received {
    hits: Arc<Mutex<Vec<(HeaderMap, Bytes)>>>,
    fail_first: Arc<AtomicUsize>,
}

/// A webhook receiver on 127.0.0.1 that answers 500 to its first
/// `fail_first` requests, then 200.
async fn receiver(fail_first: usize) -> (String, Received) {
    let received = Received::default();
    received.fail_first.store(fail_first, Ordering::SeqCst);
    let state = received.clone();
    let app = Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: Bytes| {
            let state = state.clone();
            async move {
                state.hits.lock().unwrap().push((headers, body));
                let left = state.fail_first.load(Ordering::SeqCst);
                if left > 0 {
                    state.fail_first.store(left - 1, Ordering::SeqCst);
                    StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    StatusCode::OK
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move {
        tessera_sandbox::server::run(listener, app, std::future::pending()).await;
    });
    (url, received)
}

async fn with_webhooks(urls: Vec<String>) -> Harness {
    start_with(Config {
        webhooks: WebhookConfig {
            urls,
            secret: SECRET.to_owned(),
            timeout: Duration::from_secs(2),
            max_attempts: 4,
            backoff: Duration::from_millis(50),
        },
        ..Config::default()
    })
    .await
}

async fn wait_for(mut done: impl FnMut() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("timed out waiting");
}

#[tokio::test]
async fn a_receiver_that_fails_twice_gets_the_event_signed_on_the_third_try() {
    let (url, received) = receiver(2).await;
    let h = with_webhooks(vec![url.clone()]).await;
    let token = h.token(VISA).await;
    let (status, payment) = h.pay(&token).await;
    assert_eq!(status, 200, "{payment}");
    wait_for(|| received.hits.lock().unwrap().len() >= 3).await;
    let hits = received.hits.lock().unwrap().clone();
    assert_eq!(hits.len(), 3, "no retry after a 2xx");
    let first = &hits[0].1;
    for (headers, body) in &hits {
        assert_eq!(body, first, "every attempt sends the same bytes");
        assert_eq!(
            headers["x-komoju-signature"].to_str().unwrap(),
            signature(SECRET, body)
        );
        assert_eq!(headers["x-komoju-event"], "payment.captured");
        assert_eq!(headers["user-agent"], "Komoju-Webhook");
        assert_eq!(headers["content-type"], "application/json");
    }
    let event: Value = serde_json::from_slice(first).unwrap();
    assert_eq!(hits[0].0["x-komoju-id"].to_str().unwrap(), event["id"]);
    assert!(event["id"].as_str().unwrap().starts_with("evt_"));
    assert_eq!(event["type"], "payment.captured");
    assert_eq!(event["resource"], "event");
    assert_eq!(event["data"]["id"], payment["id"]);
    assert_eq!(event["data"]["status"], "captured");
    assert!(event.get("reason").is_some() && event["created_at"].is_string());

    // Every attempt is recorded.
    let (_, log) = h.admin(Method::GET, "/__sandbox/webhooks", None).await;
    assert_eq!(log["urls"], json!([url]));
    let attempts = log["attempts"].as_array().unwrap();
    let summary: Vec<_> = attempts
        .iter()
        .map(|a| {
            (
                a["attempt"].as_u64(),
                a["status"].as_u64(),
                a["delivered"].as_bool(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (Some(1), Some(500), Some(false)),
            (Some(2), Some(500), Some(false)),
            (Some(3), Some(200), Some(true)),
        ]
    );

    // Redelivery sends the same event, byte for byte.
    let (status, _) = h
        .admin(
            Method::POST,
            "/__sandbox/webhooks/redeliver",
            Some(json!({"event_id": event["id"]})),
        )
        .await;
    assert_eq!(status, 200);
    wait_for(|| received.hits.lock().unwrap().len() >= 4).await;
    assert_eq!(&received.hits.lock().unwrap()[3].1, first);
    let (status, _) = h
        .admin(
            Method::POST,
            "/__sandbox/webhooks/redeliver",
            Some(json!({"event_id": "evt_nope"})),
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn delivery_gives_up_after_the_bounded_tries() {
    let (url, received) = receiver(usize::MAX).await;
    // A URL nobody listens on: connection errors are retried too.
    let dead = "http://127.0.0.1:9/hook".to_owned();
    let h = with_webhooks(vec![url, dead]).await;
    let token = h.token(VISA).await;
    assert_eq!(h.pay(&token).await.0, 200);
    wait_for(|| received.hits.lock().unwrap().len() >= 4).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(received.hits.lock().unwrap().len(), 4);
    let (_, log) = h.admin(Method::GET, "/__sandbox/webhooks", None).await;
    let attempts = log["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 8, "{log}");
    assert!(attempts
        .iter()
        .filter(|a| a["url"] == "http://127.0.0.1:9/hook")
        .all(|a| a["status"].is_null() && a["error"] == "connection"));
}

#[tokio::test]
async fn capture_cancel_and_the_events_they_make() {
    let h = start().await;
    let token = h.token(VISA).await;
    let (status, payment) = h
        .call(
            "/api/v1/payments",
            SK,
            &json!({"amount": 5000, "currency": "JPY", "payment_details": token, "capture": false}),
        )
        .await;
    assert_eq!(status, 200, "{payment}");
    assert_eq!(payment["status"], "authorized");
    let id = payment["id"].as_str().unwrap();
    let capture = format!("/api/v1/payments/{id}/capture");
    assert_eq!(h.call(&capture, PK, &json!({})).await.0, 403);
    let (status, captured) = h.call(&capture, SK, &json!({})).await;
    assert_eq!(status, 200, "{captured}");
    assert_eq!(captured["status"], "captured");
    assert_eq!(captured["captured_at"], "2026-11-24T06:20:21Z");
    let (status, again) = h.call(&capture, SK, &json!({})).await;
    assert_eq!(status, 422);
    assert_eq!(
        envelope(&again, "unprocessable_entity")["details"]["reason"],
        "not_authorized"
    );
    let (status, cancel) = h
        .call(&format!("/api/v1/payments/{id}/cancel"), SK, &json!({}))
        .await;
    assert_eq!(
        status, 422,
        "a captured payment is refunded, not cancelled: {cancel}"
    );

    let token = h.token(VISA).await;
    let (_, other) = h
        .call(
            "/api/v1/payments",
            SK,
            &json!({"amount": 5000, "currency": "JPY", "payment_details": token, "capture": "false"}),
        )
        .await;
    let other_id = other["id"].as_str().unwrap();
    let (status, cancelled) = h
        .call(
            &format!("/api/v1/payments/{other_id}/cancel"),
            SK,
            &json!({}),
        )
        .await;
    assert_eq!(
        (status, cancelled["status"].as_str()),
        (200, Some("cancelled"))
    );
    let (status, missing) = h
        .call("/api/v1/payments/pay_nope/capture", SK, &json!({}))
        .await;
    assert_eq!(status, 404, "{missing}");

    // The events, newest first.
    let (status, list) = read(
        h.request(Method::GET, "/api/v1/events", Some(SK))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["resource"], "list");
    let kinds: Vec<_> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["type"].as_str().unwrap().to_owned(),
                e["data"]["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("payment.cancelled".to_owned(), other_id.to_owned()),
            ("payment.authorized".to_owned(), other_id.to_owned()),
            ("payment.captured".to_owned(), id.to_owned()),
            ("payment.authorized".to_owned(), id.to_owned()),
        ]
    );
    assert_eq!(list["total"], 4);
    let first = &list["data"][0];
    let (status, one) = read(
        h.request(
            Method::GET,
            &format!("/api/v1/events/{}", first["id"].as_str().unwrap()),
            Some(SK),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!((status, &one), (200, first));
    let (status, _) = read(
        h.request(Method::GET, "/api/v1/events", Some(PK))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = read(
        h.request(Method::GET, "/api/v1/events/evt_nope", Some(SK))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn konbini_is_paid_at_the_store_or_expires() {
    let h = start().await;
    let konbini = json!({"type": "konbini", "store": "lawson", "email": "taro@example.com"});
    let mut ids = Vec::new();
    for _ in 0..2 {
        let (status, payment) = h
            .call(
                "/api/v1/payments",
                SK,
                &json!({"amount": 5000, "currency": "JPY", "payment_details": konbini}),
            )
            .await;
        assert_eq!(status, 200, "{payment}");
        assert_eq!(payment["status"], "authorized");
        assert_eq!(payment["payment_deadline"], "2026-11-27T06:20:21Z");
        ids.push(payment["id"].as_str().unwrap().to_owned());
    }
    let (status, paid) = h
        .admin(
            Method::POST,
            &format!("/__sandbox/payments/{}/pay-at-store", ids[0]),
            None,
        )
        .await;
    assert_eq!(
        (status, paid["status"].as_str()),
        (200, Some("captured")),
        "{paid}"
    );
    let (status, _) = h
        .admin(
            Method::POST,
            &format!("/__sandbox/payments/{}/pay-at-store", ids[0]),
            None,
        )
        .await;
    assert_eq!(status, 422);
    let (status, expired) = h
        .admin(
            Method::POST,
            &format!("/__sandbox/payments/{}/expire", ids[1]),
            None,
        )
        .await;
    assert_eq!((status, expired["status"].as_str()), (200, Some("expired")));
    let token = h.token(VISA).await;
    let (_, card) = h.pay(&token).await;
    let (status, _) = h
        .admin(
            Method::POST,
            &format!(
                "/__sandbox/payments/{}/pay-at-store",
                card["id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn only_komojus_twenty_currencies_pass() {
    let h = start().await;
    for (currency, status, reason) in [
        ("USD", 200, None),
        ("TWD", 200, None),
        ("XXX", 422, Some("unsupported_currency")),
        ("ABC", 422, Some("unsupported_currency")),
        ("jpy", 422, Some("invalid_currency")),
    ] {
        let mut body = card(VISA);
        body["currency"] = json!(currency);
        let (got, answer) = h.call("/api/v1/tokens", PK, &body).await;
        assert_eq!(got, status, "{currency}: {answer}");
        if let Some(reason) = reason {
            let error = envelope(&answer, "invalid_parameter");
            assert_eq!(
                (error["param"].as_str(), error["details"]["reason"].as_str()),
                (Some("currency"), Some(reason))
            );
        }
    }
    let (status, _) = h
        .call(
            "/api/v1/sessions",
            SK,
            &json!({"amount": 100, "currency": "ZAR"}),
        )
        .await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn fifty_thousand_tokens_are_forgotten_once_expired() {
    let h = start().await;
    let app_url = h.url("/api/v1/tokens");
    let client = h.client.clone();
    // Eight concurrent streams of requests.
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let client = client.clone();
        let url = app_url.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..6_250 {
                let response = client
                    .post(&url)
                    .basic_auth(PK, Some(""))
                    .header("X-KOMOJU-IDEMPOTENCY", tessera_sandbox::ids::new_id("k"))
                    .json(&card(VISA))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200);
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let (_, stats) = h.admin(Method::GET, "/__sandbox/stats", None).await;
    assert_eq!(stats["tokens"], 50_000, "{stats}");
    assert_eq!(stats["idempotency_keys"], 50_000, "{stats}");
    // A day later they are expired but still recognised as such...
    h.sandbox.clock().advance(86_400);
    let (_, stats) = h.admin(Method::GET, "/__sandbox/stats", None).await;
    assert_eq!(stats["tokens"], 50_000, "{stats}");
    assert_eq!(stats["idempotency_keys"], 0, "{stats}");
    // ...and an hour past that, gone.
    h.sandbox.clock().advance(3_600);
    let token = h.token(VISA).await;
    let (_, stats) = h.admin(Method::GET, "/__sandbox/stats", None).await;
    assert_eq!(stats["tokens"], 1, "{stats}");
    assert_eq!(h.pay(&token).await.0, 200);
}
