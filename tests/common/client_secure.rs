// 3-D Secure in the Rust async client (`tessera::wasm::client::Tokenizer`),
// against the real sandbox: the same cases as secure.rs for the JS class,
// with the challenge shown by the test's own `show` (which answers the
// sandbox issuer's form over HTTP, as the shopper's browser would post it)
// or, in a browser, in Tessera's dialog. Shared by tests/browser.rs and
// tests/node.rs.

use super::common::*;
use super::secure::{answer_challenge, in_a_page, requests_since, session};
use super::tokenizer::{admin, last_seq, sandbox, wait_ms};
use std::cell::RefCell;
use std::rc::Rc;
use tessera::client::{Config, TokenizeError};
use tessera::details::RawDetails;
use tessera::wasm::client::{
    Challenge, ChallengeOptions, ChallengeRequest, PayOptions, SecureTokenOrder, Tokenizer, Verification,
};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// A return URL of another origin than the test page's: a custom `show`
/// reads the return itself, so any origin goes (nothing listens there).
const ELSEWHERE: &str = "http://127.0.0.1:9/back";

fn client() -> Tokenizer {
    Tokenizer::new(Config::new("pk_test_sandbox").unwrap().with_api_base(sandbox()).unwrap())
}

fn card(number: &str) -> RawDetails {
    RawDetails {
        number: Some(number.into()),
        expiry: Some("12 / 29".into()),
        verification_value: Some("123".into()),
        name: Some("TARO YAMADA".into()),
        ..Default::default()
    }
}

fn order(return_url: &str) -> SecureTokenOrder {
    SecureTokenOrder { amount: 1500, currency: "JPY".into(), return_url: return_url.into() }
}

/// What the test's `show` was given, call by call.
type Seen = Rc<RefCell<Vec<(String, String)>>>;

/// A `show` that records its request, answers the issuer's form with
/// `password` `times` times, then does what `then` says.
#[derive(Clone, Copy)]
enum Then {
    /// Resolve: the shopper is done.
    Resolve,
    /// Wait until Tessera aborts the request's signal (a read said the
    /// challenge is over), then resolve.
    AwaitSignal,
    /// The shopper closed the caller's UI.
    Cancel,
}

fn show(seen: &Seen, times: usize, then: Then) -> ChallengeOptions {
    let seen = seen.clone();
    let challenge = Challenge::custom(move |request: ChallengeRequest| {
        seen.borrow_mut().push((request.url.clone(), request.return_url.clone()));
        async move {
            for _ in 0..times {
                answer_challenge(&request.url, Some("123456")).await;
            }
            match then {
                Then::Resolve => Ok(()),
                Then::AwaitSignal => {
                    aborted(&request.signal).await;
                    Ok(())
                }
                Then::Cancel => Err(request.cancelled()),
            }
        }
    });
    ChallengeOptions { challenge, signal: None }
}

/// Resolves when `signal` aborts.
async fn aborted(signal: &web_sys::AbortSignal) {
    if signal.aborted() {
        return;
    }
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        signal.add_event_listener_with_callback("abort", &resolve).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

fn kind(e: &TokenizeError) -> (&str, &str) {
    (e.kind.as_str(), e.code())
}

#[wasm_bindgen_test]
async fn the_rust_client_gets_a_frictionless_secure_token_with_one_request_and_no_show() {
    let seq = last_seq().await;
    let seen = Seen::default();
    let token = client()
        .create_secure_token(&card("4100 0000 0000 0100"), &order(ELSEWHERE), &show(&seen, 1, Then::Resolve))
        .await
        .expect("an OK secure token");
    assert!(token.id.starts_with("stok_"), "{}", token.id);
    assert_eq!(token.status, Verification::Ok);
    let facts = token.card.expect("card facts");
    assert_eq!((facts.brand, facts.last4.as_str()), ("visa", "0100"));
    assert!(seen.borrow().is_empty(), "no challenge for a frictionless card");
    let posts = requests_since(seq, "POST", "/api/v1/secure_tokens").await;
    assert_eq!(posts.len(), 1, "exactly one request");
    let body = prop(&posts[0], "body");
    assert_eq!(prop(&body, "amount").as_f64(), Some(1500.0));
    assert_eq!(s(&body, "return_url").as_deref(), Some(ELSEWHERE));
    assert!(requests_since(seq, "GET", "/api/v1/secure_tokens").await.is_empty());
}

#[wasm_bindgen_test]
async fn the_rust_client_has_the_caller_show_the_challenge_then_reads_the_token() {
    let seq = last_seq().await;
    let seen = Seen::default();
    let c = client();
    let token = c
        .create_secure_token(&card("4100000000005000"), &order(ELSEWHERE), &show(&seen, 1, Then::Resolve))
        .await
        .expect("an OK secure token");
    assert_eq!(token.status, Verification::Ok);
    assert_eq!(token.card.expect("card facts").last4, "5000");
    {
        let seen = seen.borrow();
        assert_eq!(seen.len(), 1, "show was called once");
        assert!(seen[0].0.contains("/challenge"), "the issuer's page: {}", seen[0].0);
        assert!(!seen[0].0.contains("4100000000005000"));
        assert_eq!(seen[0].1, ELSEWHERE, "the order's return URL");
    }
    assert!(!c.is_busy());
    let reads = requests_since(seq, "GET", &format!("/api/v1/secure_tokens/{}", token.id)).await;
    assert!(!reads.is_empty(), "Tessera read the token itself");

    // A show that never ends by itself: a read says the challenge is over,
    // its signal aborts, and the call goes on.
    let seen = Seen::default();
    let started = js_sys::Date::now();
    let token = c
        .create_secure_token(&card("4100000000005000"), &order(ELSEWHERE), &show(&seen, 1, Then::AwaitSignal))
        .await
        .expect("an OK secure token");
    assert_eq!(token.status, Verification::Ok);
    assert_eq!(seen.borrow().len(), 1);
    assert!(js_sys::Date::now() - started >= 2900.0, "found by the read every 3 seconds");
}

#[wasm_bindgen_test]
async fn the_rust_client_fails_a_cancelled_or_failed_challenge() {
    let seen = Seen::default();
    let c = client();
    let e = c
        .create_secure_token(&card("4100000000005000"), &order(ELSEWHERE), &show(&seen, 0, Then::Cancel))
        .await
        .unwrap_err();
    assert_eq!(kind(&e), ("abort_error", "three_d_secure_cancelled"));
    assert_eq!(seen.borrow().len(), 1);

    // Any other error of the caller's show is the call's, as a TesseraError
    // rejection of a JS show is.
    let refused = Challenge::custom(|_| async { Err(TokenizeError::client(tessera::error::ClientCode::Timeout, Default::default())) });
    let e = c
        .create_secure_token(&card("4100000000005000"), &order(ELSEWHERE), &ChallengeOptions { challenge: refused, signal: None })
        .await
        .unwrap_err();
    assert_eq!(kind(&e), ("timeout_error", "timeout"));

    // The failing card: three wrong tries (whatever is typed) → ERRORED.
    let e = c
        .create_secure_token(&card("4100000000500000"), &order(ELSEWHERE), &show(&seen, 3, Then::Resolve))
        .await
        .unwrap_err();
    assert_eq!(kind(&e), ("card_error", "three_d_secure_failed"));
    assert!(!e.message.contains("4100000000500000"));
    assert!(!c.is_busy());
}

#[wasm_bindgen_test]
async fn the_rust_client_stops_a_challenge_when_aborted() {
    let controller = web_sys::AbortController::new().unwrap();
    let shown: Rc<RefCell<Option<web_sys::AbortSignal>>> = Rc::default();
    let record = shown.clone();
    let abort = controller.clone();
    let challenge = Challenge::custom(move |request: ChallengeRequest| {
        *record.borrow_mut() = Some(request.signal.clone());
        let abort = abort.clone();
        async move {
            // The caller aborts the call while the challenge shows.
            abort.abort();
            aborted(&request.signal).await;
            Err(request.cancelled())
        }
    });
    let options = ChallengeOptions { challenge, signal: Some(controller.signal()) };
    let c = client();
    let e = c.create_secure_token(&card("4100000000005000"), &order(ELSEWHERE), &options).await.unwrap_err();
    assert_eq!(kind(&e), ("abort_error", "aborted"), "reported by the next attempt, as in the JS");
    assert!(shown.borrow().as_ref().is_some_and(|s| s.aborted()), "the show's signal aborted too");
    assert!(!c.is_busy());
}

#[wasm_bindgen_test]
async fn the_rust_client_sends_nothing_for_an_invalid_card_or_order() {
    let seq = last_seq().await;
    let seen = Seen::default();
    let c = client();
    let e = c
        .create_secure_token(&card("4100000000000101"), &order(ELSEWHERE), &show(&seen, 1, Then::Resolve))
        .await
        .unwrap_err();
    assert_eq!(kind(&e), ("validation_error", "invalid_number"));
    assert_eq!(e.field.as_deref(), Some("number"));
    let mut zero = order(ELSEWHERE);
    zero.amount = 0;
    let e = c.create_secure_token(&card("4100000000000100"), &zero, &show(&seen, 1, Then::Resolve)).await.unwrap_err();
    assert_eq!(kind(&e), ("integration_error", "invalid_option"));
    // Tessera's dialog needs a return URL of this page's origin (and a page).
    let e = c
        .create_secure_token(&card("4100000000000100"), &order(ELSEWHERE), &ChallengeOptions::default())
        .await
        .unwrap_err();
    assert_eq!(kind(&e), ("integration_error", "invalid_option"));
    let e = c
        .pay_session("abc", &card("4111111111111112"), &PayOptions::default(), &show(&seen, 1, Then::Resolve))
        .await
        .unwrap_err();
    assert_eq!(kind(&e), ("validation_error", "invalid_number"));
    let bad_fraud = PayOptions { fraud_details: Some(Default::default()), ..Default::default() };
    let e = c.pay_session("abc", &card("4111111111111111"), &bad_fraud, &show(&seen, 1, Then::Resolve)).await.unwrap_err();
    assert_eq!(kind(&e), ("integration_error", "invalid_option"));
    assert!(seen.borrow().is_empty());
    assert!(requests_since(seq, "POST", "/api/v1/").await.is_empty(), "no request was made");
}

#[wasm_bindgen_test]
async fn the_rust_client_pays_a_session() {
    let seen = Seen::default();
    let c = client();
    let id = session().await;
    let seq = last_seq().await;
    let result = c
        .pay_session(&id, &card("4100000000000100"), &PayOptions::default(), &show(&seen, 1, Then::Resolve))
        .await
        .expect("paid");
    assert_eq!((result.session_id.as_str(), result.status.as_str()), (id.as_str(), "completed"));
    let payment = result.payment.expect("the payment");
    assert_eq!(payment.status, "captured");
    assert_eq!(payment.card.map(|(_, last4)| last4).as_deref(), Some("0100"));
    assert!(seen.borrow().is_empty(), "no challenge for a frictionless card");
    let posts = requests_since(seq, "POST", &format!("/api/v1/sessions/{id}/pay")).await;
    assert_eq!(posts.len(), 1);
    assert!(s(&posts[0], "idempotency_key").is_some(), "a pay carries an idempotency key by default");

    // The challenge card: shown by the caller, then the Session is read.
    let id = session().await;
    let result = c
        .pay_session(&id, &card("4100000000005000"), &PayOptions::default(), &show(&seen, 1, Then::Resolve))
        .await
        .expect("paid after the challenge");
    assert_eq!(result.status, "completed");
    assert_eq!(seen.borrow().len(), 1);
    assert!(seen.borrow()[0].0.contains("/challenge"), "{}", seen.borrow()[0].0);
}

#[wasm_bindgen_test]
async fn the_rust_client_fails_a_declined_pay_with_its_decline_code() {
    let seen = Seen::default();
    let c = client();
    let id = session().await;
    let e = c
        .pay_session(&id, &card("4123111111111000"), &PayOptions::default(), &show(&seen, 1, Then::Resolve))
        .await
        .unwrap_err();
    assert_eq!(kind(&e), ("card_error", "card_declined"));
    assert_eq!(e.decline_code.as_deref(), Some("insufficient_funds"));
    assert_eq!(e.status, Some(402));
    // The Session may be paid again.
    let result = c
        .pay_session(&id, &card("4111111111111111"), &PayOptions::default(), &show(&seen, 1, Then::Resolve))
        .await
        .expect("another card pays");
    assert_eq!(result.status, "completed");
}

#[wasm_bindgen_test]
async fn the_rust_client_shares_a_secure_token_call_for_the_same_card() {
    let seq = last_seq().await;
    admin("POST", "/__sandbox/faults", Some(r#"{"count": 1, "delay_ms": 300}"#)).await;
    let seen = Seen::default();
    let c = client();
    let first = Rc::new(RefCell::new(None));
    {
        let (c, first, options) = (c.clone(), first.clone(), show(&seen, 1, Then::Resolve));
        wasm_bindgen_futures::spawn_local(async move {
            let token = c.create_secure_token(&card("4100000000000100"), &order(ELSEWHERE), &options).await;
            *first.borrow_mut() = Some(token);
        });
    }
    wait_ms(50.0).await;
    assert!(c.is_busy());
    let e = c
        .create_secure_token(&card("5555555555554444"), &order(ELSEWHERE), &show(&seen, 1, Then::Resolve))
        .await
        .unwrap_err();
    assert_eq!(kind(&e), ("integration_error", "tokenization_in_progress"));
    let second = c
        .create_secure_token(&card("4100000000000100"), &order(ELSEWHERE), &show(&seen, 1, Then::Resolve))
        .await
        .expect("the shared token");
    let first = first.borrow_mut().take().expect("the first call has finished").expect("a token");
    assert_eq!(first.id, second.id, "one call for both");
    assert_eq!(requests_since(seq, "POST", "/api/v1/secure_tokens").await.len(), 1);
    admin("DELETE", "/__sandbox/faults", None).await;
}

/// Tessera's own dialog (browsers only: Node has no page, and the dialog
/// is refused there before any request, as checked above): the issuer's
/// page shows in its frame; answered over HTTP, the read every 3 seconds
/// finds the token finished and the dialog closes.
#[wasm_bindgen_test]
async fn the_rust_client_shows_the_challenge_in_tesseras_dialog() {
    if !in_a_page() {
        return;
    }
    let c = client();
    let (done, result) = (Rc::new(RefCell::new(false)), Rc::new(RefCell::new(None)));
    {
        let (c, done, result) = (c.clone(), done.clone(), result.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let options = ChallengeOptions::default();
            let token = c.create_secure_token(&card("4100000000005000"), &order(&return_url()), &options).await;
            *result.borrow_mut() = Some(token);
            *done.borrow_mut() = true;
        });
    }
    let frame_src = "document.querySelector('dialog.tessera-challenge iframe')?.src ?? ''";
    let mut url = String::new();
    for _ in 0..100 {
        url = js_sys::eval(frame_src).unwrap().as_string().unwrap_or_default();
        if !url.is_empty() {
            break;
        }
        wait_ms(50.0).await;
    }
    assert!(url.contains("/challenge"), "the dialog shows the issuer's page: {url:?}");
    answer_challenge(&url, Some("123456")).await;
    for _ in 0..200 {
        if *done.borrow() {
            break;
        }
        wait_ms(50.0).await;
    }
    let token = result.borrow_mut().take().expect("finished").expect("an OK secure token");
    assert_eq!(token.status, Verification::Ok);
    let dialogs = js_sys::eval("document.querySelectorAll('dialog').length").unwrap();
    assert_eq!(dialogs.as_f64(), Some(0.0), "the dialog is gone");
}
