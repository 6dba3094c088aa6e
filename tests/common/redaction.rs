// Redaction on the JS side: `Prepared`'s `Debug` (which holds the request
// body as a `JsValue`), and the `TesseraError`s a page sees (message, stack,
// JSON) when card data is in the wrong place or of the wrong type. The
// native counterpart is tests/redaction.rs. Shared by tests/browser.rs and
// tests/node.rs.

use super::common::*;
use super::tokenizer::tokenizer;
use tessera::client::prepare;
use tessera::client::Config;
use tessera::date::YearMonth;
use tessera::details::RawDetails;
use tessera::wasm;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const NUMBER: &str = "4111111111111111";
const CODE: &str = "987";

/// Everything a page could log of a `TesseraError`: `String(error)` (its
/// message), its JSON (with its `errors`), and its stack.
fn shown(error: &JsValue) -> (String, String) {
    let json = |v: &JsValue| js_sys::JSON::stringify(v).ok().and_then(|v| v.as_string()).unwrap_or_default();
    let text = js_sys::Error::from(error.clone()).to_string().as_string().unwrap_or_default();
    let stack = s(error, "stack").unwrap_or_default();
    (format!("{text}\n{}\n{}", json(error), json(&prop(error, "errors"))), stack)
}

/// Neither the number nor the code in what a page logs. (A stack is only
/// checked for the number: its wasm function indexes and offsets are digits
/// that a three-digit code can match by chance.)
fn assert_clean((text, stack): (String, String)) {
    for shown in [&text, &stack] {
        assert!(!shown.contains(NUMBER) && !shown.contains("4111 1111 1111 1111"), "the number in {shown}");
    }
    assert!(!text.contains(CODE), "the code in {text}");
}

#[wasm_bindgen_test]
fn a_prepared_requests_debug_never_shows_its_body() {
    let raw = RawDetails {
        number: Some(NUMBER.into()),
        expiry: Some("12 / 29".into()),
        verification_value: Some(CODE.into()),
        name: Some("TARO YAMADA".into()),
        ..Default::default()
    };
    let config = Config::new("pk_test_sandbox").unwrap();
    let prepared = prepare(&config, &raw, Some("JPY"), YearMonth::new(2026, 11).unwrap()).unwrap();
    let body = prepared.body.as_str();
    assert!(body.contains(NUMBER), "the body itself carries the card");
    let debug = format!("{prepared:?}");
    assert_clean((debug.clone(), String::new()));
    assert!(debug.contains("<redacted>") && debug.contains("1111"), "{debug}");
}

#[wasm_bindgen_test]
fn errors_about_misplaced_card_data_never_show_it() {
    // A card number as a JS number in a text field: the message names the
    // field and never quotes the value.
    for details in [
        format!(r#"{{"number": "{NUMBER}", "name": {NUMBER}, "verification_value": "{CODE}", "expiry": "12/29"}}"#),
        format!(r#"{{"number": "{NUMBER}", "email": {NUMBER}, "verification_value": "{CODE}", "expiry": "12/29"}}"#),
    ] {
        let e = wasm::validate_card(json(&details), JsValue::UNDEFINED).unwrap_err();
        assert_eq!(s(&e, "code").as_deref(), Some("invalid_argument"));
        let message = s(&e, "message").unwrap_or_default();
        assert!(message.contains("must be a string") && !message.contains("1111"), "{message}");
        assert_clean(shown(&e));
        let e = wasm::validate_details(json(&details), JsValue::UNDEFINED).unwrap_err();
        assert_clean(shown(&e));
    }
}

#[wasm_bindgen_test]
async fn validation_errors_of_create_token_never_show_the_card() {
    let t = tokenizer("{}");
    // The number typed into the name field, an expired card, a wrong code.
    for details in [
        format!(r#"{{"number": "{NUMBER}", "name": "{NUMBER}", "verification_value": "{CODE}", "expiry": "12/29"}}"#),
        format!(r#"{{"number": "4111 1111 1111 1111", "name": "A B", "verification_value": "{CODE}", "expiry": "10/20"}}"#),
        format!(r#"{{"number": "{NUMBER}", "name": "A B", "verification_value": "{CODE}0", "expiry": "12/29"}}"#),
    ] {
        let e = JsFuture::from(t.create_token(json(&details), JsValue::UNDEFINED)).await.unwrap_err();
        assert_eq!(s(&e, "type").as_deref(), Some("validation_error"), "{details}");
        assert_clean(shown(&e));
    }
}
