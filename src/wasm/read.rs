//! Payment-details objects read from JavaScript field by field, driven by
//! the one table of keys ([`crate::fields::KEYS`]). Hand-written rather than
//! serde-wasm-bindgen's deserializer, which, with the float formatting its
//! error messages pull in, was a third of the `.wasm`. Text keys take
//! strings; `Whole` and `Secret` keys also take whole numbers; `undefined`
//! and `null` are absent.

use crate::prelude::*;
use crate::serde_util::{whole, MAX_SAFE_INTEGER};

use super::error::js_error;
use super::options::get;
use crate::error::ClientCode;
use crate::fields::{RawDetails, Shape, KEYS};
use wasm_bindgen::JsValue;

/// The value of `key` in `obj` as text, `None` when absent; an error names
/// the key, never its value.
fn field(obj: &JsValue, what: &str, key: &str, shape: Shape) -> Result<Option<String>, JsValue> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if let Some(s) = v.as_string() {
        return Ok(Some(s));
    }
    let whole_numbers = shape != Shape::Text;
    let number = v.as_f64().filter(|_| whole_numbers);
    match number.and_then(|n| whole(n, MAX_SAFE_INTEGER)) {
        // Not `to_string()`: its stack buffer would keep the digits.
        Some(n) => Ok(Some(crate::serde_util::decimal(n))),
        None => Err(js_error(
            ClientCode::InvalidArgument,
            &[
                "Invalid ",
                what,
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

/// Reads the keys of [`KEYS`] that `wanted` selects, in order. One loop
/// rather than a call per field: the `?` of each call, with the drops of
/// the fields read before it, cost kilobytes.
fn read(obj: &JsValue, what: &str, card_only: bool) -> Result<RawDetails, JsValue> {
    let mut raw = RawDetails::default();
    for (index, key) in KEYS.iter().enumerate() {
        if card_only && !key.card {
            continue;
        }
        if let Some(value) = field(obj, what, key.name, key.shape)? {
            raw.set_at(index, value);
        }
    }
    Ok(raw)
}

/// A card object: the keys a credit_card reads (`number`, `month`, `year`,
/// `expiry`, `verification_value`, `name`, `given_name`, `family_name`,
/// `email`).
pub fn card_details(card: &JsValue) -> Result<RawDetails, JsValue> {
    read(card, "card details", true)
}

/// Any `payment_details` object of the tokens API.
pub fn raw_details(details: &JsValue) -> Result<RawDetails, JsValue> {
    read(details, "payment details", false)
}
