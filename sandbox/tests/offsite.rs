//! Offsite types (wallets) in sessions: `pending` + `redirect_url` to the
//! sandbox's wallet page; approve → captured and completed, cancel →
//! cancelled and payable again; tokens refuse them.

mod common;

use common::*;
use reqwest::redirect::Policy;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn a_wallet_payment_waits_for_the_shopper_on_the_stand_in_page() {
    let h = start().await;
    let (status, session) = h
        .call(
            "/api/v1/sessions",
            SK,
            &json!({"amount": 1200, "currency": "JPY", "payment_types": ["credit_card", "paypay"],
                    "return_url": "http://127.0.0.1:3000/orders/1/complete"}),
        )
        .await;
    assert_eq!(status, 200, "{session}");
    assert_eq!(
        session["payment_methods"][1],
        json!({"type": "paypay", "offsite": true})
    );
    let id = session["id"].as_str().unwrap();
    let pay = format!("/api/v1/sessions/{id}/pay");
    let (status, refused) = h
        .call(&pay, PK, &json!({"payment_details": {"type": "linepay"}}))
        .await;
    assert_eq!(status, 422, "{refused}");
    let no_redirects = reqwest::Client::builder()
        .no_proxy()
        .redirect(Policy::none())
        .build()
        .unwrap();
    for (action, payment_status, session_status) in [
        ("cancel", "cancelled", "pending"),
        ("approve", "captured", "completed"),
    ] {
        let (status, answer) = h
            .call(&pay, PK, &json!({"payment_details": {"type": "paypay"}}))
            .await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["status"], "pending");
        assert_eq!(answer["payment"]["status"], "pending");
        let redirect = answer["redirect_url"].as_str().unwrap().to_owned();
        let payment = answer["payment"]["id"].as_str().unwrap().to_owned();
        assert_eq!(redirect, h.url(&format!("/__sandbox/wallet/{payment}")));
        let page = h.client.get(&redirect).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("1,200 JPY"));
        let done = no_redirects
            .post(&redirect)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(format!("action={action}"))
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), 303);
        assert_eq!(
            done.headers()["location"],
            format!("http://127.0.0.1:3000/orders/1/complete?session_id={id}").as_str()
        );
        let (_, read) = read(
            h.request(
                Method::GET,
                &format!("/api/v1/payments/{payment}"),
                Some(SK),
            )
            .send()
            .await
            .unwrap(),
        )
        .await;
        assert_eq!(read["status"], payment_status);
        let (_, session) = read_session(&h, id).await;
        assert_eq!(session["status"], session_status);
    }
    // Tokens do not take offsite types, as on KOMOJU.
    let (status, _) = h
        .call(
            "/api/v1/tokens",
            PK,
            &json!({"payment_details": {"type": "paypay"}}),
        )
        .await;
    assert_eq!(status, 422);
}

async fn read_session(h: &Harness, id: &str) -> (u16, serde_json::Value) {
    read(
        h.request(Method::GET, &format!("/api/v1/sessions/{id}"), Some(SK))
            .send()
            .await
            .unwrap(),
    )
    .await
}
