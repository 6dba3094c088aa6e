//! Every error code, its order, its messages, and the inline field check.

use super::*;
use crate::card::CardOptions;
use crate::date::YearMonth;
use crate::details::*;
use crate::error::{ErrorCode, Field};
use crate::i18n::Locale;
use serde_json::json;

#[test]
fn type_errors_come_alone() {
    assert_eq!(
        codes(json!({"type": "paypal", "email": "x"})),
        [("type", "invalid_type")]
    );
    assert_eq!(codes(json!({"type": 7})), [("type", "invalid_type")]);
    assert_eq!(
        codes(json!({"type": " KONBINI ", "store": "lawson", "email": "a@b.jp"})),
        []
    );
    let accepted = [PaymentKind::CreditCard, PaymentKind::Konbini];
    let opts = DetailsOptions {
        accepted_types: Some(&accepted),
        ..options()
    };
    let toss = raw(json!({"type": "toss", "email": "foo@bar.com"}));
    assert_eq!(
        validate_details(&toss, &opts),
        [crate::FieldError::new(
            Field::Type,
            ErrorCode::UnsupportedType
        )]
    );
    let konbini = raw(json!({"type": "konbini", "store": "lawson", "email": "a@b.jp"}));
    assert!(validate_details(&konbini, &opts).is_empty());
}

#[test]
fn every_missing_required_field_is_reported_in_table_order() {
    assert_eq!(
        codes(json!({"type": "bank_transfer", "expiry_days": ""})),
        [
            ("given_name", "missing_field"),
            ("family_name", "missing_field"),
            ("given_name_kana", "missing_field"),
            ("family_name_kana", "missing_field"),
            ("phone", "missing_field"),
            ("email", "missing_field"),
        ]
    );
    for kind in PaymentKind::ALL
        .into_iter()
        .filter(|k| *k != PaymentKind::CreditCard)
    {
        let got: Vec<_> = validate_details(&raw(json!({"type": kind.as_str()})), &options())
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(got, kind.required_fields().collect::<Vec<_>>(), "{kind}");
    }
    // Blank and whitespace-only count as missing, passwords included.
    assert_eq!(
        codes(json!({"type": "dospara", "user_no": " ", "user_password": "\u{3000}"})),
        [
            ("user_no", "missing_field"),
            ("user_password", "missing_field")
        ]
    );
}

#[test]
fn each_field_error_code() {
    let bank = |field: &str, value: &str| {
        let mut v = json!({"type": "bank_transfer", "given_name": "太郎", "family_name": "山田",
            "given_name_kana": "タロウ", "family_name_kana": "ヤマダ",
            "phone": "080-1111-2222", "email": "test@example.com"});
        v[field] = json!(value);
        codes(v)
    };
    assert_eq!(bank("email", "test@example"), [("email", "invalid_email")]);
    assert_eq!(bank("phone", "080-1111-222"), [("phone", "invalid_phone")]);
    assert_eq!(
        bank("given_name_kana", "Taro"),
        [("given_name_kana", "invalid_kana")]
    );
    assert_eq!(
        bank("family_name_kana", "山田"),
        [("family_name_kana", "invalid_kana")]
    );
    assert_eq!(
        bank("given_name", "0801111"),
        [("given_name", "invalid_name")]
    );
    assert_eq!(
        bank("expiry_days", "61"),
        [("expiry_days", "invalid_expiry_days")]
    );
    assert_eq!(bank("expiry_days", "60"), []);
    assert_eq!(
        codes(
            json!({"type": "konbini", "store": "circle-k", "email": "a@b.jp", "phone": "1",
            "expiry_days": "0"})
        ),
        [
            ("store", "invalid_store"),
            ("phone", "invalid_phone"),
            ("expiry_days", "invalid_expiry_days")
        ]
    );
    assert_eq!(
        codes(json!({"type": "nanaco", "prepaid_number": "1111", "email": "a@b.jp"})),
        [("prepaid_number", "invalid_prepaid_number")]
    );
    assert_eq!(
        codes(
            json!({"type": "happy_money", "happy_money_id": "1".repeat(65),
            "happy_money_password": "pw"})
        ),
        [("happy_money_id", "invalid_credential")]
    );
    assert_eq!(
        codes(json!({"type": "zgold", "email": "foo@bar.com", "return_url": "example.com"})),
        [("return_url", "invalid_return_url")]
    );
}

#[test]
fn messages_exist_in_both_languages() {
    for code in ErrorCode::ALL {
        for locale in [Locale::En, Locale::Ja] {
            assert!(!code.message(locale).is_empty(), "{code}");
        }
        assert_ne!(code.message(Locale::En), code.message(Locale::Ja), "{code}");
    }
    let mut en: Vec<_> = ErrorCode::ALL
        .iter()
        .map(|c| c.message(Locale::En))
        .collect();
    en.sort_unstable();
    en.dedup();
    assert_eq!(
        en.len(),
        ErrorCode::ALL.len(),
        "every code has its own message"
    );
    let e = crate::FieldError::new(Field::GivenName, ErrorCode::InvalidName);
    assert_eq!(e.message(Locale::En), "Enter your name.");
    let card = crate::FieldError::new(Field::Name, ErrorCode::InvalidName);
    assert_eq!(
        card.message(Locale::En),
        "Enter the name as it appears on the card."
    );
}

#[test]
fn single_fields_can_be_checked_inline() {
    let o = options();
    assert_eq!(
        check_field(PaymentKind::Konbini, Field::Email, "  ", &o),
        Some(ErrorCode::MissingField)
    );
    assert_eq!(
        check_field(PaymentKind::Konbini, Field::Phone, "", &o),
        None
    );
    assert_eq!(
        check_field(PaymentKind::Konbini, Field::Phone, "12", &o),
        Some(ErrorCode::InvalidPhone)
    );
    assert_eq!(
        check_field(PaymentKind::Konbini, Field::Store, "lawson", &o),
        None
    );
    assert_eq!(
        check_field(PaymentKind::Toss, Field::Store, "nope", &o),
        None,
        "not a toss field"
    );
    assert_eq!(
        check_field(
            PaymentKind::CreditCard,
            Field::Number,
            "4111111111111112",
            &o
        ),
        Some(ErrorCode::InvalidNumber)
    );
    assert_eq!(
        check_field(PaymentKind::CreditCard, Field::Expiry, "10/26", &o),
        Some(ErrorCode::ExpiredCard)
    );
    assert_eq!(
        check_field(PaymentKind::CreditCard, Field::Email, "", &o),
        None
    );
    assert_eq!(
        check_field(PaymentKind::CreditCard, Field::GivenName, " ", &o),
        None
    );
    assert_eq!(
        check_field(PaymentKind::CreditCard, Field::Name, " ", &o),
        Some(ErrorCode::InvalidName)
    );
}

#[test]
fn card_options_carry_through() {
    let accepted = vec!["master".to_owned()];
    let opts = DetailsOptions::from(CardOptions {
        accepted_brands: Some(&accepted),
        ..CardOptions::new(YearMonth::new(2026, 11).unwrap())
    });
    let visa = raw(json!({"number": "4111111111111111", "expiry": "12/29",
        "verification_value": "123", "name": "A B"}));
    assert_eq!(
        validate_details(&visa, &opts),
        [crate::FieldError::new(
            Field::Number,
            ErrorCode::UnsupportedBrand
        )]
    );
}

#[test]
fn non_card_tables_hold_no_card_field() {
    for kind in PaymentKind::ALL
        .into_iter()
        .filter(|k| *k != PaymentKind::CreditCard)
    {
        for spec in kind.fields() {
            assert!(
                !matches!(
                    spec.field,
                    Field::Type
                        | Field::Number
                        | Field::Expiry
                        | Field::VerificationValue
                        | Field::Name
                ),
                "{kind}"
            );
        }
    }
}
