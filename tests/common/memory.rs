// Nothing is left behind in wasm memory. Any script on the page can read the
// module's whole linear memory (`WebAssembly.Memory.buffer`), so after a
// tokenization (successful, refused by validation, or failed on the network)
// and after validating and formatting as the shopper types, neither the card
// number (as digits, or grouped with spaces) nor the security code may be
// found anywhere in it. Shared by tests/browser.rs and tests/node.rs.
//
// To be sure the test itself puts nothing there: the number and the code are
// made in JavaScript at run time and never brought into Rust (only `JsValue`
// handles cross), the search runs in JavaScript too, and each card is
// re-drawn until a scan *before* the test finds none of it (so a match after
// can only be a leak, not a coincidence). `scanner_and_allocator_*` checks
// that the scan does find a string while Rust holds it, and that the
// allocator's wipe is what makes it disappear.

use super::common::*;
use super::tokenizer::tokenizer;
use tessera::wasm;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen(inline_js = r#"
// How many times `needle` (a JS string, UTF-8 encoded) occurs in `memory`.
export function countIn(memory, needle) {
  const hay = new Uint8Array(memory.buffer);
  const n = new TextEncoder().encode(needle);
  let found = 0;
  for (let i = hay.indexOf(n[0]); i !== -1 && i + n.length <= hay.length; i = hay.indexOf(n[0], i + 1)) {
    let k = 1;
    while (k < n.length && hay[i + k] === n[k]) k++;
    if (k === n.length) found++;
  }
  return found;
}

function digits(n) {
  let s = "";
  for (let i = 0; i < n; i++) s += String(Math.floor(Math.random() * 10));
  return s;
}

// A random, Luhn-valid American Express number (34 or 37, 15 digits).
export function amexNumber() {
  const payload = (Math.random() < 0.5 ? "34" : "37") + digits(12);
  let sum = 0;
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = payload.charCodeAt(i) - 48;
    if (double) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return payload + String((10 - (sum % 10)) % 10);
}

// A random four-digit security code whose first digit is 3-9, so it cannot be
// a year (the token's created_at, the expiry) the test itself brings in.
export function cidCode() {
  return String(3 + Math.floor(Math.random() * 7)) + digits(3);
}

// A random string of hex digits, for the allocator check.
export function marker(length) {
  let s = "";
  while (s.length < length) s += Math.floor(Math.random() * 16).toString(16);
  return s;
}

// An American Express number as shoppers type it: 4-6-5.
export function amexGrouped(n) {
  return n.slice(0, 4) + " " + n.slice(4, 10) + " " + n.slice(10);
}

export function includes(haystack, needle) {
  return haystack.includes(needle);
}

// `s` cut to its first `n` UTF-16 units.
export function cut(s, n) {
  return s.slice(0, n);
}

export function asNumber(s) {
  return Number(s);
}

export function secondHalf(s) {
  return s.slice(s.length / 2);
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = countIn)]
    fn count_in(memory: &JsValue, needle: &JsValue) -> u32;
    #[wasm_bindgen(js_name = amexNumber)]
    fn amex_number() -> JsValue;
    #[wasm_bindgen(js_name = cidCode)]
    fn cid_code() -> JsValue;
    fn marker(length: u32) -> JsValue;
    #[wasm_bindgen(js_name = amexGrouped)]
    fn amex_grouped(number: &JsValue) -> JsValue;
    fn includes(haystack: &JsValue, needle: &JsValue) -> bool;
    fn cut(s: &JsValue, n: u32) -> JsValue;
    #[wasm_bindgen(js_name = secondHalf)]
    fn second_half(s: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = asNumber)]
    fn as_number(s: &JsValue) -> JsValue;
}

fn occurrences(needle: &JsValue) -> u32 {
    count_in(&wasm_bindgen::memory(), needle)
}

/// A card made in JavaScript: the number's digits, the number grouped as
/// typed, and the code. Rust only holds handles to the JS strings.
struct Card {
    number: JsValue,
    grouped: JsValue,
    code: JsValue,
}

impl Card {
    /// A fresh card none of whose forms is anywhere in wasm memory yet.
    fn fresh() -> Card {
        for _ in 0..100 {
            let number = amex_number();
            let card = Card { grouped: amex_grouped(&number), code: cid_code(), number };
            if !includes(&card.number, &card.code) && card.found().is_empty() {
                return card;
            }
        }
        panic!("no card absent from wasm memory after 100 tries");
    }

    /// Which of the card's forms are in wasm memory.
    fn found(&self) -> Vec<&'static str> {
        [(&self.number, "the number"), (&self.grouped, "the grouped number"), (&self.code, "the code")]
            .into_iter()
            .filter(|(needle, _)| occurrences(needle) > 0)
            .map(|(_, what)| what)
            .collect()
    }

    fn assert_gone(&self, after: &str) {
        let found = self.found();
        assert!(found.is_empty(), "after {after}, wasm memory still holds {found:?}");
    }

    /// `{ number: "3782 822463 10005", expiry, verification_value, name }`.
    fn details(&self, expiry: &str) -> JsValue {
        let o = json(&format!(r#"{{"expiry": "{expiry}", "name": "TARO YAMADA"}}"#));
        js_sys::Reflect::set(&o, &"number".into(), &self.grouped).unwrap();
        js_sys::Reflect::set(&o, &"verification_value".into(), &self.code).unwrap();
        o
    }
}

/// An expiry three years ahead of the clock.
fn future_expiry() -> String {
    let year = js_sys::Date::new_0().get_full_year() + 3;
    format!("12 / {:02}", year % 100)
}

#[wasm_bindgen_test]
fn scanner_and_allocator_see_and_wipe_what_rust_holds() {
    let mark = marker(64);
    let tail = second_half(&mark);
    assert_eq!((occurrences(&mark), occurrences(&tail)), (0, 0), "a fresh marker");
    // Brought into Rust (wasm-bindgen copies it into a String), the scan finds it.
    let mut copy = mark.as_string().unwrap();
    assert_eq!(occurrences(&mark), 1, "the scan sees a string Rust holds");
    // Growing moves it (realloc = alloc, copy, dealloc): the old block is
    // wiped, so one copy remains. dlmalloc writes its free-list links into
    // the start of a freed block, so the tail is checked too.
    copy.reserve(1 << 16);
    assert_eq!((occurrences(&mark), occurrences(&tail)), (1, 1), "after growing");
    copy.shrink_to_fit();
    assert_eq!((occurrences(&mark), occurrences(&tail)), (1, 1), "after shrinking");
    drop(copy);
    assert_eq!((occurrences(&mark), occurrences(&tail)), (0, 0), "after freeing");
}

#[wasm_bindgen_test]
async fn a_successful_tokenization_leaves_no_card_data_in_wasm_memory() {
    let card = Card::fresh();
    let t = tokenizer("{}");
    let token = JsFuture::from(t.create_token(card.details(&future_expiry()), json(r#"{"currency": "JPY"}"#)))
        .await
        .unwrap_or_else(|e| panic!("a token: {:?}", s(&e, "message")));
    assert!(s(&token, "id").is_some_and(|id| id.starts_with("tok_")));
    assert_eq!(s(&token, "card.brand").as_deref(), Some("american-express"));
    drop(t);
    card.assert_gone("a successful tokenization");
}

#[wasm_bindgen_test]
async fn a_secure_token_and_a_session_pay_leave_no_card_data_in_wasm_memory() {
    let card = Card::fresh();
    let t = tokenizer("{}");
    // Redirect mode: no same-origin check, so Node runs it too; the card is
    // frictionless (any valid card other than the 3-D Secure test cards).
    let order = json(&format!(
        r#"{{"amount": 1500, "currency": "JPY", "returnUrl": "{}", "challenge": {{"mode": "redirect"}}}}"#,
        super::common::return_url()
    ));
    let token = JsFuture::from(t.create_secure_token(card.details(&future_expiry()), order))
        .await
        .unwrap_or_else(|e| panic!("a secure token: {:?}", s(&e, "message")));
    assert_eq!(s(&token, "verificationStatus").as_deref(), Some("OK"));
    // A pay to a Session that does not exist: the card went out, a 404 came back.
    let e = JsFuture::from(t.pay_session("nosuchsession".into(), card.details(&future_expiry()), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(s(&e, "type").as_deref(), Some("invalid_request_error"));
    drop(t);
    card.assert_gone("a secure token and a session pay");
}

#[wasm_bindgen_test]
async fn a_validation_failure_leaves_no_card_data_in_wasm_memory() {
    let card = Card::fresh();
    let t = tokenizer("{}");
    let e = JsFuture::from(t.create_token(card.details("10 / 20"), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(s(&e, "code").as_deref(), Some("expired_card"));
    // validateCard and validateDetails read the same card.
    let r = wasm::validate_card(card.details("10 / 20"), JsValue::UNDEFINED).unwrap();
    assert!(!b(&r, "isValid"));
    let r = wasm::validate_details(card.details(&future_expiry()), JsValue::UNDEFINED).unwrap();
    assert!(b(&r, "isValid"));
    drop(t);
    card.assert_gone("a validation failure");
}

#[wasm_bindgen_test]
async fn a_network_failure_leaves_no_card_data_in_wasm_memory() {
    let card = Card::fresh();
    let t = tokenizer(r#"{"apiBase": "http://127.0.0.1:9", "maxRetries": 0}"#);
    let e = JsFuture::from(t.create_token(card.details(&future_expiry()), JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(s(&e, "type").as_deref(), Some("api_connection_error"));
    drop(t);
    card.assert_gone("a network failure");
}

#[wasm_bindgen_test]
fn validating_and_formatting_as_the_shopper_types_leaves_no_card_data_in_wasm_memory() {
    let card = Card::fresh();
    // Every keystroke of the grouped number, then of the code, as an input
    // handler would call the API with `input.value` and `selectionStart`.
    let typed = js_sys::JsString::from(card.grouped.clone()).length();
    for i in 1..=typed {
        let value = cut(&card.grouped, i);
        let r = wasm::validate_card_number(value.clone(), JsValue::UNDEFINED).unwrap();
        assert!(b(&r, "isPotentiallyValid"));
        wasm::card_brands(value.clone());
        wasm::format_card_number(value.clone(), Some(f64::from(i)));
        let r = wasm::card_number_input(value, Some(f64::from(i)), JsValue::from_str("insertText"), JsValue::UNDEFINED).unwrap();
        assert!(b(&r, "isPotentiallyValid"));
    }
    // Deleting across a space, as a Backspace after it does.
    let joined = wasm::card_number_input(card.number.clone(), Some(4.0), JsValue::from_str("deleteContentBackward"), JsValue::UNDEFINED).unwrap();
    assert!(b(&joined, "isPotentiallyValid"));
    let r = wasm::validate_card_number(card.number.clone(), JsValue::UNDEFINED).unwrap();
    assert!(b(&r, "isValid"));
    for i in 1..=4 {
        let r = wasm::validate_cvc(cut(&card.code, i), JsValue::from_str("american-express"));
        assert_eq!(b(&r, "isValid"), i == 4);
        let r = wasm::cvc_input(cut(&card.code, i), Some(f64::from(i)), JsValue::from_str("american-express"));
        assert_eq!(b(&r, "isValid"), i == 4);
    }
    card.assert_gone("validating and formatting");
}

#[wasm_bindgen_test]
async fn card_data_given_as_js_numbers_leaves_nothing_in_wasm_memory() {
    // A page may pass `Number(input.value)`: the binding writes the number's
    // digits out itself.
    let card = Card::fresh();
    let (number, code) = (as_number(&card.number), as_number(&card.code));
    let r = wasm::validate_card_number(number.clone(), JsValue::UNDEFINED).unwrap();
    assert!(b(&r, "isValid"));
    wasm::format_card_number(number.clone(), None);
    wasm::card_brands(number.clone());
    assert!(b(&wasm::validate_cvc(code.clone(), JsValue::from_str("american-express")), "isValid"));
    let details = card.details(&future_expiry());
    js_sys::Reflect::set(&details, &"number".into(), &number).unwrap();
    js_sys::Reflect::set(&details, &"verification_value".into(), &code).unwrap();
    let r = wasm::validate_card(details.clone(), JsValue::UNDEFINED).unwrap();
    assert!(b(&r, "isValid"), "{:?}", errors(&r));
    let t = tokenizer("{}");
    let token = JsFuture::from(t.create_token(details, JsValue::UNDEFINED)).await;
    assert!(token.is_ok(), "a token");
    drop(t);
    card.assert_gone("validating and tokenizing a card given as JS numbers");
}

fn errors(r: &JsValue) -> Option<String> {
    js_sys::JSON::stringify(&prop(r, "errors")).ok().and_then(|v| v.as_string())
}
