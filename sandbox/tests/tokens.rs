//! POST /api/v1/tokens: encodings, auth, shape, validation.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

fn assert_token_shape(body: &Value) {
    let id = body["id"].as_str().expect("id");
    let rest = id.strip_prefix("tok_").expect("tok_ prefix");
    assert_eq!(rest.len(), 25, "{id}");
    assert!(
        rest.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
        "{id}"
    );
    assert_eq!(body["resource"], "token");
    assert_eq!(body["created_at"], "2026-11-24T06:20:21Z");
}

#[tokio::test]
async fn json_and_form_bodies_make_the_same_token() {
    let h = start().await;
    let (status, json_body) = h.call("/api/v1/tokens", PK, &card(VISA)).await;
    assert_eq!(status, 200, "{json_body}");
    assert_token_shape(&json_body);
    // As KOMOJU's token responses (seed 003): the type and the shopper's
    // own fields, nothing derived from the card and not the holder's name.
    let expected = json!({"type": "credit_card", "email": "taro@example.com"});
    assert_eq!(json_body["payment_details"], expected);

    let form = "payment_details%5Btype%5D=credit_card&payment_details[number]=4111111111111111\
                &payment_details[month]=01&payment_details[year]=29&payment_details[verification_value]=987\
                &payment_details[name]=TARO+YAMADA&payment_details[email]=taro%40example.com&currency=JPY";
    let (status, form_body) = read(h.post_form("/api/v1/tokens", PK, form).await).await;
    assert_eq!(status, 200, "{form_body}");
    assert_token_shape(&form_body);
    assert_eq!(form_body["payment_details"], expected);
    assert_ne!(form_body["id"], json_body["id"]);
}

#[tokio::test]
async fn content_type_is_json() {
    let h = start().await;
    let response = h.post_json("/api/v1/tokens", PK, &card(VISA)).await;
    assert_eq!(response.headers()["content-type"], "application/json");
}

#[tokio::test]
async fn optional_fields_and_other_card_forms() {
    let h = start().await;
    // No code, no name; expiry as one string; numbers as JSON numbers.
    let (status, body) = h
        .call(
            "/api/v1/tokens",
            PK,
            &json!({"payment_details": {"number": "5555 5555 5555 4444", "expiry": "12 / 2030"}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["payment_details"], json!({"type": "credit_card"}));
    let (status, body) = h
        .call(
            "/api/v1/tokens",
            PK,
            &json!({"payment_details": {"number": 378282246310005u64, "month": 3, "year": 2031,
                    "given_name": "Taro", "family_name": "Yamada"}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["payment_details"],
        json!({"type": "credit_card", "given_name": "Taro", "family_name": "Yamada"})
    );
    // The brand and expiry the sandbox derived show on what the token
    // becomes (a Customer's `source`), never on the token itself.
    let (status, customer) = h
        .call(
            "/api/v1/customers",
            SK,
            &json!({"payment_details": body["id"]}),
        )
        .await;
    assert_eq!(status, 200, "{customer}");
    assert_eq!(customer["source"]["brand"], "american_express");
    assert_eq!(customer["source"]["month"], 3);
    for (number, brand) in [
        ("3530111333300000", "jcb"),
        ("30569309025904", "diners_club"),
    ] {
        let (status, body) = h.call("/api/v1/tokens", PK, &card(number)).await;
        assert_eq!(status, 200, "{body}");
        assert!(body["payment_details"].get("brand").is_none(), "{body}");
        let (_, customer) = h
            .call(
                "/api/v1/customers",
                SK,
                &json!({"payment_details": body["id"]}),
            )
            .await;
        assert_eq!(customer["source"]["brand"], brand, "{customer}");
    }
}

#[tokio::test]
async fn the_secret_key_may_create_tokens_too() {
    let h = start().await;
    let (status, body) = h.call("/api/v1/tokens", SK, &card(VISA)).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn missing_or_wrong_keys_are_unauthorized() {
    let h = start().await;
    let none = h
        .request(Method::POST, "/api/v1/tokens", None)
        .json(&card(VISA))
        .send()
        .await
        .unwrap();
    let (status, body) = read(none).await;
    assert_eq!(status, 401);
    let error = envelope(&body, "unauthorized");
    assert!(error.get("param").is_none() && error["details"] == json!({}));
    assert_eq!(
        h.request(Method::POST, "/api/v1/tokens", None)
            .json(&card(VISA))
            .send()
            .await
            .unwrap()
            .headers()["www-authenticate"],
        "Basic realm=\"KOMOJU\""
    );

    let (status, body) = h.call("/api/v1/tokens", "pk_test_wrong", &card(VISA)).await;
    assert_eq!(status, 401);
    envelope(&body, "unauthorized");

    let bearer = h
        .request(Method::POST, "/api/v1/tokens", None)
        .header("Authorization", "Bearer pk_test_sandbox")
        .json(&card(VISA))
        .send()
        .await
        .unwrap();
    let (status, body) = read(bearer).await;
    assert_eq!(status, 401);
    envelope(&body, "unauthorized");
}

#[tokio::test]
async fn bad_bodies_are_bad_requests() {
    let h = start().await;
    for (content_type, body) in [
        ("application/json", "{\"payment_details\":"),
        ("application/json", "[1,2]"),
        ("text/plain", "payment_details[number]=4111111111111111"),
        (
            "application/x-www-form-urlencoded",
            "payment_details[number=4111111111111111",
        ),
    ] {
        let response = h
            .request(Method::POST, "/api/v1/tokens", Some(PK))
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let (status, json) = read(response).await;
        assert_eq!(status, 400, "{content_type} {body}: {json}");
        let error = envelope(&json, "bad_request");
        assert!(!json.to_string().contains("4111111111111111"), "{json}");
        assert!(error["param"].is_null());
    }
}

#[tokio::test]
async fn validation_errors_name_the_param_and_the_core_code() {
    let h = start().await;
    let cases: &[(Value, u16, &str, &str, &str)] = &[
        (
            json!({"currency": "JPY"}),
            422,
            "missing_parameter",
            "payment_details",
            "",
        ),
        (
            json!({"payment_details": "tok_abc"}),
            422,
            "invalid_parameter",
            "payment_details",
            "",
        ),
        (
            json!({"payment_details": {"month": "01", "year": "29"}}),
            422,
            "missing_parameter",
            "payment_details[number]",
            "incomplete_number",
        ),
        (
            json!({"payment_details": {"number": VISA, "year": "29"}}),
            422,
            "missing_parameter",
            "payment_details[month]",
            "incomplete_expiry",
        ),
        (
            json!({"payment_details": {"number": VISA, "month": "01"}}),
            422,
            "missing_parameter",
            "payment_details[year]",
            "incomplete_expiry",
        ),
        (
            json!({"payment_details": {"number": "4111111111111112", "month": "01", "year": "29"}}),
            422,
            "invalid_parameter",
            "payment_details[number]",
            "invalid_number",
        ),
        (
            json!({"payment_details": {"number": "4111", "month": "01", "year": "29"}}),
            422,
            "invalid_parameter",
            "payment_details[number]",
            "incomplete_number",
        ),
        (
            json!({"payment_details": {"number": VISA, "month": "13", "year": "29"}}),
            422,
            "invalid_parameter",
            "payment_details[month]",
            "invalid_expiry_month",
        ),
        (
            json!({"payment_details": {"number": VISA, "month": "10", "year": "26"}}),
            422,
            "invalid_parameter",
            "payment_details[year]",
            "expired_card",
        ),
        (
            json!({"payment_details": {"number": VISA, "month": "01", "year": "2099"}}),
            422,
            "invalid_parameter",
            "payment_details[year]",
            "invalid_expiry_year",
        ),
        (
            json!({"payment_details": {"number": VISA, "month": "01", "year": "29", "verification_value": "12"}}),
            422,
            "invalid_parameter",
            "payment_details[verification_value]",
            "incomplete_cvc",
        ),
        (
            json!({"payment_details": {"number": VISA, "month": "01", "year": "29", "verification_value": "12a"}}),
            422,
            "invalid_parameter",
            "payment_details[verification_value]",
            "invalid_cvc",
        ),
        (
            json!({"payment_details": {"number": VISA, "month": "01", "year": "29", "name": "4111 1111"}}),
            422,
            "invalid_parameter",
            "payment_details[name]",
            "invalid_name",
        ),
        (
            json!({"payment_details": {"number": VISA, "month": "01", "year": "29"}, "currency": "jpy"}),
            422,
            "invalid_parameter",
            "currency",
            "",
        ),
        (
            json!({"payment_details": {"type": 7}}),
            422,
            "invalid_parameter",
            "payment_details[type]",
            "",
        ),
    ];
    for (request, status, code, param, reason) in cases {
        let (got, body) = h.call("/api/v1/tokens", PK, request).await;
        assert_eq!(got, *status, "{request}: {body}");
        let error = envelope(&body, code);
        assert_eq!(error["param"], *param, "{request}: {body}");
        if !reason.is_empty() {
            assert_eq!(error["details"]["reason"], *reason, "{request}: {body}");
            assert!(error["details"]["errors"].is_array(), "{body}");
        }
        assert!(!body.to_string().contains(VISA), "{body}");
    }
}

#[tokio::test]
async fn other_payment_types_echo_without_secrets() {
    let h = start().await;
    let (status, body) = h
        .call(
            "/api/v1/tokens",
            PK,
            &json!({"payment_details": {"type": "konbini", "store": "lawson", "email": "a@example.com", "phone": "09012345678"}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["payment_details"],
        json!({"type": "konbini", "store": "lawson", "email": "a@example.com", "phone": "09012345678"})
    );
    let (status, body) = h
        .call(
            "/api/v1/tokens",
            PK,
            &json!({"payment_details": {"type": "web_money", "prepaid_number": "1234567890123456", "email": "a@example.com"}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["payment_details"],
        json!({"type": "web_money", "email": "a@example.com"})
    );
    let (status, body) = h
        .call(
            "/api/v1/tokens",
            PK,
            &json!({"payment_details": {"type": "culture_voucher", "culture_id": "u1", "culture_password": "hunter2"}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // Voucher IDs are credentials too: the reference echoes only the type.
    assert_eq!(body["payment_details"], json!({"type": "culture_voucher"}));
    let text = body.to_string();
    assert!(
        !text.contains("u1\"") && !text.contains("hunter2"),
        "{text}"
    );
}

#[tokio::test]
async fn unknown_paths_and_methods_use_the_envelope() {
    let h = start().await;
    let (status, body) = h.admin(Method::GET, "/api/v1/nothing", None).await;
    assert_eq!(status, 404);
    envelope(&body, "not_found");
    let (status, body) = read(
        h.request(Method::PUT, "/api/v1/tokens", Some(PK))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 405);
    envelope(&body, "method_not_allowed");
}
