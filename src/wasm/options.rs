//! Reading option objects and loosely typed arguments from JavaScript.

use crate::prelude::*;
use crate::serde_util::{whole, MAX_SAFE_INTEGER};

use super::error::js_error;
use crate::client::TokenizeError;
use crate::date::YearMonth;
use crate::error::ClientCode;
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
        ClientCode::InvalidOption,
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
    month_of(&date).ok_or_else(|| bad_option("now", "a valid Date"))
}

/// The month of `date` in the shopper's local time; `None` for an invalid `Date`.
pub fn month_of(date: &js_sys::Date) -> Option<YearMonth> {
    let year = u16::try_from(date.get_full_year()).ok()?;
    let month = u8::try_from(date.get_month().saturating_add(1)).ok()?;
    YearMonth::new(year, month)
}

/// The current month by the device's clock (`invalid_clock` if it is not set).
pub fn current_month() -> Result<YearMonth, TokenizeError> {
    month_of(&js_sys::Date::new_0())
        .ok_or_else(|| TokenizeError::client(ClientCode::InvalidClock, Locale::En))
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
