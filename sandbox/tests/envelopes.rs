//! Every answer is the JSON envelope: path errors, 414, 413, an unknown
//! path; a form body that is not UTF-8 is refused and nothing is stored.

mod common;

use common::*;
use reqwest::Method;
use serde_json::Value;

async fn json_error(response: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(response.status().as_u16(), status);
    assert_eq!(response.headers()["content-type"], "application/json");
    let (_, body) = read(response).await;
    envelope(&body, code)
}

#[tokio::test]
async fn path_errors_long_uris_and_large_bodies_answer_the_envelope() {
    let h = start().await;
    let bad_path = h
        .request(Method::GET, "/api/v1/payments/%FF", Some(SK))
        .send()
        .await
        .unwrap();
    let error = json_error(bad_path, 400, "bad_request").await;
    assert_eq!(error["details"]["reason"], "invalid_path");

    let long = format!("/api/v1/payments/{}", "a".repeat(10_000));
    let too_long = h
        .request(Method::GET, &long, Some(SK))
        .send()
        .await
        .unwrap();
    json_error(too_long, 414, "uri_too_long").await;

    let big = h
        .request(Method::POST, "/api/v1/tokens", Some(PK))
        .header("Content-Type", "application/json")
        .body(vec![b' '; (1 << 20) + 10])
        .send()
        .await
        .unwrap();
    json_error(big, 413, "payload_too_large").await;

    let nowhere = h
        .request(Method::GET, "/api/v1/nowhere", Some(SK))
        .send()
        .await
        .unwrap();
    json_error(nowhere, 404, "not_found").await;
}

#[tokio::test]
async fn form_bodies_that_are_not_utf8_are_refused() {
    let h = start().await;
    for body in [
        "payment_details[type]=konbini&payment_details[store]=lawson&payment_details[email]=a%FF@b.co",
        "payment_details%C3[type]=konbini",
    ] {
        let response = h.post_form("/api/v1/tokens", PK, body).await;
        let error = json_error(response, 400, "bad_request").await;
        assert_eq!(error["details"]["reason"], "invalid_utf8");
    }
    let (_, stats) = h.admin(Method::GET, "/__sandbox/stats", None).await;
    assert_eq!(stats["tokens"], 0, "{stats}");
    let ok = h
        .post_form(
            "/api/v1/tokens",
            PK,
            "payment_details[type]=konbini&payment_details[store]=lawson&payment_details[email]=%E5%A4%AA%E9%83%8E@b.co",
        )
        .await;
    assert_eq!(ok.status().as_u16(), 200);
}
