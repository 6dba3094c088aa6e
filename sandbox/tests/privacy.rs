//! No response and no request-log entry ever holds a full card number or a
//! security code.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

const AMEX: &str = "378282246310005";
const AMEX_CODE: &str = "7319";

/// Every string in `value`, with its key.
fn strings<'a>(value: &'a Value, key: &'a str, out: &mut Vec<(&'a str, &'a str)>) {
    match value {
        Value::String(s) => out.push((key, s)),
        Value::Array(items) => items.iter().for_each(|v| strings(v, key, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| strings(v, k, out)),
        _ => {}
    }
}

fn assert_clean(what: &str, value: &Value) {
    let text = value.to_string();
    for number in [VISA, AMEX, "5555555555554444"] {
        assert!(!text.contains(number), "{what} holds a card number: {text}");
    }
    let mut all = Vec::new();
    strings(value, "", &mut all);
    for (key, s) in all {
        let is_id =
            ["tok_", "pay_", "cus_"].iter().any(|p| s.starts_with(p)) || s.contains("/__sandbox/");
        if !is_id {
            assert!(
                !s.contains(AMEX_CODE) && !s.contains(CVC),
                "{what}: {key} = {s:?}"
            );
        }
    }
}

#[tokio::test]
async fn nothing_echoes_or_logs_numbers_or_codes() {
    let h = start().await;
    let mut responses = Vec::new();
    let amex = json!({"payment_details": {"number": AMEX, "month": "12", "year": "2030", "verification_value": AMEX_CODE, "name": "A B"}});
    responses.push(h.call("/api/v1/tokens", PK, &amex).await.1);
    responses.push(h.call("/api/v1/tokens", PK, &card(VISA)).await.1);
    responses.push(
        read(
            h.post_form(
                "/api/v1/tokens",
                PK,
                &format!("payment_details[number]={AMEX}&payment_details[verification_value]={AMEX_CODE}&payment_details[month]=12&payment_details[year]=30"),
            )
            .await,
        )
        .await
        .1,
    );
    // Invalid cards: the error names the field, never the value.
    for bad in [
        json!({"payment_details": {"number": AMEX, "month": "12", "year": "2030", "verification_value": "731"}}),
        json!({"payment_details": {"number": "378282246310006", "month": "12", "year": "2030", "verification_value": AMEX_CODE}}),
        json!({"payment_details": {"number": AMEX, "month": "12", "year": "2030", "name": AMEX}}),
        json!({"payment_details": {"number": AMEX, "month": [AMEX], "year": "2030"}}),
        json!({"payment_details": {"number": [AMEX], "month": "12", "year": "2030"}}),
    ] {
        let (status, body) = h.call("/api/v1/tokens", PK, &bad).await;
        assert_eq!(status, 422, "{body}");
        responses.push(body);
    }
    let broken = h
        .request(Method::POST, "/api/v1/tokens", Some(PK))
        .header("Content-Type", "application/json")
        .body(format!(
            "{{\"payment_details\":{{\"number\":\"{AMEX}\",\"verification_value\":\"{AMEX_CODE}\""
        ))
        .send()
        .await
        .unwrap();
    responses.push(read(broken).await.1);
    // Raw details in payments and customers; idempotent replays.
    let mut pay = card(VISA);
    pay["amount"] = json!(100);
    pay["currency"] = json!("JPY");
    for _ in 0..2 {
        let r = h
            .request(Method::POST, "/api/v1/payments", Some(SK))
            .header("X-KOMOJU-IDEMPOTENCY", "p")
            .json(&pay)
            .send()
            .await
            .unwrap();
        responses.push(read(r).await.1);
    }
    responses.push(h.call("/api/v1/customers", SK, &amex).await.1);
    let mut declined = card("4123111111111034");
    declined["amount"] = json!(1);
    declined["currency"] = json!("JPY");
    responses.push(h.call("/api/v1/payments", SK, &declined).await.1);

    for (i, body) in responses.iter().enumerate() {
        assert_clean(&format!("response {i}"), body);
    }
    let log = Value::Array(h.requests().await);
    assert_eq!(log.as_array().map(Vec::len), Some(responses.len()));
    assert_clean("the request log", &log);
    assert!(log.to_string().contains("[redacted]"));
    assert!(log.to_string().contains("*****0005"));
}
