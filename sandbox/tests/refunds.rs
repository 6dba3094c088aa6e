//! `POST /api/v1/payments/{id}/refund` over real HTTP: partial then full
//! refunds of a captured card payment, what is refused (the publishable key,
//! too much, an authorized or a konbini payment), and the events each makes.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

async fn captured(h: &Harness, capture: bool) -> String {
    let token = h.token(VISA).await;
    let (status, payment) = h
        .call(
            "/api/v1/payments",
            SK,
            &json!({"amount": 5000, "currency": "JPY", "payment_details": token, "capture": capture}),
        )
        .await;
    assert_eq!(status, 200, "{payment}");
    payment["id"].as_str().unwrap().to_owned()
}

/// Refunds all of payment `id` with the secret key.
async fn refund(h: &Harness, id: &str) -> (u16, Value) {
    h.call(&format!("/api/v1/payments/{id}/refund"), SK, &json!({}))
        .await
}

/// The event types of payment `id`, oldest first.
async fn events_of(h: &Harness, id: &str) -> Vec<String> {
    let (_, list) = read(
        h.request(Method::GET, "/api/v1/events", Some(SK))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let mut kinds: Vec<String> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["data"]["id"] == id)
        .map(|e| e["type"].as_str().unwrap().to_owned())
        .collect();
    kinds.reverse();
    kinds
}

#[tokio::test]
async fn a_partial_then_the_rest_refunds_a_captured_card_payment() {
    let h = start().await;
    let id = captured(&h, true).await;
    let refund = format!("/api/v1/payments/{id}/refund");
    assert_eq!(h.call(&refund, PK, &json!({"amount": 1000})).await.0, 403);

    let (status, partly) = h
        .call(
            &refund,
            SK,
            &json!({"amount": 1200, "description": "one tin returned"}),
        )
        .await;
    assert_eq!(status, 200, "{partly}");
    assert_eq!(partly["resource"], "payment");
    assert_eq!(
        partly["status"], "captured",
        "a partly refunded payment stays captured"
    );
    assert_eq!(partly["amount_refunded"], 1200);
    let first = &partly["refunds"][0];
    assert!(first["id"].as_str().unwrap().starts_with("ref_"));
    assert_eq!(
        (
            first["resource"].as_str(),
            first["amount"].as_u64(),
            first["currency"].as_str()
        ),
        (Some("refund"), Some(1200), Some("JPY"))
    );
    assert_eq!(first["payment"], id.as_str());
    assert_eq!(first["description"], "one tin returned");
    assert_eq!(first["created_at"], "2026-11-24T06:20:21Z");

    // More than is left is refused, and changes nothing.
    let (status, too_much) = h.call(&refund, SK, &json!({"amount": 3801})).await;
    assert_eq!(status, 422, "{too_much}");
    let e = envelope(&too_much, "invalid_parameter");
    assert_eq!(e["param"], "amount");
    assert_eq!(e["details"]["refundable"], 3800);
    for bad in [
        json!({"amount": 0}),
        json!({"amount": "12.5"}),
        json!({"description": "x".repeat(256)}),
    ] {
        assert_eq!(h.call(&refund, SK, &bad).await.0, 422, "{bad}");
    }

    // No amount: all that is left.
    let (status, all) = h.call(&refund, SK, &json!({})).await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(all["status"], "refunded");
    assert_eq!(all["amount_refunded"], 5000);
    assert_eq!(all["refunds"].as_array().unwrap().len(), 2);
    assert_eq!(all["refunds"][1]["amount"], 3800);
    assert_eq!(all["refunds"][1]["description"], Value::Null);
    assert_eq!(all["refunded_at"], "2026-11-24T06:20:21Z");
    let (_, shown) = h.get(&format!("/api/v1/payments/{id}"), SK).await;
    assert_eq!(shown, all, "Payment: Show answers the same");
    let (status, again) = h.call(&refund, SK, &json!({})).await;
    assert_eq!(status, 422);
    assert_eq!(
        envelope(&again, "unprocessable_entity")["details"]["reason"],
        "not_captured"
    );

    assert_eq!(
        events_of(&h, &id).await,
        [
            "payment.captured",
            "payment.refund.created",
            "payment.refund.created",
            "payment.refunded"
        ]
    );
}

#[tokio::test]
async fn an_authorized_a_konbini_or_an_unknown_payment_is_not_refunded() {
    let h = start().await;
    let authorized = captured(&h, false).await;
    let (status, refused) = refund(&h, &authorized).await;
    assert_eq!(status, 422, "{refused}");
    let details = &envelope(&refused, "unprocessable_entity")["details"];
    assert_eq!(
        (details["reason"].as_str(), details["status"].as_str()),
        (Some("not_captured"), Some("authorized"))
    );

    let konbini = json!({"type": "konbini", "store": "lawson", "email": "taro@example.com"});
    let (_, payment) = h
        .call(
            "/api/v1/payments",
            SK,
            &json!({"amount": 5000, "currency": "JPY", "payment_details": konbini}),
        )
        .await;
    let konbini_id = payment["id"].as_str().unwrap();
    let (status, _) = h
        .admin(
            Method::POST,
            &format!("/__sandbox/payments/{konbini_id}/pay-at-store"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let (status, refused) = refund(&h, konbini_id).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(
        envelope(&refused, "unprocessable_entity")["details"]["reason"],
        "not_refundable"
    );

    let (status, missing) = h
        .call("/api/v1/payments/pay_nope/refund", SK, &json!({}))
        .await;
    assert_eq!(status, 404, "{missing}");
}
