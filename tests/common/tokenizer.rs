// Tokenizer tests against a real sandbox on loopback (cross-origin from the
// test page in browsers). Shared by tests/browser.rs and tests/node.rs.
// `npm test` starts the sandbox and compiles its URL in; without it every test
// here fails loudly rather than skipping.

use super::common::*;
use tessera::wasm::Tokenizer;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

pub fn sandbox() -> &'static str {
    match option_env!("TESSERA_SANDBOX_URL") {
        Some(url) => url,
        None => panic!("TESSERA_SANDBOX_URL was not set when these tests were built: run them through `npm test`, which starts the sandbox"),
    }
}

pub async fn admin(method: &str, path: &str, body: Option<&str>) -> JsValue {
    let url = format!("{}{}", sandbox(), path);
    let builder = match method {
        "POST" => gloo_net::http::Request::post(&url),
        "DELETE" => gloo_net::http::Request::delete(&url),
        _ => gloo_net::http::Request::get(&url),
    };
    let response = match body {
        Some(b) => builder.header("Content-Type", "application/json").body(b).unwrap().send().await,
        None => builder.send().await,
    }
    .unwrap_or_else(|e| panic!("sandbox admin call {method} {path} failed: {e}"));
    assert!(response.ok(), "sandbox admin call {method} {path}: status {}", response.status());
    json(&response.text().await.unwrap())
}

/// Clears any queued fault and returns the highest request sequence number
/// the sandbox has logged so far (tests count the requests after it).
pub async fn last_seq() -> f64 {
    admin("DELETE", "/__sandbox/faults", None).await;
    let list = js_sys::Array::from(&admin("GET", "/__sandbox/requests", None).await);
    list.iter().filter_map(|r| prop(&r, "seq").as_f64()).fold(0.0, f64::max)
}

/// The `POST /api/v1/tokens` requests logged after `seq`.
pub async fn token_posts_since(seq: f64) -> Vec<JsValue> {
    let list = js_sys::Array::from(&admin("GET", &format!("/__sandbox/requests?since={seq}"), None).await);
    list.iter()
        .filter(|r| s(r, "method").as_deref() == Some("POST") && s(r, "path").as_deref() == Some("/api/v1/tokens"))
        .filter(|r| prop(r, "seq").as_f64().is_some_and(|n| n > seq))
        .collect()
}

async fn fault(spec: &str) {
    admin("DELETE", "/__sandbox/faults", None).await;
    admin("POST", "/__sandbox/faults", Some(spec)).await;
}

pub fn tokenizer(extra: &str) -> Tokenizer {
    let options = json(extra);
    js_sys::Reflect::set(&options, &"publishableKey".into(), &"pk_test_sandbox".into()).unwrap();
    if prop(&options, "apiBase").is_undefined() {
        js_sys::Reflect::set(&options, &"apiBase".into(), &sandbox().into()).unwrap();
    }
    Tokenizer::new(options).expect("valid options")
}

const CARD: &str = r#"{"number": "4111 1111 1111 1111", "expiry": "12 / 29", "verification_value": "123", "name": "  TARO YAMADA "}"#;

async fn create(t: &Tokenizer, card: &str, options: &str) -> Result<JsValue, JsValue> {
    JsFuture::from(t.create_token(json(card), json(options))).await
}

/// Resolves after `ms` (setTimeout).
pub async fn wait_ms(ms: f64) {
    let later = js_sys::Promise::new(&mut |resolve, _| {
        let global = js_sys::global();
        let set_timeout: js_sys::Function = js_sys::Reflect::get(&global, &"setTimeout".into()).unwrap().unchecked_into();
        set_timeout.call2(&global, &resolve, &JsValue::from_f64(ms)).unwrap();
    });
    JsFuture::from(later).await.unwrap();
}

fn error_type(e: &JsValue) -> (String, String) {
    assert!(e.is_instance_of::<js_sys::Error>(), "rejections are Error objects: {e:?}");
    (s(e, "type").unwrap_or_default(), s(e, "code").unwrap_or_default())
}

#[wasm_bindgen_test]
async fn a_valid_card_becomes_a_token_and_only_the_token_comes_back() {
    let seq = last_seq().await;
    let t = tokenizer("{}");
    let token = create(&t, CARD, r#"{"currency": "jpy"}"#).await.expect("a token");
    let id = s(&token, "id").unwrap();
    assert!(id.starts_with("tok_") && id.len() == 29, "{id}");
    assert_eq!(s(&token, "type").as_deref(), Some("credit_card"));
    assert!(s(&token, "createdAt").is_some_and(|c| c.ends_with('Z')));
    assert_eq!(s(&token, "card.brand").as_deref(), Some("visa"));
    assert_eq!(s(&token, "card.komojuBrand").as_deref(), Some("visa"));
    assert_eq!(s(&token, "card.last4").as_deref(), Some("1111"));
    assert_eq!((s(&token, "card.month"), s(&token, "card.year")), (Some("12".into()), Some("2029".into())));
    let text = js_sys::JSON::stringify(&token).unwrap().as_string().unwrap();
    assert!(!text.contains("4111111111111111") && !text.contains("verification_value"), "{text}");

    let posts = token_posts_since(seq).await;
    assert_eq!(posts.len(), 1, "exactly one request");
    let body = prop(&posts[0], "body");
    assert_eq!(s(&body, "currency").as_deref(), Some("JPY"));
    assert_eq!(s(&body, "payment_details.type").as_deref(), Some("credit_card"));
    assert_eq!(s(&body, "payment_details.month").as_deref(), Some("12"));
    assert_eq!(s(&body, "payment_details.year").as_deref(), Some("29"));
    assert_eq!(s(&body, "payment_details.name").as_deref(), Some("TARO YAMADA"));
    assert_eq!(prop(&posts[0], "status").as_f64(), Some(200.0));
}

#[wasm_bindgen_test]
async fn invalid_details_reject_before_any_request() {
    let seq = last_seq().await;
    let t = tokenizer(r#"{"locale": "ja"}"#);
    let card = r#"{"number": "4111111111111112", "expiry": "13/29", "verification_value": "12", "name": "Taro"}"#;
    let e = create(&t, card, "{}").await.unwrap_err();
    assert_eq!(error_type(&e), ("validation_error".into(), "invalid_number".into()));
    assert_eq!(s(&e, "field").as_deref(), Some("number"));
    assert_eq!(s(&e, "message").as_deref(), Some("カード番号が正しくありません。"));
    let codes: Vec<String> = js_sys::Array::from(&prop(&e, "errors")).iter().filter_map(|x| s(&x, "code")).collect();
    assert_eq!(codes, ["invalid_number", "invalid_expiry_month", "incomplete_cvc"]);

    let visa_only = tokenizer(r#"{"brands": ["visa"]}"#);
    let amex = r#"{"number": "378282246310005", "expiry": "12/29", "verification_value": "1234", "name": "A B"}"#;
    let e = create(&visa_only, amex, "{}").await.unwrap_err();
    assert_eq!(error_type(&e), ("validation_error".into(), "unsupported_brand".into()));

    let e = create(&t, CARD, r#"{"currency": "¥"}"#).await.unwrap_err();
    assert_eq!(error_type(&e), ("integration_error".into(), "invalid_currency".into()));
    assert!(token_posts_since(seq).await.is_empty(), "no request was made");
}

#[wasm_bindgen_test]
async fn bad_options_are_refused_before_any_request() {
    let seq = last_seq().await;
    let make = |o: &str| Tokenizer::new(json(o)).err().map(|e| error_type(&e));
    let integration = |code: &str| Some(("integration_error".to_owned(), code.to_owned()));
    assert_eq!(make(r#"{"publishableKey": "sk_test_sandbox"}"#), integration("secret_key_in_browser"));
    assert_eq!(make(r#"{"publishableKey": "sandbox"}"#), integration("invalid_publishable_key"));
    assert_eq!(make(r#"{}"#), integration("invalid_publishable_key"));
    assert_eq!(make(r#"{"publishableKey": "pk_x", "apiBase": "http://komoju.com"}"#), integration("insecure_api_base"));
    assert_eq!(make(r#"{"publishableKey": "pk_x", "timeoutMs": "soon"}"#), integration("invalid_option"));
    assert_eq!(make(r#"{"publishableKey": "pk_x", "brands": ["visa", "bogus"]}"#), integration("invalid_option"));
    assert_eq!(make(r#"{"publishableKey": "pk_x", "apiBase": "http://127.0.0.1:9"}"#), None);
    assert!(Tokenizer::new(JsValue::from_str("pk_x")).is_err());
    assert!(token_posts_since(seq).await.is_empty(), "no request was made");
}

#[wasm_bindgen_test]
async fn an_unknown_key_is_an_authentication_error() {
    let options = json(&format!(r#"{{"publishableKey": "pk_test_wrong", "apiBase": "{}"}}"#, sandbox()));
    let t = Tokenizer::new(options).unwrap();
    let e = create(&t, CARD, "{}").await.unwrap_err();
    assert_eq!(error_type(&e), ("authentication_error".into(), "unauthorized".into()));
    assert_eq!(n(&e, "status"), 401.0);
}

#[wasm_bindgen_test]
async fn a_422_carries_the_server_code_and_field() {
    // The sandbox's clock moves 20 years ahead: a card valid for the page is
    // expired for the server, which answers 422 with the parameter.
    admin("POST", "/__sandbox/reset", None).await;
    admin("POST", "/__sandbox/clock", Some(r#"{"advance_seconds": 631152000}"#)).await;
    let t = tokenizer(r#"{"maxRetries": 3}"#);
    let card = r#"{"number": "4111111111111111", "expiry": "12/2045", "verification_value": "123", "name": "A B"}"#;
    let result = create(&t, card, "{}").await;
    admin("POST", "/__sandbox/reset", None).await;
    let e = result.unwrap_err();
    assert_eq!(s(&e, "type").as_deref(), Some("invalid_request_error"));
    assert_eq!(n(&e, "status"), 422.0);
    assert_eq!(s(&e, "code").as_deref(), Some("invalid_parameter"));
    let field = s(&e, "field").unwrap_or_default();
    assert!(["month", "year", "expiry"].contains(&field.as_str()), "field {field}");
}

#[wasm_bindgen_test]
async fn a_500_then_success_is_retried_into_one_token() {
    let seq = last_seq().await;
    fault(r#"{"count": 1, "status": 500}"#).await;
    let t = tokenizer(r#"{"idempotency": true}"#);
    let token = create(&t, CARD, "{}").await.expect("retried into a token");
    assert!(s(&token, "id").unwrap().starts_with("tok_"));
    let posts = token_posts_since(seq).await;
    let statuses: Vec<f64> = posts.iter().filter_map(|p| prop(p, "status").as_f64()).collect();
    assert_eq!(statuses, [500.0, 200.0]);
    let keys: Vec<Option<String>> = posts.iter().map(|p| s(p, "idempotency_key")).collect();
    assert!(keys[0].is_some() && keys[0] == keys[1], "one idempotency key for every attempt: {keys:?}");
}

#[wasm_bindgen_test]
async fn a_429_honours_retry_after_and_gives_up_with_it() {
    fault(r#"{"count": 1, "status": 429, "retry_after": 1}"#).await;
    let t = tokenizer("{}");
    let started = js_sys::Date::now();
    let token = create(&t, CARD, "{}").await.expect("retried after Retry-After");
    assert!(s(&token, "id").is_some());
    assert!(js_sys::Date::now() - started >= 1000.0, "waited for Retry-After");

    fault(r#"{"count": 1, "status": 429, "retry_after": 7}"#).await;
    let once = tokenizer(r#"{"maxRetries": 0}"#);
    let e = create(&once, CARD, "{}").await.unwrap_err();
    assert_eq!(error_type(&e).0, "rate_limit_error");
    assert_eq!((n(&e, "status"), n(&e, "retryAfter")), (429.0, 7.0));
}

#[wasm_bindgen_test]
async fn a_429_without_retry_after_backs_off_a_second_at_least() {
    // Issue 15: a rate limit is not retried after 125-250 ms.
    fault(r#"{"count": 1, "status": 429}"#).await;
    let t = tokenizer("{}");
    let started = js_sys::Date::now();
    let token = create(&t, CARD, "{}").await.expect("retried after the rate-limit backoff");
    assert!(s(&token, "id").is_some());
    assert!(js_sys::Date::now() - started >= 1000.0, "waited a second at least");
}

#[wasm_bindgen_test]
async fn a_hang_times_out() {
    fault(r#"{"count": 1, "hang": true}"#).await;
    let t = tokenizer(r#"{"timeoutMs": 300, "maxRetries": 0}"#);
    let started = js_sys::Date::now();
    let e = create(&t, CARD, "{}").await.unwrap_err();
    assert_eq!(error_type(&e), ("timeout_error".into(), "timeout".into()));
    assert!(js_sys::Date::now() - started < 5000.0);
}

#[wasm_bindgen_test]
async fn a_malformed_answer_is_an_api_error_and_not_retried() {
    let seq = last_seq().await;
    fault(r#"{"count": 1, "malformed": true}"#).await;
    let t = tokenizer("{}");
    let e = create(&t, CARD, "{}").await.unwrap_err();
    assert_eq!(error_type(&e), ("api_error".into(), "invalid_response".into()));
    assert_eq!(token_posts_since(seq).await.len(), 1);
}

#[wasm_bindgen_test]
async fn network_failures_are_connection_errors() {
    let refused = tokenizer(r#"{"apiBase": "http://127.0.0.1:9", "maxRetries": 1}"#);
    let e = create(&refused, CARD, "{}").await.unwrap_err();
    assert_eq!(error_type(&e), ("api_connection_error".into(), "network_error".into()));

    // Browsers silently resend a request whose reused connection closed with
    // no answer, so every attempt is dropped here.
    fault(r#"{"count": 4, "drop": true}"#).await;
    let t = tokenizer(r#"{"maxRetries": 0}"#);
    let result = create(&t, CARD, "{}").await;
    admin("DELETE", "/__sandbox/faults", None).await;
    assert_eq!(error_type(&result.unwrap_err()).0, "api_connection_error");
}

#[wasm_bindgen_test]
async fn the_callers_signal_aborts() {
    fault(r#"{"count": 1, "delay_ms": 3000}"#).await;
    let t = tokenizer("{}");
    let controller = web_sys::AbortController::new().unwrap();
    let options = json("{}");
    js_sys::Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    let promise = t.create_token(json(CARD), options);
    wait_ms(100.0).await;
    controller.abort();
    let e = JsFuture::from(promise).await.unwrap_err();
    assert_eq!(error_type(&e), ("abort_error".into(), "aborted".into()));
    admin("DELETE", "/__sandbox/faults", None).await;

    // An already-aborted signal sends nothing.
    let seq = last_seq().await;
    let options = json("{}");
    js_sys::Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    let e = JsFuture::from(t.create_token(json(CARD), options)).await.unwrap_err();
    assert_eq!(error_type(&e).0, "abort_error");
    assert!(token_posts_since(seq).await.is_empty());
}

#[wasm_bindgen_test]
async fn a_double_submit_makes_one_request() {
    admin("DELETE", "/__sandbox/faults", None).await;
    let seq = last_seq().await;
    let t = tokenizer("{}");
    let first = t.create_token(json(CARD), JsValue::UNDEFINED);
    let second = t.create_token(json(CARD), JsValue::UNDEFINED);
    assert!(js_sys::Object::is(&first, &second), "the same promise");
    let other = r#"{"number": "5555555555554444", "expiry": "12/29", "verification_value": "123", "name": "A B"}"#;
    let e = JsFuture::from(t.create_token(json(other), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(error_type(&e), ("integration_error".into(), "tokenization_in_progress".into()));
    let a = JsFuture::from(first).await.unwrap();
    let b = JsFuture::from(second).await.unwrap();
    assert_eq!(s(&a, "id"), s(&b, "id"));
    assert_eq!(token_posts_since(seq).await.len(), 1, "one request for a double click");
    // Once settled, the next card goes through.
    assert!(create(&t, other, "{}").await.is_ok());
}

// The Rust async client (`tessera::wasm::client::Tokenizer`, for Rust
// front ends) drives the same exchange and the same JS attempt as the class
// above, but from a Rust loop: its own checks.

fn client(extra: impl FnOnce(&mut tessera::client::Config)) -> tessera::wasm::client::Tokenizer {
    let mut config = tessera::client::Config::new("pk_test_sandbox").unwrap().with_api_base(sandbox()).unwrap();
    extra(&mut config);
    tessera::wasm::client::Tokenizer::new(config)
}

fn raw_card() -> tessera::details::RawDetails {
    tessera::details::RawDetails {
        number: Some("4111 1111 1111 1111".into()),
        expiry: Some("12 / 29".into()),
        verification_value: Some("123".into()),
        name: Some("TARO YAMADA".into()),
        ..Default::default()
    }
}

#[wasm_bindgen_test]
async fn the_rust_client_gets_a_token() {
    let seq = last_seq().await;
    let c = client(|_| {});
    let options = tessera::wasm::client::CreateOptions { currency: Some("jpy".into()), signal: None };
    let token = c.create_token(&raw_card(), &options).await.expect("a token");
    assert!(token.id.starts_with("tok_"), "{}", token.id);
    assert_eq!(token.kind, "credit_card");
    let card = token.card.expect("card facts");
    assert_eq!((card.brand, card.last4.as_str(), card.year.as_str()), ("visa", "1111", "2029"));
    assert!(!c.is_busy());
    let posts = token_posts_since(seq).await;
    assert_eq!(posts.len(), 1);
    assert_eq!(s(&prop(&posts[0], "body"), "currency").as_deref(), Some("JPY"));
}

#[wasm_bindgen_test]
async fn the_rust_client_retries_a_500_with_one_idempotency_key() {
    let seq = last_seq().await;
    fault(r#"{"count": 1, "status": 500}"#).await;
    let c = client(|config| config.idempotency = true);
    let token = c.create_token(&raw_card(), &Default::default()).await.expect("retried into a token");
    assert!(token.id.starts_with("tok_"));
    let posts = token_posts_since(seq).await;
    let statuses: Vec<f64> = posts.iter().filter_map(|p| prop(p, "status").as_f64()).collect();
    assert_eq!(statuses, [500.0, 200.0]);
    let keys: Vec<Option<String>> = posts.iter().map(|p| s(p, "idempotency_key")).collect();
    assert!(keys[0].is_some() && keys[0] == keys[1], "one idempotency key for every attempt: {keys:?}");

    fault(r#"{"count": 1, "status": 401}"#).await;
    let e = client(|_| {}).create_token(&raw_card(), &Default::default()).await.unwrap_err();
    assert_eq!((e.kind.as_str(), e.status), ("authentication_error", Some(401)));
    admin("DELETE", "/__sandbox/faults", None).await;
}

#[wasm_bindgen_test]
async fn the_rust_client_stops_when_aborted() {
    // Aborted while the request is in flight.
    fault(r#"{"count": 1, "delay_ms": 3000}"#).await;
    let c = client(|_| {});
    let controller = web_sys::AbortController::new().unwrap();
    let options = tessera::wasm::client::CreateOptions { currency: None, signal: Some(controller.signal()) };
    let abort_soon = {
        let controller = controller.clone();
        async move {
            wait_ms(100.0).await;
            controller.abort();
        }
    };
    wasm_bindgen_futures::spawn_local(abort_soon);
    let started = js_sys::Date::now();
    let e = c.create_token(&raw_card(), &options).await.unwrap_err();
    assert_eq!((e.kind.as_str(), e.code.as_str()), ("abort_error", "aborted"));
    assert!(js_sys::Date::now() - started < 2500.0, "gave up at the abort");
    assert!(!c.is_busy());
    admin("DELETE", "/__sandbox/faults", None).await;

    // Already aborted: nothing is sent.
    let seq = last_seq().await;
    let e = c.create_token(&raw_card(), &options).await.unwrap_err();
    assert_eq!(e.kind.as_str(), "abort_error");
    assert!(token_posts_since(seq).await.is_empty());
}

#[wasm_bindgen_test]
async fn the_rust_client_shares_a_call_for_the_same_details_as_the_class_does() {
    let seq = last_seq().await;
    fault(r#"{"count": 1, "delay_ms": 300}"#).await;
    let c = client(|_| {});
    let first = std::rc::Rc::new(std::cell::RefCell::new(None));
    {
        let (c, first) = (c.clone(), first.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let token = c.create_token(&raw_card(), &Default::default()).await;
            *first.borrow_mut() = Some(token);
        });
    }
    wait_ms(50.0).await;
    assert!(c.is_busy(), "the first call is in flight");
    let mut other = raw_card();
    other.number = Some("5555 5555 5555 4444".into());
    let e = c.create_token(&other, &Default::default()).await.unwrap_err();
    assert_eq!((e.kind.as_str(), e.code.as_str()), ("integration_error", "tokenization_in_progress"));
    let second = c.create_token(&raw_card(), &Default::default()).await.expect("the shared token");
    let first = first.borrow_mut().take().expect("the first call has finished").expect("a token");
    assert_eq!(first.id, second.id, "one call for both");
    assert!(!c.is_busy());
    assert_eq!(token_posts_since(seq).await.len(), 1, "one request for a double submit");
    admin("DELETE", "/__sandbox/faults", None).await;
}
