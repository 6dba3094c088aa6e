// 3-D Secure against the real sandbox: secure tokens (createSecureToken,
// resume), Session: Pay (paySession) and their retries. Shared by
// tests/browser.rs and tests/node.rs. A challenge cannot be shown here (no
// dialog in Node, no shopper anywhere): the challenged cases are finished by
// answering the sandbox issuer's form over HTTP, then read with resume();
// the dialog itself is tested end to end (e2e/three-d-secure.test.mjs).

use super::common::*;
use super::tokenizer::{admin, last_seq, sandbox, tokenizer};
use tessera::wasm::Tokenizer;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// `Basic base64("sk_test_sandbox:")`: the merchant's server's key, used here
/// only to play that server (create Sessions).
const SECRET_AUTH: &str = "Basic c2tfdGVzdF9zYW5kYm94Og==";
/// `Basic base64("pk_test_sandbox:")`.
const PUBLISHABLE_AUTH: &str = "Basic cGtfdGVzdF9zYW5kYm94Og==";

fn card(number: &str) -> JsValue {
    json(&format!(r#"{{"number": "{number}", "expiry": "12 / 29", "verification_value": "123", "name": "TARO YAMADA"}}"#))
}

pub fn in_a_page() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &"document".into()).is_ok_and(|d| d.is_object())
}

fn order(extra: &str) -> JsValue {
    let o = json(extra);
    let set = |k: &str, v: JsValue| {
        if prop(&o, k).is_undefined() {
            js_sys::Reflect::set(&o, &k.into(), &v).unwrap();
        }
    };
    set("amount", 1500.into());
    set("currency", "JPY".into());
    set("returnUrl", return_url().into());
    if !in_a_page() {
        set("challenge", json(r#"{"mode": "redirect"}"#));
    }
    o
}

fn kind(e: &JsValue) -> (String, String) {
    assert!(e.is_instance_of::<js_sys::Error>(), "rejections are Error objects: {e:?}");
    (s(e, "type").unwrap_or_default(), s(e, "code").unwrap_or_default())
}

/// The requests logged after `seq` to `method path` (a path prefix).
pub async fn requests_since(seq: f64, method: &str, path: &str) -> Vec<JsValue> {
    let list = js_sys::Array::from(&admin("GET", &format!("/__sandbox/requests?since={seq}"), None).await);
    list.iter()
        .filter(|r| prop(r, "seq").as_f64().is_some_and(|n| n > seq))
        .filter(|r| s(r, "method").as_deref() == Some(method) && s(r, "path").is_some_and(|p| p.starts_with(path)))
        .collect()
}

async fn fault(spec: &str) {
    admin("DELETE", "/__sandbox/faults", None).await;
    admin("POST", "/__sandbox/faults", Some(spec)).await;
}

/// A call of the API with a key, as the merchant's server (or a test) makes it.
async fn api(method: &str, path: &str, auth: &str, body: &str) -> JsValue {
    let url = format!("{}{}", sandbox(), path);
    let builder = match method {
        "POST" => gloo_net::http::Request::post(&url),
        _ => gloo_net::http::Request::get(&url),
    }
    .header("Authorization", auth);
    let response = if method == "POST" {
        builder.header("Content-Type", "application/json").body(body).unwrap().send().await
    } else {
        builder.send().await
    }
    .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
    let text = response.text().await.unwrap();
    assert!(response.ok(), "{method} {path}: {} {text}", response.status());
    json(&text)
}

/// A Session, as the merchant's server creates it with the secret key.
pub async fn session() -> String {
    let body = format!(r#"{{"amount": 1500, "currency": "JPY", "return_url": "{}"}}"#, return_url());
    s(&api("POST", "/api/v1/sessions", SECRET_AUTH, &body).await, "id").expect("a session ID")
}

/// Answers the sandbox issuer's challenge form at `url` (`password`, or Cancel
/// with `None`), as the shopper's browser would post it. The answer (a 303
/// to the return URL, followed) is not read.
pub async fn answer_challenge(url: &str, password: Option<&str>) {
    let body = match password {
        Some(p) => format!("password={p}&action=submit"),
        None => "action=cancel".to_owned(),
    };
    let _ = gloo_net::http::Request::post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        // The issuer's page answers no CORS: the shopper's browser posts it
        // as a form. An opaque answer is all the test needs.
        .mode(web_sys::RequestMode::NoCors)
        .body(body)
        .unwrap()
        .send()
        .await;
}

async fn secure(t: &Tokenizer, number: &str, extra: &str) -> Result<JsValue, JsValue> {
    JsFuture::from(t.create_secure_token(card(number), order(extra))).await
}

#[wasm_bindgen_test]
async fn a_frictionless_card_becomes_an_ok_secure_token_with_one_request_and_no_ui() {
    let seq = last_seq().await;
    let t = tokenizer("{}");
    let token = secure(&t, "4100 0000 0000 0100", "{}").await.expect("a secure token");
    let id = s(&token, "id").unwrap();
    assert!(id.starts_with("stok_"), "{id}");
    assert_eq!(s(&token, "verificationStatus").as_deref(), Some("OK"));
    assert_eq!(s(&token, "card.last4").as_deref(), Some("0100"));
    assert_eq!(s(&token, "card.brand").as_deref(), Some("visa"));
    let text = js_sys::JSON::stringify(&token).unwrap().as_string().unwrap();
    assert!(!text.contains("4100000000000100") && !text.contains("123\""), "{text}");
    if in_a_page() {
        assert_eq!(
            js_sys::eval("document.querySelectorAll('dialog').length").unwrap().as_f64(),
            Some(0.0),
            "no dialog for a frictionless card"
        );
    }
    let posts = requests_since(seq, "POST", "/api/v1/secure_tokens").await;
    assert_eq!(posts.len(), 1, "exactly one request");
    let body = prop(&posts[0], "body");
    assert_eq!(prop(&body, "amount").as_f64(), Some(1500.0));
    assert_eq!(s(&body, "currency").as_deref(), Some("JPY"));
    assert_eq!(s(&body, "return_url"), Some(return_url()));
    assert_eq!(s(&body, "payment_details.type").as_deref(), Some("credit_card"));
    assert_eq!(s(&body, "payment_details.name").as_deref(), Some("TARO YAMADA"));
    assert!(requests_since(seq, "GET", "/api/v1/secure_tokens").await.is_empty());
}

#[wasm_bindgen_test]
async fn nothing_is_sent_while_the_card_or_the_order_is_invalid() {
    let seq = last_seq().await;
    let t = tokenizer("{}");
    let e = secure(&t, "4100000000000101", "{}").await.unwrap_err();
    assert_eq!(kind(&e), ("validation_error".into(), "invalid_number".into()));
    assert_eq!(s(&e, "field").as_deref(), Some("number"));
    let konbini = json(r#"{"type": "konbini", "store": "lawson", "email": "taro@example.com"}"#);
    let e = JsFuture::from(t.create_secure_token(konbini, order("{}"))).await.unwrap_err();
    assert_eq!(kind(&e), ("validation_error".into(), "unsupported_type".into()));
    for bad in [
        r#"{"amount": 0}"#,
        r#"{"amount": 10.5}"#,
        r#"{"amount": "1500"}"#,
        r#"{"returnUrl": "/relative"}"#,
        r#"{"challenge": {"mode": "popup"}}"#,
    ] {
        let e = secure(&t, "4100000000000100", bad).await.unwrap_err();
        assert_eq!(kind(&e), ("integration_error".into(), "invalid_option".into()), "{bad}");
    }
    let e = secure(&t, "4100000000000100", r#"{"currency": "円"}"#).await.unwrap_err();
    assert_eq!(kind(&e), ("integration_error".into(), "invalid_currency".into()));
    // The return URL must be of this page's origin (and for the dialog
    // there must be a page).
    let e = secure(&t, "4100000000000100", r#"{"returnUrl": "https://elsewhere.example/back", "challenge": {"mode": "dialog"}}"#)
        .await
        .unwrap_err();
    assert_eq!(kind(&e), ("integration_error".into(), "invalid_option".into()));
    if in_a_page() {
        let e = secure(&t, "4100000000000100", r#"{"returnUrl": "https://elsewhere.example/back", "challenge": {"mode": "redirect"}}"#)
            .await
            .unwrap_err();
        assert_eq!(kind(&e), ("integration_error".into(), "invalid_option".into()));
    }
    let e = JsFuture::from(t.pay_session("sess/../x".into(), card("4111111111111111"), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(kind(&e), ("integration_error".into(), "invalid_argument".into()));
    let e = JsFuture::from(t.pay_session("abc".into(), card("4111111111111112"), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(kind(&e), ("validation_error".into(), "invalid_number".into()));
    assert!(requests_since(seq, "POST", "/api/v1/").await.is_empty(), "no request was made");
}

/// Creates a secure token for `number` the way the page would, as far as
/// the challenge: the `NEEDS_VERIFY` token's ID and its issuer page.
async fn challenged_token(number: &str) -> (String, String) {
    let body = format!(
        r#"{{"amount": 1500, "currency": "JPY", "return_url": "{}", "payment_details": {{"number": "{number}", "month": "12", "year": "29", "verification_value": "123"}}}}"#,
        return_url()
    );
    let token = api("POST", "/api/v1/secure_tokens", PUBLISHABLE_AUTH, &body).await;
    assert_eq!(s(&token, "verification_status").as_deref(), Some("NEEDS_VERIFY"));
    let url = s(&token, "authentication_url").unwrap();
    assert!(!url.contains(number), "no card number in the issuer's URL: {url}");
    (s(&token, "id").unwrap(), url)
}

#[wasm_bindgen_test]
async fn resume_reads_a_challenged_token_and_resolves_only_when_ok() {
    let t = tokenizer("{}");
    // No ID in the URL: nothing to resume.
    assert!(JsFuture::from(t.resume("https://shop.example/return?x=1".into())).await.unwrap().is_null());

    let (id, url) = challenged_token("4100000000005000").await;
    let back = format!("{}?secure_token_id={id}", return_url());
    // Not finished yet: the shopper came back without finishing.
    let e = JsFuture::from(t.resume(back.clone().into())).await.unwrap_err();
    assert_eq!(kind(&e), ("abort_error".into(), "three_d_secure_cancelled".into()));
    answer_challenge(&url, Some("123456")).await;
    let token = JsFuture::from(t.resume(back.into())).await.expect("an OK token");
    assert_eq!(s(&token, "id"), Some(id));
    assert_eq!(s(&token, "verificationStatus").as_deref(), Some("OK"));
    assert_eq!(s(&token, "card.last4").as_deref(), Some("5000"));
}

#[wasm_bindgen_test]
async fn an_errored_challenge_is_a_card_error() {
    let t = tokenizer("{}");
    let (id, url) = challenged_token("4100000000500000").await;
    for _ in 0..3 {
        answer_challenge(&url, Some("123456")).await;
    }
    let e = JsFuture::from(t.resume(format!("{}?secure_token_id={id}", return_url()).into())).await.unwrap_err();
    assert_eq!(kind(&e), ("card_error".into(), "three_d_secure_failed".into()));
    let msg = s(&e, "message").unwrap();
    assert!(!msg.contains("4100000000500000"), "{msg}");

    // A cancelled challenge fails too (ERRORED, challengeCancel).
    let (id, url) = challenged_token("4100000000005000").await;
    answer_challenge(&url, None).await;
    let e = JsFuture::from(t.resume(format!("{}?secure_token_id={id}", return_url()).into())).await.unwrap_err();
    assert_eq!(kind(&e).0, "card_error");
}

/// The custom mode (what the card fields use, from their frame of the
/// provider's origin): the caller shows the issuer's page, and the return URL
/// is the caller's, of any origin; Tessera reads the token's status itself
/// once `show` resolves.
#[wasm_bindgen_test]
async fn a_custom_challenge_is_shown_by_the_caller_with_a_return_url_of_its_own_origin() {
    let seen: Rc<RefCell<Vec<(String, String)>>> = Rc::default();
    let record = seen.clone();
    let show = Closure::<dyn FnMut(JsValue, JsValue) -> js_sys::Promise>::new(move |url: JsValue, context: JsValue| {
        let url = url.as_string().unwrap_or_default();
        record.borrow_mut().push((url.clone(), s(&context, "returnUrl").unwrap_or_default()));
        wasm_bindgen_futures::future_to_promise(async move {
            answer_challenge(&url, Some("123456")).await;
            Ok(JsValue::UNDEFINED)
        })
    });
    // Another origin than this page's (nothing listens there: the issuer's
    // 303 to it is not followed by anyone who cares).
    let elsewhere = "http://127.0.0.1:9/back";
    let options = order(&format!(r#"{{"returnUrl": "{elsewhere}"}}"#));
    let challenge = js_sys::Object::new();
    js_sys::Reflect::set(&challenge, &"mode".into(), &"custom".into()).unwrap();
    js_sys::Reflect::set(&challenge, &"show".into(), show.as_ref()).unwrap();
    js_sys::Reflect::set(&options, &"challenge".into(), &challenge).unwrap();
    let t = tokenizer("{}");
    let token = JsFuture::from(t.create_secure_token(card("4100000000005000"), options)).await.expect("an OK token");
    assert_eq!(s(&token, "verificationStatus").as_deref(), Some("OK"));
    assert_eq!(s(&token, "card.last4").as_deref(), Some("5000"));
    let seen = seen.borrow();
    assert_eq!(seen.len(), 1, "show was called once");
    assert!(seen[0].0.contains("/challenge"), "the issuer's page: {}", seen[0].0);
    assert_eq!(seen[0].1, elsewhere);
    if in_a_page() {
        assert_eq!(
            js_sys::eval("document.querySelectorAll('dialog').length").unwrap().as_f64(),
            Some(0.0),
            "the caller shows the challenge, not Tessera"
        );
    }
}

async fn pay(t: &Tokenizer, session: &str, details: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(t.pay_session(session.into(), details, JsValue::UNDEFINED)).await
}

#[wasm_bindgen_test]
async fn konbini_pays_a_session_at_once_with_its_instructions() {
    let seq = last_seq().await;
    let id = session().await;
    let t = tokenizer("{}");
    let konbini = json(r#"{"type": "konbini", "store": "lawson", "email": " taro@example.com "}"#);
    let result = pay(&t, &id, konbini).await.expect("paid");
    assert_eq!(s(&result, "sessionId"), Some(id.clone()));
    assert_eq!(s(&result, "status").as_deref(), Some("completed"));
    assert_eq!(s(&result, "payment.status").as_deref(), Some("authorized"));
    assert_eq!(s(&result, "payment.type").as_deref(), Some("konbini"));
    assert!(s(&result, "payment.instructionsUrl").is_some_and(|u| u.starts_with("http")));
    assert!(prop(&result, "redirectUrl").is_undefined());
    let posts = requests_since(seq, "POST", &format!("/api/v1/sessions/{id}/pay")).await;
    assert_eq!(posts.len(), 1);
    assert!(s(&posts[0], "idempotency_key").is_some(), "a pay carries an idempotency key by default");
    assert_eq!(s(&prop(&posts[0], "body"), "payment_details.email").as_deref(), Some("taro@example.com"));
}

#[wasm_bindgen_test]
async fn a_decline_is_a_card_error_with_its_decline_code_and_the_session_stays_payable() {
    let id = session().await;
    let t = tokenizer(r#"{"locale": "ja"}"#);
    let e = pay(&t, &id, card("4123111111111000")).await.unwrap_err();
    assert_eq!(kind(&e), ("card_error".into(), "card_declined".into()));
    assert_eq!(s(&e, "declineCode").as_deref(), Some("insufficient_funds"));
    assert_eq!(n(&e, "status"), 402.0);
    let result = pay(&t, &id, card("4111111111111111")).await.expect("another card pays");
    assert_eq!(s(&result, "status").as_deref(), Some("completed"));
    assert_eq!(s(&result, "payment.card.last4").as_deref(), Some("1111"));
}

#[wasm_bindgen_test]
async fn a_pay_is_retried_with_one_idempotency_key() {
    let seq = last_seq().await;
    let id = session().await;
    fault(r#"{"count": 1, "status": 503}"#).await;
    let t = tokenizer("{}");
    let result = pay(&t, &id, card("4100000000000100")).await.expect("retried into a payment");
    assert_eq!(s(&result, "status").as_deref(), Some("completed"));
    let posts = requests_since(seq, "POST", &format!("/api/v1/sessions/{id}/pay")).await;
    let statuses: Vec<f64> = posts.iter().filter_map(|p| prop(p, "status").as_f64()).collect();
    assert_eq!(statuses, [503.0, 200.0]);
    let keys: Vec<Option<String>> = posts.iter().map(|p| s(p, "idempotency_key")).collect();
    assert!(keys[0].is_some() && keys[0] == keys[1], "one key for every attempt: {keys:?}");
}

#[wasm_bindgen_test]
async fn a_lost_answer_to_a_pay_without_a_key_is_outcome_unknown_and_not_retried() {
    let id = session().await;
    let seq = last_seq().await;
    fault(r#"{"count": 4, "drop": true}"#).await;
    let t = tokenizer(r#"{"idempotency": false, "maxRetries": 3}"#);
    let result = pay(&t, &id, card("4111111111111111")).await;
    admin("DELETE", "/__sandbox/faults", None).await;
    let e = result.unwrap_err();
    assert_eq!(kind(&e), ("api_connection_error".into(), "outcome_unknown".into()));
    let posts = requests_since(seq, "POST", &format!("/api/v1/sessions/{id}/pay")).await;
    // Browsers may resend once on their own when a reused connection closes
    // unanswered; Tessera itself never does.
    assert!((1..=2).contains(&posts.len()), "{} pay requests", posts.len());
    assert!(posts.iter().all(|p| s(p, "idempotency_key").is_none()));
}

#[wasm_bindgen_test]
async fn a_double_clicked_pay_makes_one_request() {
    let id = session().await;
    let seq = last_seq().await;
    let t = tokenizer("{}");
    let details = r#"{"type": "konbini", "store": "lawson", "email": "taro@example.com"}"#;
    let first = t.pay_session(id.clone().into(), json(details), JsValue::UNDEFINED);
    let second = t.pay_session(id.clone().into(), json(details), JsValue::UNDEFINED);
    assert!(js_sys::Object::is(&first, &second), "the same promise");
    let a = JsFuture::from(first).await.unwrap();
    let b = JsFuture::from(second).await.unwrap();
    assert_eq!(s(&a, "payment.id"), s(&b, "payment.id"));
    assert_eq!(requests_since(seq, "POST", &format!("/api/v1/sessions/{id}/pay")).await.len(), 1);
}
