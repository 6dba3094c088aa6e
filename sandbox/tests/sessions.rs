//! Sessions: create, show (secret and publishable views), pay (frictionless,
//! challenge, manual capture, decline then a good card, konbini, tokens and
//! secure tokens), cancel, expiry, idempotency, CORS and faults.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

const CHALLENGE: &str = "4100000000005000";
const SESSION_RETURN: &str = "http://127.0.0.1:8080/order/abc";

async fn session(h: &Harness, extra: Value) -> Value {
    let mut body = json!({
        "amount": 5000, "currency": "JPY", "return_url": SESSION_RETURN,
        "email": "taro@example.com", "metadata": {"order": "abc"},
        "line_items": [{"description": "Tea", "amount": 2500, "quantity": 2}],
        "external_customer_id": "c-42", "default_locale": "en",
        "payment_data": {"external_order_num": "A-1", "name": "TARO YAMADA"}
    });
    if let (Value::Object(b), Value::Object(e)) = (&mut body, extra) {
        b.extend(e);
    }
    let (status, answer) = h.call("/api/v1/sessions", SK, &body).await;
    assert_eq!(status, 200, "{answer}");
    answer
}

fn card_details(number: &str) -> Value {
    card(number)["payment_details"].clone()
}

async fn pay(h: &Harness, id: &str, details: Value) -> (u16, Value) {
    h.call(
        &format!("/api/v1/sessions/{id}/pay"),
        PK,
        &json!({"payment_details": details, "fraud_details": {"customer_ip": "127.0.0.1"}}),
    )
    .await
}

#[tokio::test]
async fn a_session_is_created_and_shown_to_each_key() {
    let h = start().await;
    let s = session(&h, json!({})).await;
    let id = s["id"].as_str().unwrap();
    assert_eq!(id.len(), 25, "{id}");
    assert_eq!(s["resource"], "session");
    assert_eq!(s["status"], "pending");
    assert_eq!(s["mode"], "payment");
    assert_eq!(s["expired"], false);
    assert_eq!(s["default_locale"], "en");
    assert_eq!(s["created_at"], "2026-11-24T06:20:21Z");
    assert_eq!(s["expires_at"], "2026-11-25T06:20:21Z");
    assert_eq!(
        s["payment_data"],
        json!({"capture": "auto", "external_order_num": "A-1", "name": "TARO YAMADA", "name_kana": null})
    );
    assert!(s["payment"].is_null());
    let types: Vec<&str> = s["payment_methods"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["type"].as_str())
        .collect();
    assert!(
        types.contains(&"credit_card") && types.contains(&"konbini"),
        "{types:?}"
    );

    let (status, secret) = h.get(&format!("/api/v1/sessions/{id}"), SK).await;
    assert_eq!(status, 200);
    assert_eq!(secret, s);
    let (status, public) = h.get(&format!("/api/v1/sessions/{id}"), PK).await;
    assert_eq!(status, 200);
    let mut keys: Vec<&str> = public
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "amount",
            "currency",
            "default_locale",
            "expired",
            "id",
            "payment",
            "payment_methods",
            "resource",
            "return_url",
            "status"
        ]
    );
    assert_eq!(public["return_url"], SESSION_RETURN);
    for secret_only in ["taro@example.com", "c-42", "A-1", "Tea", "abc\"}"] {
        assert!(
            !public.to_string().contains(secret_only),
            "{secret_only} in {public}"
        );
    }
    let (status, answer) = h.get("/api/v1/sessions/nope", SK).await;
    assert_eq!(status, 404);
    envelope(&answer, "not_found");
}

#[tokio::test]
async fn creating_needs_the_secret_key_and_valid_fields() {
    let h = start().await;
    let ok = json!({"amount": 100, "currency": "JPY"});
    let (status, answer) = h.call("/api/v1/sessions", PK, &ok).await;
    assert_eq!(status, 403);
    envelope(&answer, "forbidden");
    let with = |k: &str, v: Value| {
        let mut b = ok.clone();
        b[k] = v;
        b
    };
    let cases = [
        (json!({"currency": "JPY"}), "amount"),
        (json!({"amount": 100}), "currency"),
        (with("return_url", json!("/relative")), "return_url"),
        (
            with("expires_in_seconds", json!(86_401)),
            "expires_in_seconds",
        ),
        (with("expires_in_seconds", json!(0)), "expires_in_seconds"),
        (
            with("payment_types", json!(["cash_on_delivery"])),
            "payment_types",
        ),
        (with("payment_types", json!([])), "payment_types"),
        (with("default_locale", json!("fr")), "default_locale"),
        (
            with("line_items", json!([{"quantity": 0}])),
            "line_items[0]",
        ),
        (with("line_items", json!("tea")), "line_items"),
        (with("metadata", json!("x")), "metadata"),
        (with("mode", json!("subscription")), "mode"),
        (with("mode", json!("customer")), "mode"),
        (
            with("payment_data", json!({"capture": "later"})),
            "payment_data[capture]",
        ),
        (with("payment_data", json!("x")), "payment_data"),
    ];
    for (body, param) in cases {
        let (status, answer) = h.call("/api/v1/sessions", SK, &body).await;
        assert_eq!(status, 422, "{body} -> {answer}");
        assert_eq!(answer["error"]["param"], param, "{body} -> {answer}");
    }
    let (status, answer) = h.call("/api/v1/sessions", SK, &ok).await;
    assert_eq!(status, 200);
    assert!(answer["return_url"].is_null());
    assert_eq!(answer["default_locale"], "ja");
}

#[tokio::test]
async fn a_frictionless_card_completes_at_once() {
    let h = start().await;
    let s = session(&h, json!({})).await;
    let id = s["id"].as_str().unwrap();
    let (status, answer) = pay(&h, id, card_details("4100000000000100")).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["status"], "completed");
    assert!(answer["redirect_url"].is_null());
    let payment = &answer["payment"];
    assert_eq!(payment["status"], "captured");
    assert_eq!(payment["amount"], 5000);
    assert_eq!(payment["session"], id);
    assert_eq!(payment["external_order_num"], "A-1");
    assert_eq!(payment["payment_details"]["last_four_digits"], "0100");
    let (_, shown) = h.get(&format!("/api/v1/sessions/{id}"), SK).await;
    assert_eq!(shown["status"], "completed");
    assert_eq!(shown["completed_at"], "2026-11-24T06:20:21Z");
    assert_eq!(shown["payment"], *payment);
    let (_, public) = h.get(&format!("/api/v1/sessions/{id}"), PK).await;
    assert_eq!(public["payment"]["status"], "captured");
    assert!(public["payment"]["metadata"].is_null());
    // A completed session refuses another pay.
    let (status, again) = pay(&h, id, card_details(VISA)).await;
    assert_eq!(status, 422);
    assert_eq!(
        envelope(&again, "unprocessable_entity")["details"]["reason"],
        "session_completed"
    );
}

async fn challenged(h: &Harness, extra: Value, pay_extra: Value) -> (String, Value) {
    let s = session(h, extra).await;
    let id = s["id"].as_str().unwrap().to_owned();
    let mut body = json!({"payment_details": card_details(CHALLENGE)});
    if let (Value::Object(b), Value::Object(e)) = (&mut body, pay_extra) {
        b.extend(e);
    }
    let (status, answer) = h
        .call(&format!("/api/v1/sessions/{id}/pay"), PK, &body)
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["status"], "pending");
    assert_eq!(answer["payment"]["status"], "pending");
    let redirect = answer["redirect_url"].as_str().unwrap();
    assert!(redirect.starts_with(&format!("{}/challenges/", h.sandbox.issuer_url())));
    (id, answer)
}

#[tokio::test]
async fn a_challenge_completes_the_session_with_a_captured_payment() {
    let h = start().await;
    let (id, answer) = challenged(&h, json!({}), json!({})).await;
    let redirect = answer["redirect_url"].as_str().unwrap();
    let (_, pending) = h.get(&format!("/api/v1/sessions/{id}"), PK).await;
    assert_eq!(pending["status"], "pending");
    assert_eq!(pending["payment"]["status"], "pending");
    let page = h.browser().get(redirect).send().await.unwrap();
    assert!(header(&page, "content-security-policy")
        .unwrap()
        .contains("form-action 'self' http://127.0.0.1:8080;"));
    let r = h.submit(redirect, "123456", "submit").await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        header(&r, "location"),
        Some(format!("{SESSION_RETURN}?session_id={id}"))
    );
    let (_, done) = h.get(&format!("/api/v1/sessions/{id}"), SK).await;
    assert_eq!(done["status"], "completed");
    assert_eq!(done["payment"]["status"], "captured");
    assert_eq!(done["payment"]["id"], answer["payment"]["id"]);
    let (_, payment) = h
        .get(
            &format!(
                "/api/v1/payments/{}",
                answer["payment"]["id"].as_str().unwrap()
            ),
            SK,
        )
        .await;
    assert_eq!(payment["status"], "captured");
}

#[tokio::test]
async fn manual_capture_leaves_the_payment_authorized() {
    let h = start().await;
    let (id, answer) = challenged(&h, json!({}), json!({"capture": "manual"})).await;
    h.submit(answer["redirect_url"].as_str().unwrap(), "123456", "submit")
        .await;
    let (_, done) = h.get(&format!("/api/v1/sessions/{id}"), SK).await;
    assert_eq!(done["status"], "completed");
    assert_eq!(done["payment"]["status"], "authorized");
    assert!(done["payment"]["captured_at"].is_null());
    // The session's own payment_data.capture works too, frictionless as well.
    let s = session(&h, json!({"payment_data": {"capture": "manual"}})).await;
    let (_, paid) = pay(&h, s["id"].as_str().unwrap(), card_details(VISA)).await;
    assert_eq!(paid["payment"]["status"], "authorized");
    let (status, bad) = h
        .call(
            &format!("/api/v1/sessions/{id}/pay"),
            PK,
            &json!({"payment_details": card_details(VISA), "capture": "later"}),
        )
        .await;
    assert_eq!(
        (status, bad["error"]["param"].as_str()),
        (422, Some("capture"))
    );
}

#[tokio::test]
async fn a_failed_or_cancelled_challenge_leaves_the_session_payable() {
    let h = start().await;
    let (id, answer) = challenged(&h, json!({}), json!({})).await;
    let redirect = answer["redirect_url"].as_str().unwrap();
    for _ in 0..3 {
        h.submit(redirect, "000000", "submit").await;
    }
    let (_, shown) = h.get(&format!("/api/v1/sessions/{id}"), PK).await;
    assert_eq!(shown["status"], "pending");
    assert_eq!(shown["payment"]["status"], "failed");
    // Again, cancelled on the issuer's page.
    let (_, second) = pay(&h, &id, card_details(CHALLENGE)).await;
    let r = h
        .submit(second["redirect_url"].as_str().unwrap(), "", "cancel")
        .await;
    assert_eq!(
        header(&r, "location"),
        Some(format!("{SESSION_RETURN}?session_id={id}"))
    );
    let (_, shown) = h.get(&format!("/api/v1/sessions/{id}"), PK).await;
    assert_eq!(
        (
            shown["status"].as_str(),
            shown["payment"]["status"].as_str()
        ),
        (Some("pending"), Some("cancelled"))
    );
    // A third attempt, abandoned (the dialog closed): paying again supersedes it.
    let (_, third) = pay(&h, &id, card_details(CHALLENGE)).await;
    let abandoned = third["redirect_url"].as_str().unwrap().to_owned();
    let (status, fourth) = pay(&h, &id, card_details(VISA)).await;
    assert_eq!(
        (status, fourth["status"].as_str()),
        (200, Some("completed"))
    );
    let (_, old) = h
        .get(
            &format!(
                "/api/v1/payments/{}",
                third["payment"]["id"].as_str().unwrap()
            ),
            SK,
        )
        .await;
    assert_eq!(old["status"], "cancelled");
    let page = h
        .browser()
        .get(&abandoned)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("no longer needed"), "{page}");
}

#[tokio::test]
async fn a_decline_keeps_the_session_payable() {
    let h = start().await;
    let s = session(&h, json!({})).await;
    let id = s["id"].as_str().unwrap();
    let (status, answer) = pay(&h, id, card_details("4123111111111018")).await;
    assert_eq!(status, 402, "{answer}");
    let error = envelope(&answer, "card_declined");
    assert_eq!(error["details"]["decline_code"], "exceeded_limit");
    assert_eq!(error["param"], "payment_details");
    let (_, shown) = h.get(&format!("/api/v1/sessions/{id}"), SK).await;
    assert_eq!(shown["status"], "pending");
    let (status, answer) = pay(&h, id, card_details(VISA)).await;
    assert_eq!(
        (status, answer["status"].as_str()),
        (200, Some("completed"))
    );
}

#[tokio::test]
async fn konbini_completes_with_an_authorized_payment_and_instructions() {
    let h = start().await;
    let s = session(&h, json!({})).await;
    let id = s["id"].as_str().unwrap();
    // The session's email fills payment_details[email].
    let (status, answer) = pay(&h, id, json!({"type": "konbini", "store": "lawson"})).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["status"], "completed");
    let payment = &answer["payment"];
    assert_eq!(payment["status"], "authorized");
    assert_eq!(payment["payment_details"]["type"], "konbini");
    let instructions = payment["payment_details"]["instructions_url"]
        .as_str()
        .unwrap();
    assert_eq!(
        instructions,
        format!(
            "{}/__sandbox/konbini/{}",
            h.sandbox.url(),
            payment["id"].as_str().unwrap()
        )
    );
    let page = h.client.get(instructions).send().await.unwrap();
    assert_eq!(page.status(), 200);
    // A session limited to cards refuses konbini.
    let cards = session(&h, json!({"payment_types": ["credit_card"]})).await;
    let (status, answer) = pay(
        &h,
        cards["id"].as_str().unwrap(),
        json!({"type": "konbini", "store": "lawson"}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        answer["error"]["details"]["reason"],
        "payment_type_not_allowed"
    );
}

#[tokio::test]
async fn tokens_and_secure_tokens_pay_sessions() {
    let h = start().await;
    // A plain token of a challenge card is challenged by Session: Pay.
    let s = session(&h, json!({})).await;
    let token = h.token(CHALLENGE).await;
    let (_, answer) = pay(&h, s["id"].as_str().unwrap(), json!(token)).await;
    assert_eq!(answer["status"], "pending");
    // An authenticated secure token is not challenged again.
    let secure = h.secure_token(CHALLENGE).await;
    h.submit(
        secure["authentication_url"].as_str().unwrap(),
        "123456",
        "submit",
    )
    .await;
    let s = session(&h, json!({})).await;
    let (status, answer) = pay(&h, s["id"].as_str().unwrap(), secure["id"].clone()).await;
    assert_eq!(
        (status, answer["status"].as_str()),
        (200, Some("completed")),
        "{answer}"
    );
    assert_eq!(answer["payment"]["status"], "captured");
    // Used, and for another amount: refused.
    let s = session(&h, json!({"amount": 1000})).await;
    let (status, answer) = pay(&h, s["id"].as_str().unwrap(), secure["id"].clone()).await;
    assert_eq!(
        (status, answer["error"]["details"]["reason"].as_str()),
        (422, Some("secure_token_used"))
    );
    let fresh = h.secure_token(VISA).await;
    let (status, answer) = pay(&h, s["id"].as_str().unwrap(), fresh["id"].clone()).await;
    assert_eq!(
        (status, answer["error"]["details"]["reason"].as_str()),
        (422, Some("amount_mismatch"))
    );
    let (status, answer) = pay(&h, s["id"].as_str().unwrap(), json!(5)).await;
    assert_eq!(
        (status, answer["error"]["param"].as_str()),
        (422, Some("payment_details"))
    );
    let (status, answer) = h
        .call(&format!("/api/v1/sessions/{}/pay", s["id"].as_str().unwrap()), PK, &json!({"payment_details": card_details(VISA), "fraud_details": {"browser_language": "ja"}}))
        .await;
    assert_eq!(
        (status, answer["error"]["param"].as_str()),
        (422, Some("fraud_details[customer_ip]"))
    );
}

#[tokio::test]
async fn cancel_and_expiry_end_a_session() {
    let h = start().await;
    let s = session(&h, json!({})).await;
    let id = s["id"].as_str().unwrap();
    let (status, answer) = h
        .call(&format!("/api/v1/sessions/{id}/cancel"), PK, &json!({}))
        .await;
    assert_eq!(status, 403);
    envelope(&answer, "forbidden");
    let (status, cancelled) = h
        .call(&format!("/api/v1/sessions/{id}/cancel"), SK, &json!({}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["cancelled_at"], "2026-11-24T06:20:21Z");
    let (status, answer) = pay(&h, id, card_details(VISA)).await;
    assert_eq!(
        (status, answer["error"]["details"]["reason"].as_str()),
        (422, Some("session_cancelled"))
    );
    assert_eq!(
        h.call(&format!("/api/v1/sessions/{id}/cancel"), SK, &json!({}))
            .await
            .0,
        200
    );

    // Cancelling a session waiting for a challenge cancels its payment.
    let (waiting, answer) = challenged(&h, json!({}), json!({})).await;
    h.call(
        &format!("/api/v1/sessions/{waiting}/cancel"),
        SK,
        &json!({}),
    )
    .await;
    let (_, shown) = h.get(&format!("/api/v1/sessions/{waiting}"), SK).await;
    assert_eq!(shown["payment"]["status"], "cancelled");
    let late = h
        .submit(answer["redirect_url"].as_str().unwrap(), "123456", "submit")
        .await;
    assert_eq!(late.status(), 303);
    assert_eq!(
        h.get(&format!("/api/v1/sessions/{waiting}"), SK).await.1["status"],
        "cancelled"
    );

    // A completed session cannot be cancelled.
    let paid = session(&h, json!({})).await;
    let paid = paid["id"].as_str().unwrap();
    pay(&h, paid, card_details(VISA)).await;
    let (status, answer) = h
        .call(&format!("/api/v1/sessions/{paid}/cancel"), SK, &json!({}))
        .await;
    assert_eq!(
        (status, answer["error"]["details"]["reason"].as_str()),
        (422, Some("session_completed"))
    );

    // Expiry by expires_in_seconds on the sandbox clock.
    let short = session(&h, json!({"expires_in_seconds": 60})).await;
    let short = short["id"].as_str().unwrap();
    assert!(h.sandbox.clock().advance(59));
    assert_eq!(
        h.get(&format!("/api/v1/sessions/{short}"), PK).await.1["expired"],
        false
    );
    assert!(h.sandbox.clock().advance(1));
    let (_, shown) = h.get(&format!("/api/v1/sessions/{short}"), PK).await;
    assert_eq!(
        (shown["expired"].as_bool(), shown["status"].as_str()),
        (Some(true), Some("pending"))
    );
    let (status, answer) = pay(&h, short, card_details(VISA)).await;
    assert_eq!(
        (status, answer["error"]["details"]["reason"].as_str()),
        (422, Some("session_expired"))
    );
}

#[tokio::test]
async fn a_challenge_of_a_session_expires_after_ten_minutes() {
    let h = start().await;
    let (id, answer) = challenged(&h, json!({}), json!({})).await;
    assert!(h.sandbox.clock().advance(600));
    let (_, shown) = h.get(&format!("/api/v1/sessions/{id}"), PK).await;
    assert_eq!(
        (
            shown["status"].as_str(),
            shown["payment"]["status"].as_str()
        ),
        (Some("pending"), Some("expired"))
    );
    let r = h
        .submit(answer["redirect_url"].as_str().unwrap(), "123456", "submit")
        .await;
    assert_eq!(
        header(&r, "location"),
        Some(format!("{SESSION_RETURN}?session_id={id}"))
    );
    assert_eq!(
        h.get(&format!("/api/v1/sessions/{id}"), PK).await.1["status"],
        "pending"
    );
}

#[tokio::test]
async fn a_session_without_return_url_ends_its_challenge_on_the_issuer_page() {
    let h = start().await;
    let (status, s) = h
        .call(
            "/api/v1/sessions",
            SK,
            &json!({"amount": 100, "currency": "JPY"}),
        )
        .await;
    assert_eq!(status, 200);
    let id = s["id"].as_str().unwrap();
    let (_, answer) = pay(&h, id, card_details(CHALLENGE)).await;
    let redirect = answer["redirect_url"].as_str().unwrap();
    let page = h.browser().get(redirect).send().await.unwrap();
    assert!(header(&page, "content-security-policy")
        .unwrap()
        .contains("form-action 'self';"));
    let r = h.submit(redirect, "123456", "submit").await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("You may close this page"));
    assert_eq!(
        h.get(&format!("/api/v1/sessions/{id}"), SK).await.1["status"],
        "completed"
    );
}

#[tokio::test]
async fn pay_is_idempotent_cors_readable_and_faultable() {
    let h = start().await;
    let s = session(&h, json!({})).await;
    let id = s["id"].as_str().unwrap();
    let path = format!("/api/v1/sessions/{id}/pay");
    let body = json!({"payment_details": card_details(VISA)});
    let send = || {
        h.request(Method::POST, &path, Some(PK))
            .header("X-KOMOJU-IDEMPOTENCY", "pay-1")
            .header("Origin", ORIGIN)
            .json(&body)
            .send()
    };
    // An injected 503 is not remembered: the retry with the same key pays.
    h.admin(
        Method::POST,
        "/__sandbox/faults",
        Some(json!({"status": 503, "retry_after": 1})),
    )
    .await;
    let first = send().await.unwrap();
    assert_eq!(first.status(), 503);
    let second = send().await.unwrap();
    assert_eq!(second.status(), 200);
    assert_eq!(
        header(&second, "access-control-allow-origin").as_deref(),
        Some(ORIGIN)
    );
    let (_, paid) = read(second).await;
    let (status, replay) = read(send().await.unwrap()).await;
    assert_eq!(
        (status, &replay),
        (200, &paid),
        "the same key replays the first answer"
    );
    // A preflight for pay passes for loopback origins.
    let pre = h
        .client
        .request(Method::OPTIONS, h.url(&path))
        .header("Origin", ORIGIN)
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(pre.status(), 204);
    let (status, _) = h.get(&format!("/api/v1/sessions/{id}"), PK).await;
    assert_eq!(status, 200);
}
