//! No echo, no `Debug` ever shows a credential.

use super::*;
use crate::details::*;
use serde_json::{json, Value};

/// A valid request for `kind` whose credentials are all distinctive strings.
fn valid_with_secrets(kind: PaymentKind) -> (Value, Vec<&'static str>) {
    let t = kind.as_str();
    match kind {
        PaymentKind::CreditCard => (
            json!({"type": t, "number": "4111111111111111", "expiry": "12/29",
                "verification_value": "987", "given_name": "Taro", "family_name": "Yamada",
                "email": "a@b.jp"}),
            vec!["4111111111111111", "987"],
        ),
        PaymentKind::Konbini => (
            json!({"type": t, "store": "lawson", "email": "a@b.jp", "phone": "0311112222", "expiry_days": 5}),
            vec![],
        ),
        PaymentKind::BankTransfer | PaymentKind::PayEasy => (
            json!({"type": t, "given_name": "太郎", "family_name": "山田", "given_name_kana": "タロウ",
                "family_name_kana": "ヤマダ", "phone": "080-1111-2222", "email": "a@b.jp", "expiry_days": 5}),
            vec![],
        ),
        PaymentKind::CultureVoucher => (
            json!({"type": t, "culture_id": "cid-73921", "culture_password": "cpw-55810"}),
            vec!["cid-73921", "cpw-55810"],
        ),
        PaymentKind::HappyMoney => (
            json!({"type": t, "happy_money_id": "hid-73921", "happy_money_password": "hpw-55810"}),
            vec!["hid-73921", "hpw-55810"],
        ),
        PaymentKind::Dospara => (
            json!({"type": t, "user_no": 80417, "user_password": "upw-55810"}),
            vec!["80417", "upw-55810"],
        ),
        PaymentKind::Mobile | PaymentKind::Cvs | PaymentKind::Toss => {
            (json!({"type": t, "email": "a@b.jp"}), vec![])
        }
        PaymentKind::Zgold => (
            json!({"type": t, "email": "a@b.jp", "return_url": "https://shop.example/return"}),
            vec![],
        ),
        _ => (
            json!({"type": t, "prepaid_number": "zq8x-w7v6-u5t4-s3r2", "email": "a@b.jp"}),
            vec!["zq8xw7v6u5t4s3r2", "zq8x-w7v6"],
        ),
    }
}

#[test]
fn no_echo_and_no_debug_ever_shows_a_credential() {
    for kind in PaymentKind::ALL {
        let (request, secrets) = valid_with_secrets(kind);
        let raw = raw(request);
        let details =
            normalize_details(&raw, &options()).unwrap_or_else(|e| panic!("{kind}: {e:?}"));
        let wire = serde_json::to_string(&details).unwrap();
        let echo = serde_json::to_string(&details.echo()).unwrap();
        let debug = format!("{details:?} {:?} {raw:?}", details.echo());
        for secret in &secrets {
            assert!(!echo.contains(secret), "{kind}: {secret} echoed in {echo}");
            assert!(!debug.contains(secret), "{kind}: {secret} in {debug}");
        }
        if let Some(first) = secrets.first() {
            assert!(wire.contains(first), "{kind}: the request carries {first}");
        }
        for spec in kind.fields() {
            let name = spec.field.as_str();
            let in_echo = echo.contains(&format!("\"{name}\""));
            if !is_echoed(spec.field) {
                assert!(!in_echo, "{kind}: {name} echoed");
            }
            if is_secret(spec.field) {
                assert_eq!(
                    details.get(spec.field),
                    None,
                    "{kind}: {name} readable as text"
                );
            }
        }
        assert!(details.echo().fields().all(|(f, _)| is_echoed(f)));
    }
}
