//! The details model against KOMOJU's token examples (seeds/003), every error
//! code, and the promise that no credential is echoed or printed.

mod errors;
#[cfg(not(target_arch = "wasm32"))]
mod properties;
mod secrets;

use super::*;
use crate::date::YearMonth;
use crate::error::Field;
use serde_json::{json, Value};

pub(super) fn options() -> DetailsOptions<'static> {
    DetailsOptions::new(YearMonth::new(2026, 11).unwrap())
}

pub(super) fn raw(v: Value) -> RawDetails {
    serde_json::from_value(v).unwrap()
}

pub(super) fn codes(v: Value) -> Vec<(&'static str, &'static str)> {
    validate_details(&raw(v), &options())
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect()
}

/// Each non-card request of the API reference, and the token's echoed
/// `payment_details` exactly as the reference prints it.
fn seed_examples() -> Vec<(Value, &'static str)> {
    vec![
        (
            json!({"type": "dospara", "user_no": "12345", "user_password": "password"}),
            r#"{"type":"dospara"}"#,
        ),
        (
            json!({"email": "foo@bar.com", "type": "mobile"}),
            r#"{"type":"mobile","email":"foo@bar.com"}"#,
        ),
        (
            json!({"email": "test@example.com", "prepaid_number": "1111111111111111", "type": "net_cash"}),
            r#"{"type":"net_cash","email":"test@example.com"}"#,
        ),
        (
            json!({"email": "test@example.com", "prepaid_number": "1111111111111111", "type": "web_money"}),
            r#"{"type":"web_money","email":"test@example.com"}"#,
        ),
        (
            json!({"email": "test@example.com", "prepaid_number": "1111111111111111", "type": "bit_cash"}),
            r#"{"type":"bit_cash","email":"test@example.com"}"#,
        ),
        (
            json!({"email": "test@example.com", "family_name": "山田", "family_name_kana": "ヤマダ",
                   "given_name": "太郎", "given_name_kana": "タロウ", "phone": "080-1111-2222",
                   "type": "pay_easy"}),
            r#"{"type":"pay_easy","given_name":"太郎","family_name":"山田","given_name_kana":"タロウ","family_name_kana":"ヤマダ","phone":"080-1111-2222","email":"test@example.com"}"#,
        ),
        (
            json!({"culture_id": "11111111", "culture_password": "11111111", "type": "culture_voucher"}),
            r#"{"type":"culture_voucher"}"#,
        ),
        (
            json!({"email": "foo@bar.com", "return_url": "http://example.com", "type": "zgold"}),
            r#"{"type":"zgold","email":"foo@bar.com"}"#,
        ),
        (
            json!({"email": "foo@bar.com", "type": "toss"}),
            r#"{"type":"toss","email":"foo@bar.com"}"#,
        ),
        (
            json!({"email": "test@example.com", "expiry_days": "3", "phone": "090-1111-2222",
                   "store": "lawson", "type": "konbini"}),
            r#"{"type":"konbini","store":"lawson","email":"test@example.com","phone":"090-1111-2222"}"#,
        ),
        (
            json!({"email": "foo@bar.com", "type": "cvs"}),
            r#"{"type":"cvs","email":"foo@bar.com"}"#,
        ),
        (
            json!({"email": "test@example.com", "prepaid_number": "1111111111111111", "type": "nanaco"}),
            r#"{"type":"nanaco","email":"test@example.com"}"#,
        ),
        (
            json!({"email": "test@example.com", "prepaid_number": "1111111111111111",
                   "type": "steam_prepaid_card"}),
            r#"{"type":"steam_prepaid_card","email":"test@example.com"}"#,
        ),
        (
            json!({"email": "test@example.com", "expiry_days": "14", "family_name": "山田",
                   "family_name_kana": "ヤマダ", "given_name": "太郎", "given_name_kana": "タロウ",
                   "phone": "080-1111-2222", "type": "bank_transfer"}),
            r#"{"type":"bank_transfer","given_name":"太郎","family_name":"山田","given_name_kana":"タロウ","family_name_kana":"ヤマダ","phone":"080-1111-2222","email":"test@example.com"}"#,
        ),
        (
            json!({"happy_money_id": "11111111", "happy_money_password": "11111111", "type": "happy_money"}),
            r#"{"type":"happy_money"}"#,
        ),
    ]
}

#[test]
fn every_seed_example_normalises_to_the_same_wire_fields_and_echo() {
    let examples = seed_examples();
    let mut kinds: Vec<_> = examples.iter().map(|(v, _)| v["type"].clone()).collect();
    kinds.sort_by_key(|v| v.to_string());
    kinds.dedup();
    assert_eq!(kinds.len(), 15, "every non-card type has an example");
    for (request, echo) in examples {
        let details = normalize_details(&raw(request.clone()), &options())
            .unwrap_or_else(|e| panic!("{request}: {e:?}"));
        assert_eq!(details.kind().as_str(), request["type"]);
        assert_eq!(serde_json::to_value(&details).unwrap(), request);
        let wire = serde_json::to_string(&details).unwrap();
        assert!(
            wire.starts_with(&format!(r#"{{"type":{}"#, request["type"])),
            "{wire}"
        );
        assert_eq!(serde_json::to_string(&details.echo()).unwrap(), echo);
        assert!(details.card().is_none());
    }
}

#[test]
fn the_seed_card_example_normalises_and_echoes_as_the_reference_shows() {
    // The reference's card example uses year 2023, so judge it from 2022.
    let opts = DetailsOptions::new(YearMonth::new(2022, 11).unwrap());
    let request = json!({"email": "test@example.com", "family_name": "Yamada", "given_name": "Taro",
        "month": "01", "number": "4111111111111111", "type": "credit_card",
        "verification_value": "123", "year": "2023"});
    let details = normalize_details(&raw(request), &opts).unwrap();
    assert_eq!(details.kind(), PaymentKind::CreditCard);
    assert_eq!(
        serde_json::to_string(&details).unwrap(),
        r#"{"type":"credit_card","number":"4111111111111111","month":"01","year":"23","verification_value":"123","name":"Taro Yamada","email":"test@example.com"}"#
    );
    assert_eq!(
        serde_json::to_string(&details.echo()).unwrap(),
        r#"{"type":"credit_card","given_name":"Taro","family_name":"Yamada","email":"test@example.com"}"#
    );
    let card = details.card().unwrap();
    assert_eq!((card.brand.kind, card.last4.as_str()), ("visa", "1111"));
    assert_eq!(
        details.secret(Field::Number).unwrap().expose(),
        "4111111111111111"
    );
}

#[test]
fn a_missing_or_blank_type_is_a_card() {
    let card = json!({"number": "4111 1111 1111 1111", "expiry": "12/29",
        "verification_value": "123", "name": "TARO YAMADA", "email": " taro@example.com "});
    let details = normalize_details(&raw(card.clone()), &options()).unwrap();
    assert_eq!(details.kind(), PaymentKind::CreditCard);
    assert_eq!(details.get(Field::Email), Some("taro@example.com"));
    assert_eq!(
        serde_json::to_string(&details.echo()).unwrap(),
        r#"{"type":"credit_card","name":"TARO YAMADA","email":"taro@example.com"}"#
    );
    let mut blank = card;
    blank["type"] = json!("  ");
    assert!(normalize_details(&raw(blank), &options()).is_ok());
    assert_eq!(
        codes(json!({})),
        [
            ("number", "incomplete_number"),
            ("expiry", "incomplete_expiry"),
            ("verification_value", "incomplete_cvc"),
            ("name", "invalid_name")
        ]
    );
    assert_eq!(
        codes(
            json!({"type": "credit_card", "number": "4111111111111111", "expiry": "12/29",
            "verification_value": "123", "name": "A B", "email": "nope"})
        ),
        [("email", "invalid_email")]
    );
}

#[test]
fn values_are_normalised_and_other_types_fields_dropped() {
    let details = normalize_details(
        &raw(json!({"type": "pay_easy", "given_name": " 太郎 ", "family_name": "山田",
            "given_name_kana": "ﾀﾛｳ", "family_name_kana": "やまだ", "phone": "０８０ー１１１１ー２２２２",
            "email": "ｔｅｓｔ＠ｅｘａｍｐｌｅ．ｃｏｍ", "store": "lawson", "number": "4111111111111111",
            "expiry_days": "3"})),
        &options(),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_value(&details).unwrap(),
        json!({"type": "pay_easy", "given_name": "太郎", "family_name": "山田",
            "given_name_kana": "タロウ", "family_name_kana": "ヤマダ", "phone": "080-1111-2222",
            "email": "test@example.com"})
    );
    let konbini = normalize_details(
        &raw(json!({"type": "konbini", "store": " Family_Mart ", "email": "a@b.jp", "expiry_days": 7})),
        &options(),
    )
    .unwrap();
    assert_eq!(konbini.get(Field::Store), Some("family-mart"));
    assert_eq!(konbini.get(Field::ExpiryDays), Some("7"));
    assert_eq!(konbini.get(Field::Phone), None);
    let prepaid = normalize_details(
        &raw(json!({"type": "web_money", "prepaid_number": "abcd 1234 efgh 5678", "email": "a@b.jp"})),
        &options(),
    )
    .unwrap();
    assert_eq!(
        prepaid.get(Field::PrepaidNumber),
        None,
        "secrets are not text"
    );
    assert_eq!(
        prepaid.secret(Field::PrepaidNumber).map(|s| s.expose()),
        Some("abcd1234efgh5678")
    );
}
