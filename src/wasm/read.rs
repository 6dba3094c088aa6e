//! Payment-details objects and API answers read from JavaScript field by
//! field. Hand-written rather than serde-wasm-bindgen's deserializer, which,
//! with the float formatting its error messages pull in, was a third of the
//! `.wasm`. The shapes follow the core's serde attributes: text fields take
//! strings; `month`, `year`, `phone`, `expiry_days`, `type` and the secrets
//! also take whole numbers; `undefined` and `null` are absent.

use crate::prelude::*;
use crate::serde_util::{whole, MAX_SAFE_INTEGER};

use super::error::{js_error, ErrorType};
use super::options::get;
use crate::card::CardDetails;
use crate::details::RawDetails;
use crate::SecretString;
use wasm_bindgen::JsValue;

/// Reads the fields of one object; errors name the field, never its value.
struct Reader<'a> {
    obj: &'a JsValue,
    what: &'static str,
}

impl<'a> Reader<'a> {
    /// A reader of `obj`, described as `what` in errors ("card details").
    fn new(obj: &'a JsValue, what: &'static str) -> Self {
        Reader { obj, what }
    }

    fn field(&self, key: &str, whole_numbers: bool) -> Result<Option<String>, JsValue> {
        let v = get(self.obj, key);
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        if let Some(s) = v.as_string() {
            return Ok(Some(s));
        }
        let number = v.as_f64().filter(|_| whole_numbers);
        match number.and_then(|n| whole(n, MAX_SAFE_INTEGER)) {
            // Not `to_string()`: its stack buffer would keep the digits.
            Some(n) => Ok(Some(crate::serde_util::decimal(n))),
            None => Err(js_error(
                ErrorType::Integration,
                "invalid_argument",
                &[
                    "Invalid ",
                    self.what,
                    ": `",
                    key,
                    "` must be ",
                    if whole_numbers {
                        "a string or a whole number"
                    } else {
                        "a string"
                    },
                    ".",
                ]
                .concat(),
            )),
        }
    }
}

/// How a field is read: `T` text, `N` text or a whole number, `S` a secret
/// (text or a whole number, kept in a `SecretString`).
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    T,
    N,
    S,
}
use Shape::{N, S, T};

/// Reads `keys` in order. One loop rather than a call per field: the `?` of
/// each call, with the drops of the fields read before it, cost kilobytes.
fn read<const K: usize>(
    obj: &JsValue,
    what: &'static str,
    keys: [(&str, Shape); K],
) -> Result<[Option<String>; K], JsValue> {
    let r = Reader::new(obj, what);
    let mut values = [const { None }; K];
    for (value, (key, shape)) in values.iter_mut().zip(keys) {
        *value = r.field(key, shape != T)?;
    }
    Ok(values)
}

fn secret(value: Option<String>) -> Option<SecretString> {
    value.map(SecretString::new)
}

/// `{ number, month, year, expiry, verification_value, name, given_name,
/// family_name, email }`.
pub fn card_details(card: &JsValue) -> Result<CardDetails, JsValue> {
    let keys = [
        ("number", S),
        ("month", N),
        ("year", N),
        ("expiry", T),
        ("verification_value", S),
        ("name", T),
        ("given_name", T),
        ("family_name", T),
        ("email", T),
    ];
    let [number, month, year, expiry, verification_value, name, given_name, family_name, email] =
        read(card, "card details", keys)?;
    Ok(CardDetails {
        number: secret(number),
        month,
        year,
        expiry,
        verification_value: secret(verification_value),
        name,
        given_name,
        family_name,
        email,
    })
}

/// Any `payment_details` object of the tokens API.
pub fn raw_details(details: &JsValue) -> Result<RawDetails, JsValue> {
    let keys = [
        ("type", N),
        ("number", S),
        ("month", N),
        ("year", N),
        ("expiry", T),
        ("verification_value", S),
        ("name", T),
        ("given_name", T),
        ("family_name", T),
        ("given_name_kana", T),
        ("family_name_kana", T),
        ("email", T),
        ("phone", N),
        ("store", T),
        ("expiry_days", N),
        ("prepaid_number", S),
        ("culture_id", S),
        ("culture_password", S),
        ("happy_money_id", S),
        ("happy_money_password", S),
        ("user_no", S),
        ("user_password", S),
        ("return_url", T),
    ];
    let [kind, number, month, year, expiry, verification_value, name, given_name, family_name, given_name_kana, family_name_kana, email, phone, store, expiry_days, prepaid_number, culture_id, culture_password, happy_money_id, happy_money_password, user_no, user_password, return_url] =
        read(details, "payment details", keys)?;
    Ok(RawDetails {
        kind,
        number: secret(number),
        month,
        year,
        expiry,
        verification_value: secret(verification_value),
        name,
        given_name,
        family_name,
        given_name_kana,
        family_name_kana,
        email,
        phone,
        store,
        expiry_days,
        prepaid_number: secret(prepaid_number),
        culture_id: secret(culture_id),
        culture_password: secret(culture_password),
        happy_money_id: secret(happy_money_id),
        happy_money_password: secret(happy_money_password),
        user_no: secret(user_no),
        user_password: secret(user_password),
        return_url,
    })
}
