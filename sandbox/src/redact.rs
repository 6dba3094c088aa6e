//! Keeping card data out of everything the sandbox stores, echoes or logs.
//! What is a credential and what looks like a card number are the tessera
//! core's classifications ([`tessera::field::is_secret`],
//! [`tessera::secret::looks_like_card_number`]); this file only adds the
//! other names a client might give them.

use serde_json::{Map, Value};
use tessera::field::Field;
use tessera::secret::looks_like_card_number;

/// Keys whose value is a card number: masked in the request log, dropped from echoes.
fn is_card_number_key(key: &str) -> bool {
    matches!(
        key.to_ascii_lowercase().as_str(),
        "number" | "card_number" | "pan"
    )
}

/// Keys whose value is a credential — every field the core counts as one
/// (codes, passwords, prepaid numbers, voucher and account IDs), and other
/// names for codes and passwords: replaced by `"[redacted]"` in the request
/// log, dropped from echoes.
/// (A card number is masked instead: see [`is_card_number_key`].)
fn is_secret_key(key: &str) -> bool {
    if is_card_number_key(key) {
        return false;
    }
    if Field::parse(key).is_some_and(Field::is_secret) {
        return true;
    }
    let key = key.to_ascii_lowercase();
    key.contains("password")
        || key.contains("verification_value")
        || matches!(
            key.as_str(),
            "cvc" | "cvv" | "cvv2" | "cvc2" | "security_code" | "pin" | "secret"
        )
}

/// The placeholder for a redacted value.
pub const REDACTED: &str = "[redacted]";

fn mask_value(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(tessera::card::mask(s)),
        Value::Number(n) => Value::String(tessera::card::mask(&n.to_string())),
        Value::Null => Value::Null,
        _ => Value::String(REDACTED.to_owned()),
    }
}

/// A copy of a request body safe to keep in the request log: card numbers
/// masked with [`tessera::card::mask`], codes and passwords replaced by
/// `"[redacted]"`, and any other number-like string masked too.
pub fn for_log(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if is_secret_key(k) {
                        if v.is_null() {
                            Value::Null
                        } else {
                            Value::String(REDACTED.to_owned())
                        }
                    } else if is_card_number_key(k) {
                        mask_value(v)
                    } else {
                        for_log(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(for_log).collect()),
        Value::String(s) if looks_like_card_number(s) => Value::String(tessera::card::mask(s)),
        Value::Number(n) if looks_like_card_number(&n.to_string()) => {
            Value::String(tessera::card::mask(&n.to_string()))
        }
        other => other.clone(),
    }
}

/// A copy of `payment_details` fit to echo back: card numbers, codes,
/// passwords and prepaid numbers left out, as is any number-like string.
pub fn for_echo(map: &Map<String, Value>) -> Map<String, Value> {
    map.iter()
        .filter(|(k, _)| !is_secret_key(k) && !is_card_number_key(k))
        .filter_map(|(k, v)| echo_value(v).map(|v| (k.clone(), v)))
        .collect()
}

fn echo_value(value: &Value) -> Option<Value> {
    match value {
        Value::Object(map) => Some(Value::Object(for_echo(map))),
        Value::Array(items) => Some(Value::Array(items.iter().filter_map(echo_value).collect())),
        Value::String(s) if looks_like_card_number(s) => None,
        Value::Number(n) if looks_like_card_number(&n.to_string()) => None,
        other => Some(other.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn logs_mask_numbers_and_redact_codes() {
        let body = json!({
            "payment_details": {
                "number": "4111111111111111",
                "verification_value": "123",
                "culture_password": "pw",
                "prepaid_number": "1234",
                "name": "TARO",
            },
            "metadata": {"note": "4111 1111 1111 1111", "n": 4111111111111111u64},
            "amount": 5000
        });
        assert_eq!(
            for_log(&body),
            json!({
                "payment_details": {
                    "number": "411111******1111",
                    "verification_value": REDACTED,
                    "culture_password": REDACTED,
                    "prepaid_number": REDACTED,
                    "name": "TARO",
                },
                "metadata": {"note": "411111******1111", "n": "411111******1111"},
                "amount": 5000
            })
        );
    }

    #[test]
    fn every_credential_of_the_core_is_redacted() {
        let body = json!({"payment_details": {
            "type": "dospara", "user_no": "55556666", "user_password": "pw",
            "culture_id": "11112222", "happy_money_id": 33334444u64, "email": "a@b.c",
        }});
        assert_eq!(
            for_log(&body),
            json!({"payment_details": {
                "type": "dospara", "user_no": REDACTED, "user_password": REDACTED,
                "culture_id": REDACTED, "happy_money_id": REDACTED, "email": "a@b.c",
            }})
        );
        for f in tessera::field::Field::ALL {
            if f.is_secret() && f != Field::Number {
                assert!(is_secret_key(f.as_str()), "{f:?}");
            }
        }
    }

    #[test]
    fn echoes_leave_secrets_out() {
        let details = json!({
            "type": "web_money", "prepaid_number": "1234", "email": "a@b.c",
            "user_password": "x", "note": "4111111111111111", "phone": "090-1234-5678"
        });
        let Value::Object(map) = details else {
            unreachable!()
        };
        assert_eq!(
            Value::Object(for_echo(&map)),
            json!({"type": "web_money", "email": "a@b.c", "phone": "090-1234-5678"})
        );
    }
}
