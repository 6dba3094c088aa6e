//! `normalize_details` and every field validator take any input without panicking.

use super::*;
use crate::details::*;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        any::<String>(),
        "[0-9０-９ー－\\- ]{0,14}",
        "[ｦ-ﾟぁ-んァ-ヶ゛゜\u{3099}\u{309A} ]{0,8}",
        "[a-zA-Z0-9@._ ＠]{0,20}",
        "(https?|HTTP)://[a-z:@\\[\\]/]{0,10}",
    ])
}

fn kind() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        proptest::sample::select(PaymentKind::ALL.to_vec()).prop_map(|k| k.as_str().to_owned()),
        any::<String>(),
    ])
}

proptest! {
    #[test]
    fn normalize_details_never_panics(
        kind in kind(),
        a in proptest::collection::vec(text(), 22),
    ) {
        let s = |i: usize| a.get(i).cloned().flatten();
        let secret = |i: usize| s(i).map(crate::SecretString::new);
        let raw = RawDetails {
            kind,
            number: secret(0),
            month: s(1),
            year: s(2),
            expiry: s(3),
            verification_value: secret(4),
            name: s(5),
            given_name: s(6),
            family_name: s(7),
            given_name_kana: s(8),
            family_name_kana: s(9),
            email: s(10),
            phone: s(11),
            store: s(12),
            expiry_days: s(13),
            prepaid_number: secret(14),
            culture_id: secret(15),
            culture_password: secret(16),
            happy_money_id: secret(17),
            happy_money_password: secret(18),
            user_no: secret(19),
            user_password: secret(20),
            return_url: s(21),
        };
        let result = normalize_details(&raw, &options());
        prop_assert_eq!(result.is_ok(), validate_details(&raw, &options()).is_empty());
        match result {
            Ok(details) => {
                let _ = format!("{details:?}");
                prop_assert!(serde_json::to_string(&details).is_ok());
                prop_assert!(details.echo().fields().all(|(f, _)| is_echoed(f)));
            }
            Err(errors) => prop_assert!(!errors.is_empty()),
        }
    }

    #[test]
    fn field_validators_never_panic(value in any::<String>()) {
        let _ = normalize_email(&value);
        let _ = normalize_phone(&value);
        let _ = normalize_kana(&value);
        let _ = to_katakana(&value);
        let _ = Store::parse(&value);
        let _ = normalize_expiry_days(&value, 60);
        let _ = normalize_prepaid_number(&value, PaymentKind::BitCash);
        let _ = normalize_credential_id(&value);
        let _ = normalize_return_url(&value);
        for kind in PaymentKind::ALL {
            for spec in kind.fields() {
                let _ = check_field(kind, spec.field, &value, &options());
            }
        }
    }
}
