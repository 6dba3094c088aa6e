//! POST /api/v1/payments and /customers: single use, expiry, currency,
//! test-card outcomes, customers, non-card payments.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn a_token_pays_once() {
    let h = start().await;
    let token = h.token(VISA).await;
    let (status, body) = h
        .call(
            "/api/v1/payments",
            SK,
            &json!({"amount": 5000, "currency": "JPY", "payment_details": token,
                    "external_order_num": "order-1", "metadata": {"cart": "42"}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let id = body["id"].as_str().unwrap();
    assert!(id.starts_with("pay_") && id.len() == 29, "{id}");
    assert_eq!(body["resource"], "payment");
    assert_eq!(body["status"], "captured");
    assert_eq!(body["amount"], 5000);
    assert_eq!(body["currency"], "JPY");
    assert_eq!(body["created_at"], "2026-11-24T06:20:21Z");
    assert_eq!(body["captured_at"], "2026-11-24T06:20:21Z");
    assert_eq!(body["external_order_num"], "order-1");
    assert_eq!(body["metadata"], json!({"cart": "42"}));
    let details = &body["payment_details"];
    assert_eq!(details["type"], "credit_card");
    assert_eq!(details["brand"], "visa");
    assert_eq!(details["last_four_digits"], "1111");
    // KOMOJU's Payment model: the expiry as integers.
    assert_eq!(
        (details["month"].as_u64(), details["year"].as_u64()),
        (Some(1), Some(2029))
    );
    for (field, value) in [
        ("tax", json!(0)),
        ("total", json!(5000)),
        ("payment_method_fee", json!(0)),
        ("amount_refunded", json!(0)),
        ("refunds", json!([])),
        ("refund_requests", json!([])),
        ("payment_deadline", Value::Null),
        ("description", Value::Null),
        ("locale", json!("ja")),
        ("session", Value::Null),
        ("customer_family_name", Value::Null),
        ("customer_given_name", Value::Null),
        ("mcc", Value::Null),
        ("statement_descriptor", Value::Null),
    ] {
        assert_eq!(body.get(field), Some(&value), "{field}: {body}");
    }

    let (status, again) = h.pay(&token).await;
    assert_eq!(status, 422, "{again}");
    let error = envelope(&again, "invalid_parameter");
    assert_eq!(error["param"], "payment_details");
    assert_eq!(error["message"], "token has already been used");

    let (status, shown) = read(
        h.request(Method::GET, &format!("/api/v1/payments/{id}"), Some(SK))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(shown, body);
}

#[tokio::test]
async fn form_encoded_payments_and_authorize_only() {
    let h = start().await;
    let token = h.token("5555555555554444").await;
    let (status, body) = read(
        h.post_form(
            "/api/v1/payments",
            SK,
            &format!(
                "amount=1200&currency=JPY&payment_details={token}&capture=false&metadata[k]=v"
            ),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "authorized");
    assert!(body["captured_at"].is_null());
    assert_eq!(body["amount"], 1200);
    assert_eq!(body["metadata"], json!({"k": "v"}));
    assert_eq!(body["payment_details"]["brand"], "master");
}

#[tokio::test]
async fn the_publishable_key_cannot_pay() {
    let h = start().await;
    let token = h.token(VISA).await;
    let (status, body) = h
        .call(
            "/api/v1/payments",
            PK,
            &json!({"amount": 1, "currency": "JPY", "payment_details": token}),
        )
        .await;
    assert_eq!(status, 403);
    envelope(&body, "forbidden");
    let (status, body) = h
        .call("/api/v1/customers", PK, &json!({"payment_details": token}))
        .await;
    assert_eq!(status, 403);
    envelope(&body, "forbidden");
    // The refused call did not consume the token.
    assert_eq!(h.pay(&token).await.0, 200);
}

#[tokio::test]
async fn unknown_and_expired_tokens_are_refused() {
    let h = start().await;
    let (status, body) = h.pay("tok_doesnotexist0000000000000").await;
    assert_eq!(status, 422);
    assert_eq!(
        envelope(&body, "invalid_parameter")["message"],
        "token not found"
    );

    let fresh = h.token(VISA).await;
    let stale = h.token(VISA).await;
    assert!(h.sandbox.clock().advance(24 * 3600 - 1));
    assert_eq!(
        h.pay(&fresh).await.0,
        200,
        "still valid one second before 24 h"
    );
    assert!(h.sandbox.clock().advance(1));
    let (status, body) = h.pay(&stale).await;
    assert_eq!(status, 422);
    let error = envelope(&body, "invalid_parameter");
    assert_eq!(
        (error["param"].as_str(), error["message"].as_str()),
        (Some("payment_details"), Some("token has expired"))
    );
    assert_eq!(error["details"]["reason"], "token_expired");
}

#[tokio::test]
async fn the_clock_endpoint_expires_tokens_from_outside() {
    let h = start().await;
    let token = h.token(VISA).await;
    let (status, body) = h
        .admin(
            Method::POST,
            "/__sandbox/clock",
            Some(json!({"advance_seconds": 86400})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["now"], "2026-11-25T06:20:21Z");
    assert_eq!(h.pay(&token).await.0, 422);
    let (status, body) = h
        .admin(
            Method::POST,
            "/__sandbox/clock",
            Some(json!({"advance_seconds": "x"})),
        )
        .await;
    assert_eq!(status, 400);
    envelope(&body, "bad_request");
}

#[tokio::test]
async fn a_token_bound_to_a_currency_pays_only_in_it() {
    let h = start().await;
    let token = h.token_in(VISA, "USD").await;
    let (status, body) = h.pay(&token).await;
    assert_eq!(status, 422);
    let error = envelope(&body, "invalid_parameter");
    assert_eq!(error["param"], "currency");
    // A mismatch does not consume the token.
    let (status, body) = h
        .call(
            "/api/v1/payments",
            SK,
            &json!({"amount": 10, "currency": "USD", "payment_details": token}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn every_decline_card_declines_and_consumes_its_token() {
    let h = start().await;
    for (number, code) in [
        ("4123111111111000", "insufficient_funds"),
        ("4123111111111018", "exceeded_limit"),
        ("4123111111111034", "bad_verification_value"),
        ("4123111111111042", "card_expired"),
        ("4123111111111059", "card_not_usable"),
        ("4123111111111075", "invalid_number"),
        ("4100000000500000", "three_d_secure_failed"),
    ] {
        let token = h.token(number).await;
        let (status, body) = h.pay(&token).await;
        assert_eq!(status, 402, "{number}: {body}");
        let error = envelope(&body, "card_declined");
        assert_eq!(error["param"], "payment_details");
        assert_eq!(error["details"], json!({"decline_code": code}), "{number}");
        assert!(!body.to_string().contains(number));
        let (status, body) = h.pay(&token).await;
        assert_eq!(
            (status, body["error"]["message"].as_str()),
            (422, Some("token has already been used"))
        );
    }
}

#[tokio::test]
async fn every_success_card_pays() {
    let h = start().await;
    for (number, brand) in [
        ("4111111111111111", "visa"),
        ("5555555555554444", "master"),
        ("3530111333300000", "jcb"),
        ("378282246310005", "american_express"),
        ("30569309025904", "diners_club"),
        ("4100000000000100", "visa"),
        ("4100000000005000", "visa"),
        ("4242424242424242", "visa"),
    ] {
        let mut body = card(number);
        if number.starts_with('3') && number.len() == 15 {
            body["payment_details"]["verification_value"] = json!("1234");
        }
        let (status, token) = h.call("/api/v1/tokens", PK, &body).await;
        assert_eq!(status, 200, "{number}: {token}");
        let (status, paid) = h.pay(token["id"].as_str().unwrap()).await;
        assert_eq!(status, 200, "{number}: {paid}");
        assert_eq!(paid["payment_details"]["brand"], brand);
    }
}

#[tokio::test]
async fn raw_payment_details_pay_directly() {
    let h = start().await;
    let mut body = card("4123111111111042");
    body["amount"] = json!(100);
    body["currency"] = json!("JPY");
    let (status, declined) = h.call("/api/v1/payments", SK, &body).await;
    assert_eq!(status, 402);
    assert_eq!(declined["error"]["details"]["decline_code"], "card_expired");
    let mut body = card(VISA);
    body["amount"] = json!(100);
    body["currency"] = json!("JPY");
    let (status, paid) = h.call("/api/v1/payments", SK, &body).await;
    assert_eq!(status, 200, "{paid}");
    assert!(!paid.to_string().contains(VISA) && !paid.to_string().contains(CVC));
}

#[tokio::test]
async fn payment_parameters_are_checked() {
    let h = start().await;
    let token = h.token(VISA).await;
    let cases = [
        (
            json!({"currency": "JPY", "payment_details": token}),
            "missing_parameter",
            "amount",
        ),
        (
            json!({"amount": 0, "currency": "JPY", "payment_details": token}),
            "invalid_parameter",
            "amount",
        ),
        (
            json!({"amount": 1.5, "currency": "JPY", "payment_details": token}),
            "invalid_parameter",
            "amount",
        ),
        (
            json!({"amount": "12a", "currency": "JPY", "payment_details": token}),
            "invalid_parameter",
            "amount",
        ),
        (
            json!({"amount": 1, "payment_details": token}),
            "missing_parameter",
            "currency",
        ),
        (
            json!({"amount": 1, "currency": "yen", "payment_details": token}),
            "invalid_parameter",
            "currency",
        ),
        (
            json!({"amount": 1, "currency": "JPY"}),
            "missing_parameter",
            "payment_details",
        ),
        (
            json!({"amount": 1, "currency": "JPY", "payment_details": 5}),
            "invalid_parameter",
            "payment_details",
        ),
        (
            json!({"amount": 1, "currency": "JPY", "payment_details": token, "customer": "cus_x"}),
            "invalid_parameter",
            "customer",
        ),
        (
            json!({"amount": 1, "currency": "JPY", "customer": "cus_nobody"}),
            "invalid_parameter",
            "customer",
        ),
        (
            json!({"amount": 1, "currency": "JPY", "payment_details": token, "capture": "maybe"}),
            "invalid_parameter",
            "capture",
        ),
        (
            json!({"amount": 1, "currency": "JPY", "payment_details": token, "metadata": "x"}),
            "invalid_parameter",
            "metadata",
        ),
    ];
    for (request, code, param) in cases {
        let (status, body) = h.call("/api/v1/payments", SK, &request).await;
        assert_eq!(status, 422, "{request}: {body}");
        assert_eq!(envelope(&body, code)["param"], param, "{request}: {body}");
    }
    // None of those consumed the token.
    assert_eq!(h.pay(&token).await.0, 200);
}

#[tokio::test]
async fn external_order_numbers_are_unique() {
    let h = start().await;
    for (expected, token) in [(200, h.token(VISA).await), (422, h.token(VISA).await)] {
        let (status, body) = h
            .call(
                "/api/v1/payments",
                SK,
                &json!({"amount": 1, "currency": "JPY", "payment_details": token, "external_order_num": "A-1"}),
            )
            .await;
        assert_eq!(status, expected, "{body}");
        if status == 422 {
            assert_eq!(
                envelope(&body, "invalid_parameter")["param"],
                "external_order_num"
            );
        }
    }
}

#[tokio::test]
async fn a_customer_pays_any_number_of_times() {
    let h = start().await;
    let token = h.token(VISA).await;
    let (status, customer) = h
        .call(
            "/api/v1/customers",
            SK,
            &json!({"payment_details": token, "email": "taro@example.com"}),
        )
        .await;
    assert_eq!(status, 200, "{customer}");
    let id = customer["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("cus_") && id.len() == 29);
    assert_eq!(customer["resource"], "customer");
    // KOMOJU's Customer carries its card as `source`.
    assert_eq!(
        customer["source"],
        json!({"type": "credit_card", "brand": "visa", "last_four_digits": "1111", "month": 1, "year": 2029})
    );
    assert!(customer.get("payment_details").is_none());
    assert_eq!(customer["metadata"], json!({}));
    assert_eq!(customer["created_at"], "2026-11-24T06:20:21Z");
    // The token was consumed by the customer.
    assert_eq!(h.pay(&token).await.0, 422);
    for _ in 0..3 {
        let (status, paid) = h
            .call(
                "/api/v1/payments",
                SK,
                &json!({"amount": 300, "currency": "JPY", "customer": id}),
            )
            .await;
        assert_eq!(status, 200, "{paid}");
        assert_eq!(paid["customer"], id.as_str());
        assert_eq!(paid["payment_details"]["brand"], "visa");
    }
    let (status, shown) = read(
        h.request(Method::GET, &format!("/api/v1/customers/{id}"), Some(SK))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(shown, customer);
    let (status, body) = read(
        h.request(Method::GET, "/api/v1/customers/cus_nobody", Some(SK))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);
    envelope(&body, "not_found");
}

#[tokio::test]
async fn a_customer_with_a_decline_card_declines_every_time() {
    let h = start().await;
    let mut body = card("4123111111111059");
    body["email"] = json!("x@example.com");
    let (status, customer) = h.call("/api/v1/customers", SK, &body).await;
    assert_eq!(status, 200, "{customer}");
    for _ in 0..2 {
        let (status, paid) = h
            .call(
                "/api/v1/payments",
                SK,
                &json!({"amount": 1, "currency": "JPY", "customer": customer["id"]}),
            )
            .await;
        assert_eq!(status, 402);
        let error = envelope(&paid, "card_declined");
        assert_eq!(error["param"], "customer");
        assert_eq!(error["details"]["decline_code"], "card_not_usable");
    }
}

#[tokio::test]
async fn konbini_payments_are_authorized_with_instructions() {
    let h = start().await;
    let (status, token) = h
        .call(
            "/api/v1/tokens",
            PK,
            &json!({"payment_details": {"type": "konbini", "store": "seven-eleven", "email": "a@example.com"}}),
        )
        .await;
    assert_eq!(status, 200, "{token}");
    let (status, paid) = h.pay(token["id"].as_str().unwrap()).await;
    assert_eq!(status, 200, "{paid}");
    assert_eq!(paid["status"], "authorized");
    assert_eq!(paid["payment_details"]["type"], "konbini");
    assert_eq!(paid["payment_details"]["store"], "seven-eleven");
    let url = paid["payment_details"]["instructions_url"]
        .as_str()
        .unwrap();
    assert_eq!(
        url,
        format!(
            "{}/__sandbox/konbini/{}",
            h.sandbox.url(),
            paid["id"].as_str().unwrap()
        )
    );
    let page = h.client.get(url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = page.text().await.unwrap();
    assert!(
        html.contains("seven-eleven") && html.contains("5000 JPY"),
        "{html}"
    );
    let missing = h
        .client
        .get(h.url("/__sandbox/konbini/pay_nothing"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}
