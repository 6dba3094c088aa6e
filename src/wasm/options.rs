//! Reading option objects and loosely typed arguments from JavaScript.

use crate::prelude::*;
use crate::serde_util::{whole, MAX_SAFE_INTEGER};

use super::error::{js_error, ErrorType};
use crate::date::YearMonth;
use crate::i18n::Locale;
use wasm_bindgen::{JsCast, JsValue};

/// `obj[key]`, or `undefined` when `obj` is not an object.
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    if !obj.is_object() {
        return JsValue::UNDEFINED;
    }
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn bad_option(key: &str, expected: &str) -> JsValue {
    js_error(
        ErrorType::Integration,
        "invalid_option",
        &["Option `", key, "` must be ", expected, "."].concat(),
    )
}

/// An optional boolean option.
pub fn opt_bool(obj: &JsValue, key: &str) -> Result<Option<bool>, JsValue> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_bool()
        .map(Some)
        .ok_or_else(|| bad_option(key, "a boolean"))
}

/// An optional whole-number option in `0..=max`.
pub fn opt_uint(obj: &JsValue, key: &str, max: u32) -> Result<Option<u32>, JsValue> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) => whole(n, f64::from(max))
            .map(|n| Some(n as u32))
            .ok_or_else(|| bad_option(key, "a whole number")),
        None => Err(bad_option(key, "a whole number")),
    }
}

/// An optional string option.
pub fn opt_string(obj: &JsValue, key: &str) -> Result<Option<String>, JsValue> {
    let v = get(obj, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| bad_option(key, "a string"))
}

/// The `locale` option (`"en"` default, `"ja"`).
pub fn locale(obj: &JsValue) -> Result<Locale, JsValue> {
    match opt_string(obj, "locale")? {
        None => Ok(Locale::En),
        Some(tag) => Locale::parse(&tag).ok_or_else(|| bad_option("locale", "\"en\" or \"ja\"")),
    }
}

/// The month of the `now` option (a `Date`), or of the current local time.
pub fn today(obj: &JsValue) -> Result<YearMonth, JsValue> {
    let v = get(obj, "now");
    let date = if v.is_undefined() || v.is_null() {
        js_sys::Date::new_0()
    } else {
        v.dyn_into::<js_sys::Date>()
            .map_err(|_| bad_option("now", "a Date"))?
    };
    crate::client::tokenizer::month_of(&date).ok_or_else(|| bad_option("now", "a valid Date"))
}

/// A loosely typed text argument: strings as they are, numbers written out,
/// anything else `None`.
pub fn text(value: &JsValue) -> Option<String> {
    if let Some(s) = value.as_string() {
        return Some(s);
    }
    // Not `to_string()`: its stack buffer would keep the digits.
    let n = whole(value.as_f64()?, MAX_SAFE_INTEGER)?;
    Some(crate::serde_util::decimal(n))
}
