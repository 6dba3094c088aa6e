//! Reading option objects and loosely typed arguments from JavaScript.

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
        &format!("Option `{key}` must be {expected}."),
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
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(max)).contains(&n) => Ok(Some(n as u32)),
        _ => Err(bad_option(key, "a whole number")),
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
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(&n) => {
            // Not `to_string()`: its stack buffer would keep the digits.
            Some(crate::serde_util::decimal(n as u64))
        }
        _ => None,
    }
}
