//! X-KOMOJU-IDEMPOTENCY: replay, 409 while in flight, key reuse, bad keys.

mod common;

use common::*;
use reqwest::Method;
use serde_json::json;

async fn post_with_key(
    h: &Harness,
    key: &str,
    body: &serde_json::Value,
) -> (u16, serde_json::Value) {
    read(
        h.request(Method::POST, "/api/v1/tokens", Some(PK))
            .header("X-KOMOJU-IDEMPOTENCY", key)
            .json(body)
            .send()
            .await
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn the_same_key_and_body_replay_the_first_response() {
    let h = start().await;
    let first = post_with_key(&h, "key-1", &card(VISA)).await;
    assert_eq!(first.0, 200);
    let second = post_with_key(&h, "key-1", &card(VISA)).await;
    assert_eq!(second, first, "same status and body, same token id");
    // Errors replay too.
    let bad =
        json!({"payment_details": {"number": "4111111111111112", "month": "01", "year": "29"}});
    let e1 = post_with_key(&h, "key-2", &bad).await;
    assert_eq!(e1.0, 422);
    assert_eq!(post_with_key(&h, "key-2", &bad).await, e1);
    // Another key makes another token.
    let third = post_with_key(&h, "key-3", &card(VISA)).await;
    assert_ne!(third.1["id"], first.1["id"]);
    // Payments replay: the token is not "used twice".
    let pay = json!({"amount": 1, "currency": "JPY", "payment_details": first.1["id"]});
    let p1 = read(
        h.request(Method::POST, "/api/v1/payments", Some(SK))
            .header("X-KOMOJU-IDEMPOTENCY", "pay-1")
            .json(&pay)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let p2 = read(
        h.request(Method::POST, "/api/v1/payments", Some(SK))
            .header("X-KOMOJU-IDEMPOTENCY", "pay-1")
            .json(&pay)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(p1.0, 200, "{}", p1.1);
    assert_eq!(p2, p1);
}

#[tokio::test]
async fn the_same_key_with_another_body_is_refused() {
    let h = start().await;
    assert_eq!(post_with_key(&h, "k", &card(VISA)).await.0, 200);
    let (status, body) = post_with_key(&h, "k", &card("5555555555554444")).await;
    assert_eq!(status, 422);
    envelope(&body, "unprocessable_entity");
}

#[tokio::test]
async fn the_same_key_while_in_flight_is_a_conflict() {
    let h = start().await;
    let (status, _) = h
        .admin(
            Method::POST,
            "/__sandbox/faults",
            Some(json!({"delay_ms": 1500})),
        )
        .await;
    assert_eq!(status, 200);
    let body = card(VISA);
    let slow = post_with_key(&h, "flight", &body);
    let racer = async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        post_with_key(&h, "flight", &card(VISA)).await
    };
    let (a, b) = tokio::join!(slow, racer);
    // Whichever reached the server first runs (and takes the delay); the other
    // finds it in flight.
    let (mut statuses, ok) = (
        vec![a.0, b.0],
        if a.0 == 200 { a.1.clone() } else { b.1.clone() },
    );
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "{a:?} {b:?}");
    let conflict = if a.0 == 409 { &a.1 } else { &b.1 };
    envelope(conflict, "conflict");
    // Once finished, the key replays.
    assert_eq!(post_with_key(&h, "flight", &card(VISA)).await.1, ok);
}

#[tokio::test]
async fn malformed_keys_are_bad_requests() {
    let h = start().await;
    for key in [String::new(), "x".repeat(101)] {
        let (status, body) = post_with_key(&h, &key, &card(VISA)).await;
        assert_eq!(status, 400, "{key:?}");
        envelope(&body, "bad_request");
    }
    assert_eq!(
        post_with_key(&h, &"x".repeat(100), &card(VISA)).await.0,
        200
    );
}

#[tokio::test]
async fn a_retry_after_an_injected_failure_is_processed_afresh() {
    let h = start().await;
    h.admin(
        Method::POST,
        "/__sandbox/faults",
        Some(json!({"status": 503, "retry_after": 1})),
    )
    .await;
    let (status, _) = post_with_key(&h, "retry", &card(VISA)).await;
    assert_eq!(status, 503);
    let (status, body) = post_with_key(&h, "retry", &card(VISA)).await;
    assert_eq!(status, 200, "{body}");
}
