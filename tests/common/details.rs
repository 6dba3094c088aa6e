// Every payment type of the tokens API reference, tokenized against the real
// sandbox and checked field by field as the sandbox received it; and
// validateDetails through the JS API. Shared by tests/browser.rs and tests/node.rs.

use super::common::*;
use super::tokenizer::{admin, last_seq, token_posts_since, tokenizer};
use tessera::wasm::validate_details;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// One example per type, as in the reference (seeds/003), and the field
/// names the reference sends for it.
const EXAMPLES: &[(&str, &str)] = &[
    (
        r#"{"type": "credit_card", "email": "test@example.com", "family_name": "Yamada", "given_name": "Taro", "month": "01", "number": "4111111111111111", "verification_value": "123", "year": "2030"}"#,
        "email,month,name,number,type,verification_value,year",
    ),
    (
        r#"{"type": "konbini", "email": "test@example.com", "expiry_days": "3", "phone": "090-1111-2222", "store": "lawson"}"#,
        "email,expiry_days,phone,store,type",
    ),
    (
        r#"{"type": "bank_transfer", "email": "test@example.com", "expiry_days": "14", "family_name": "山田", "family_name_kana": "ヤマダ", "given_name": "太郎", "given_name_kana": "タロウ", "phone": "080-1111-2222"}"#,
        "email,expiry_days,family_name,family_name_kana,given_name,given_name_kana,phone,type",
    ),
    (
        r#"{"type": "pay_easy", "email": "test@example.com", "family_name": "山田", "family_name_kana": "ヤマダ", "given_name": "太郎", "given_name_kana": "タロウ", "phone": "080-1111-2222"}"#,
        "email,family_name,family_name_kana,given_name,given_name_kana,phone,type",
    ),
    (r#"{"type": "web_money", "email": "test@example.com", "prepaid_number": "1111111111111111"}"#, "email,prepaid_number,type"),
    (r#"{"type": "net_cash", "email": "test@example.com", "prepaid_number": "1111111111111111"}"#, "email,prepaid_number,type"),
    (r#"{"type": "bit_cash", "email": "test@example.com", "prepaid_number": "1111111111111111"}"#, "email,prepaid_number,type"),
    (r#"{"type": "nanaco", "email": "test@example.com", "prepaid_number": "1111111111111111"}"#, "email,prepaid_number,type"),
    (r#"{"type": "steam_prepaid_card", "email": "test@example.com", "prepaid_number": "1111111111111111"}"#, "email,prepaid_number,type"),
    (r#"{"type": "culture_voucher", "culture_id": "11111111", "culture_password": "11111111"}"#, "culture_id,culture_password,type"),
    (r#"{"type": "happy_money", "happy_money_id": "11111111", "happy_money_password": "11111111"}"#, "happy_money_id,happy_money_password,type"),
    (r#"{"type": "dospara", "user_no": "12345", "user_password": "password"}"#, "type,user_no,user_password"),
    (r#"{"type": "mobile", "email": "foo@bar.com"}"#, "email,type"),
    (r#"{"type": "cvs", "email": "foo@bar.com"}"#, "email,type"),
    (r#"{"type": "toss", "email": "foo@bar.com"}"#, "email,type"),
    (r#"{"type": "zgold", "email": "foo@bar.com", "return_url": "http://example.com"}"#, "email,return_url,type"),
];

fn sorted_keys(obj: &JsValue) -> String {
    let mut keys: Vec<String> = js_sys::Object::keys(&obj.clone().into()).iter().filter_map(|k| k.as_string()).collect();
    keys.sort();
    keys.join(",")
}

#[wasm_bindgen_test]
async fn every_type_of_the_reference_tokenizes_with_the_reference_field_names() {
    let t = tokenizer("{}");
    for (example, fields) in EXAMPLES {
        let details = json(example);
        let kind = s(&details, "type").unwrap();
        let seq = last_seq().await;
        let token = JsFuture::from(t.create_token(details, json(r#"{"currency": "JPY"}"#)))
            .await
            .unwrap_or_else(|e| panic!("{kind}: {:?}", s(&e, "message")));
        assert!(s(&token, "id").is_some_and(|id| id.starts_with("tok_")), "{kind}");
        assert_eq!(s(&token, "type").as_deref(), Some(kind.as_str()));
        assert_eq!(prop(&token, "card").is_undefined(), kind != "credit_card", "{kind}: card facts only for cards");

        let posts = token_posts_since(seq).await;
        assert_eq!(posts.len(), 1, "{kind}");
        let body = prop(&posts[0], "body");
        assert_eq!(s(&body, "currency").as_deref(), Some("JPY"), "{kind}");
        assert_eq!(sorted_keys(&prop(&body, "payment_details")), *fields, "{kind}: field names as in the reference");
        assert_eq!(prop(&posts[0], "status").as_f64(), Some(200.0), "{kind}");
    }
}

#[wasm_bindgen_test]
async fn details_are_normalised_before_they_are_sent() {
    let t = tokenizer("{}");
    let seq = last_seq().await;
    let konbini = r#"{"type": "konbini", "store": "Lawson", "email": " taro@example.com ", "phone": "０９０ー１１１１ー２２２２"}"#;
    JsFuture::from(t.create_token(json(konbini), JsValue::UNDEFINED)).await.expect("a token");
    let body = prop(&token_posts_since(seq).await[0], "body");
    assert_eq!(s(&body, "payment_details.store").as_deref(), Some("lawson"));
    assert_eq!(s(&body, "payment_details.email").as_deref(), Some("taro@example.com"));
    assert_eq!(s(&body, "payment_details.phone").as_deref(), Some("090-1111-2222"));

    let seq = last_seq().await;
    let bank = r#"{"type": "pay_easy", "email": "a@example.com", "family_name": "山田", "family_name_kana": "やまだ", "given_name": "太郎", "given_name_kana": "ﾀﾛｳ", "phone": "0311112222"}"#;
    JsFuture::from(t.create_token(json(bank), JsValue::UNDEFINED)).await.expect("a token");
    let body = prop(&token_posts_since(seq).await[0], "body");
    assert_eq!(s(&body, "payment_details.family_name_kana").as_deref(), Some("ヤマダ"));
    assert_eq!(s(&body, "payment_details.given_name_kana").as_deref(), Some("タロウ"));
}

#[wasm_bindgen_test]
async fn invalid_details_of_any_type_make_no_request() {
    let t = tokenizer(r#"{"locale": "ja"}"#);
    let seq = last_seq().await;
    for (details, field, code) in [
        (r#"{"type": "konbini", "store": "amazon", "email": "a@example.com"}"#, "store", "invalid_store"),
        (r#"{"type": "konbini", "store": "lawson"}"#, "email", "missing_field"),
        (r#"{"type": "web_money", "email": "a@example.com", "prepaid_number": "1234"}"#, "prepaid_number", "invalid_prepaid_number"),
        (r#"{"type": "zgold", "email": "a@example.com", "return_url": "javascript:alert(1)"}"#, "return_url", "invalid_return_url"),
        (r#"{"type": "cash"}"#, "type", "invalid_type"),
    ] {
        let e = JsFuture::from(t.create_token(json(details), JsValue::UNDEFINED)).await.unwrap_err();
        assert_eq!(s(&e, "type").as_deref(), Some("validation_error"), "{details}");
        assert_eq!((s(&e, "field").as_deref(), s(&e, "code").as_deref()), (Some(field), Some(code)), "{details}");
        assert!(s(&e, "message").is_some_and(|m| !m.is_ascii()), "a Japanese message");
    }
    assert!(token_posts_since(seq).await.is_empty(), "no request was made");
    admin("GET", "/__sandbox/health", None).await;
}

#[wasm_bindgen_test]
fn validate_details_reports_every_field() {
    let r = validate_details(json(r#"{"type": "bank_transfer", "email": "taro@", "phone": "090-1111", "given_name_kana": "Taro"}"#), JsValue::UNDEFINED).unwrap();
    assert!(!b(&r, "isValid"));
    let got: Vec<(String, String)> = js_sys::Array::from(&prop(&r, "errors"))
        .iter()
        .map(|e| (s(&e, "field").unwrap(), s(&e, "code").unwrap()))
        .collect();
    for want in [("given_name", "missing_field"), ("given_name_kana", "invalid_kana"), ("phone", "invalid_phone"), ("email", "invalid_email")] {
        assert!(got.contains(&(want.0.to_owned(), want.1.to_owned())), "{want:?} in {got:?}");
    }
    for (example, _) in EXAMPLES {
        let details = json(example);
        let kind = s(&details, "type").unwrap_or_default();
        let r = validate_details(details, at_nov_2026("{}")).unwrap();
        // The type, not the example: a failure must not print card data.
        assert!(b(&r, "isValid"), "{kind}");
    }
    let card = validate_details(json(r#"{"number": "4111"}"#), JsValue::UNDEFINED).unwrap();
    assert_eq!(s(&js_sys::Array::from(&prop(&card, "errors")).get(0), "code").as_deref(), Some("incomplete_number"));
}
