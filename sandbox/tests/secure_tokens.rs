//! POST/GET /api/v1/secure_tokens: the test cards, validation, the customer
//! route, and paying with a secure token (once, only when OK, within 24 h,
//! for its own amount and currency).

mod common;

use common::*;
use serde_json::json;

const FRICTIONLESS: &str = "4100000000000100";
const CHALLENGE: &str = "4100000000005000";
const FAILS: &str = "4100000000500000";

#[tokio::test]
async fn frictionless_and_other_cards_are_ok_at_once() {
    let h = start().await;
    for number in [FRICTIONLESS, VISA, "5555555555554444", "4123111111111000"] {
        let body = h.secure_token(number).await;
        let id = body["id"].as_str().unwrap();
        assert!(id.starts_with("stok_") && id.len() == 30, "{id}");
        assert_eq!(body["resource"], "secure_token");
        assert_eq!(body["created_at"], "2026-11-24T06:20:21Z");
        assert_eq!(body["verification_status"], "OK", "{number}");
        assert!(body["authentication_url"].is_null());
        let result = &body["three_ds_auth_result"];
        assert_eq!(result["transStatus"], "Y");
        assert!(result["authenticationValue"].is_string());
        assert!(result["dsTransID"].is_string() && result["messageVersion"].is_string());
        assert_eq!(body["amount"], 5000);
        assert_eq!(body["currency"], "JPY");
        assert_eq!(body["return_url"], RETURN_URL);
        assert_eq!(
            body["payment_details"]["last_four_digits"],
            &number[number.len() - 4..]
        );
        assert!(!body.to_string().contains(number));
        // Either key reads it.
        for key in [PK, SK] {
            let (status, shown) = h.get(&format!("/api/v1/secure_tokens/{id}"), key).await;
            assert_eq!(status, 200);
            assert_eq!(shown, body);
        }
    }
}

#[tokio::test]
async fn challenge_cards_need_verification_on_the_issuer_origin() {
    let h = start().await;
    for number in [CHALLENGE, FAILS] {
        let body = h.secure_token(number).await;
        assert_eq!(body["verification_status"], "NEEDS_VERIFY");
        assert!(body["three_ds_auth_result"].is_null());
        let url = body["authentication_url"].as_str().unwrap();
        let prefix = format!("{}/challenges/", h.sandbox.issuer_url());
        assert!(url.starts_with(&prefix), "{url}");
        assert_ne!(h.sandbox.issuer_url(), h.sandbox.url());
        // Only an opaque ID: no card data, no amount.
        let challenge = &url[prefix.len()..];
        assert!(challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        assert!(!url.contains(number) && !url.contains(&number[12..]));
    }
}

#[tokio::test]
async fn the_request_is_validated() {
    let h = start().await;
    let cases = [
        (
            json!({"currency": "JPY", "return_url": RETURN_URL}),
            "missing_parameter",
            "amount",
        ),
        (
            json!({"amount": 0, "currency": "JPY", "return_url": RETURN_URL}),
            "invalid_parameter",
            "amount",
        ),
        (
            json!({"amount": 100, "return_url": RETURN_URL}),
            "missing_parameter",
            "currency",
        ),
        (
            json!({"amount": 100, "currency": "yen", "return_url": RETURN_URL}),
            "invalid_parameter",
            "currency",
        ),
        (
            json!({"amount": 100, "currency": "JPY"}),
            "missing_parameter",
            "return_url",
        ),
        (
            json!({"amount": 100, "currency": "JPY", "return_url": "/done"}),
            "invalid_parameter",
            "return_url",
        ),
        (
            json!({"amount": 100, "currency": "JPY", "return_url": "javascript:alert(1)"}),
            "invalid_parameter",
            "return_url",
        ),
        (
            json!({"amount": 100, "currency": "JPY", "return_url": "ftp://shop.example/"}),
            "invalid_parameter",
            "return_url",
        ),
        (
            json!({"amount": 100, "currency": "JPY", "return_url": RETURN_URL}),
            "missing_parameter",
            "payment_details",
        ),
        (
            json!({"amount": 100, "currency": "JPY", "return_url": RETURN_URL, "payment_details": "tok_x"}),
            "invalid_parameter",
            "payment_details",
        ),
        (
            json!({"amount": 100, "currency": "JPY", "return_url": RETURN_URL, "payment_details": {"type": "konbini", "store": "lawson", "email": "a@b.co"}}),
            "invalid_parameter",
            "payment_details[type]",
        ),
        (
            json!({"amount": 100, "currency": "JPY", "return_url": RETURN_URL, "payment_details": {"number": "4111111111111112", "month": "01", "year": "29"}}),
            "invalid_parameter",
            "payment_details[number]",
        ),
        (
            json!({"amount": 100, "currency": "JPY", "return_url": RETURN_URL, "payment_details": {"number": VISA, "month": "01", "year": "29"}, "customer": "cus_x"}),
            "invalid_parameter",
            "customer",
        ),
    ];
    for (body, code, param) in cases {
        let (status, answer) = h.call("/api/v1/secure_tokens", PK, &body).await;
        assert_eq!(status, 422, "{body} -> {answer}");
        assert_eq!(envelope(&answer, code)["param"], param, "{body}");
    }
    let (status, answer) = h
        .call(
            "/api/v1/secure_tokens",
            PK,
            &json!({"amount": 1, "currency": "JPY", "return_url": "x"}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        envelope(&answer, "invalid_parameter")["details"]["reason"],
        "invalid_return_url"
    );
    // Form-encoded works too.
    let (status, answer) = read(
        h.post_form(
            "/api/v1/secure_tokens",
            PK,
            &format!("amount=300&currency=JPY&return_url=http%3A%2F%2F127.0.0.1%3A8080%2F&payment_details[number]={FRICTIONLESS}&payment_details[month]=01&payment_details[year]=29"),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, answer["verification_status"].as_str()),
        (200, Some("OK")),
        "{answer}"
    );
    // Unknown IDs; no key.
    let (status, answer) = h.get("/api/v1/secure_tokens/stok_nope", PK).await;
    assert_eq!(status, 404);
    envelope(&answer, "not_found");
    let r = h
        .request(
            reqwest::Method::GET,
            "/api/v1/secure_tokens/stok_nope",
            None,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn a_customers_saved_card_needs_the_secret_key() {
    let h = start().await;
    let (_, customer) = h
        .call(
            "/api/v1/customers",
            SK,
            &json!({"payment_details": card(CHALLENGE)["payment_details"]}),
        )
        .await;
    let customer = customer["id"].as_str().unwrap().to_owned();
    let body =
        json!({"amount": 800, "currency": "JPY", "return_url": RETURN_URL, "customer": customer});
    let (status, answer) = h.call("/api/v1/secure_tokens", PK, &body).await;
    assert_eq!(status, 403, "{answer}");
    envelope(&answer, "forbidden");
    let (status, answer) = h.call("/api/v1/secure_tokens", SK, &body).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["verification_status"], "NEEDS_VERIFY");
    assert_eq!(answer["customer"], customer.as_str());
    assert_eq!(answer["payment_details"]["last_four_digits"], "5000");

    let (status, answer) = h
        .call("/api/v1/secure_tokens", SK, &json!({"amount": 800, "currency": "JPY", "return_url": RETURN_URL, "customer": "cus_nobody"}))
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        envelope(&answer, "invalid_parameter")["details"]["reason"],
        "customer_not_found"
    );
    let (_, konbini) = h
        .call("/api/v1/customers", SK, &json!({"payment_details": {"type": "konbini", "store": "lawson", "email": "a@example.com"}}))
        .await;
    let (status, answer) = h
        .call("/api/v1/secure_tokens", SK, &json!({"amount": 800, "currency": "JPY", "return_url": RETURN_URL, "customer": konbini["id"]}))
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        envelope(&answer, "invalid_parameter")["details"]["reason"],
        "not_a_card"
    );
}

fn reason(body: &serde_json::Value) -> String {
    body["error"]["details"]["reason"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn an_ok_secure_token_pays_once_for_its_amount_and_currency() {
    let h = start().await;
    let token = h.secure_token(FRICTIONLESS).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let pay = |amount: u64, currency: &str| json!({"amount": amount, "currency": currency, "payment_details": token});
    let (status, answer) = h.call("/api/v1/payments", SK, &pay(4999, "JPY")).await;
    assert_eq!(
        (status, reason(&answer)),
        (422, "amount_mismatch".into()),
        "{answer}"
    );
    assert_eq!(answer["error"]["param"], "amount");
    let (status, answer) = h.call("/api/v1/payments", SK, &pay(5000, "USD")).await;
    assert_eq!(
        (status, reason(&answer)),
        (422, "currency_mismatch".into()),
        "{answer}"
    );
    let (status, answer) = h.call("/api/v1/payments", SK, &pay(5000, "JPY")).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["status"], "captured");
    assert_eq!(answer["payment_details"]["last_four_digits"], "0100");
    let (status, answer) = h.call("/api/v1/payments", SK, &pay(5000, "JPY")).await;
    assert_eq!((status, reason(&answer)), (422, "secure_token_used".into()));
    assert_eq!(
        envelope(&answer, "invalid_parameter")["message"],
        "secure token has already been used"
    );
    // It stays readable.
    let (status, shown) = h.get(&format!("/api/v1/secure_tokens/{token}"), SK).await;
    assert_eq!(
        (status, shown["verification_status"].as_str()),
        (200, Some("OK"))
    );
}

#[tokio::test]
async fn unverified_failed_and_old_secure_tokens_are_refused() {
    let h = start().await;
    let pay = |token: &str| json!({"amount": 5000, "currency": "JPY", "payment_details": token});
    let waiting = h.secure_token(CHALLENGE).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, answer) = h.call("/api/v1/payments", SK, &pay(&waiting)).await;
    assert_eq!(
        (status, reason(&answer)),
        (422, "secure_token_not_verified".into()),
        "{answer}"
    );

    let failing = h.secure_token(FAILS).await;
    let url = failing["authentication_url"].as_str().unwrap();
    assert_eq!(h.submit(url, "123456", "submit").await.status(), 303);
    let failed = failing["id"].as_str().unwrap();
    let (status, answer) = h.call("/api/v1/payments", SK, &pay(failed)).await;
    assert_eq!(
        (status, reason(&answer)),
        (422, "secure_token_failed".into())
    );

    let fresh = h.secure_token(VISA).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let stale = h.secure_token(VISA).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(h.sandbox.clock().advance(24 * 3600 - 1));
    assert_eq!(h.call("/api/v1/payments", SK, &pay(&fresh)).await.0, 200);
    assert!(h.sandbox.clock().advance(1));
    let (status, answer) = h.call("/api/v1/payments", SK, &pay(&stale)).await;
    assert_eq!(
        (status, reason(&answer)),
        (422, "secure_token_expired".into())
    );
    assert_eq!(answer["error"]["message"], "secure token has expired");
    // The challenge of the waiting one expired long ago.
    let (_, shown) = h.get(&format!("/api/v1/secure_tokens/{waiting}"), PK).await;
    assert_eq!(shown["verification_status"], "EXPIRED");
    let (status, answer) = h.call("/api/v1/payments", SK, &pay(&waiting)).await;
    assert_eq!(
        (status, reason(&answer)),
        (422, "secure_token_expired".into())
    );
    // Unknown IDs keep the tokens' wording.
    let (status, answer) = h.call("/api/v1/payments", SK, &pay("stok_unknown")).await;
    assert_eq!((status, reason(&answer)), (422, "token_not_found".into()));
}

#[tokio::test]
async fn secure_tokens_decline_like_the_card_and_save_customers() {
    let h = start().await;
    let declining = h.secure_token("4123111111111000").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, answer) = h
        .call(
            "/api/v1/payments",
            SK,
            &json!({"amount": 5000, "currency": "JPY", "payment_details": declining}),
        )
        .await;
    assert_eq!(status, 402, "{answer}");
    assert_eq!(
        envelope(&answer, "card_declined")["details"]["decline_code"],
        "insufficient_funds"
    );

    let token = h.secure_token(VISA).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, customer) = h
        .call(
            "/api/v1/customers",
            SK,
            &json!({"payment_details": token, "email": "taro@example.com"}),
        )
        .await;
    assert_eq!(status, 200, "{customer}");
    assert_eq!(customer["payment_details"]["last_four_digits"], "1111");
    let (status, answer) = h
        .call("/api/v1/customers", SK, &json!({"payment_details": token}))
        .await;
    assert_eq!((status, reason(&answer)), (422, "secure_token_used".into()));
    let (status, paid) = h
        .call(
            "/api/v1/payments",
            SK,
            &json!({"amount": 1, "currency": "JPY", "customer": customer["id"]}),
        )
        .await;
    assert_eq!((status, paid["status"].as_str()), (200, Some("captured")));
    // A plain token still skips 3-D Secure with Payment: Create.
    let plain = h.token(CHALLENGE).await;
    assert_eq!(h.pay(&plain).await.1["status"], "captured");
}
