//! Helpers shared by the wasm test suites.
#![allow(dead_code)]

use wasm_bindgen::JsValue;

pub mod cards;

/// `obj[key]`.
pub fn prop(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).expect("object")
}

/// `obj.a.b...` as a string, or `None` for null/undefined.
pub fn s(obj: &JsValue, path: &str) -> Option<String> {
    let mut v = obj.clone();
    for k in path.split('.') {
        if !v.is_object() {
            return None;
        }
        v = prop(&v, k);
    }
    v.as_string()
}

/// `obj[key]` as a boolean (panics if it is not one).
pub fn b(obj: &JsValue, key: &str) -> bool {
    prop(obj, key)
        .as_bool()
        .unwrap_or_else(|| panic!("{key} is not a boolean"))
}

/// `obj[key]` as a number.
pub fn n(obj: &JsValue, key: &str) -> f64 {
    prop(obj, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number"))
}

/// A JS object from JSON text.
pub fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("valid JSON")
}

/// A fixed `{ now: new Date(2026, 10, 24) }` option object (November 2026), with `extra` JSON merged in.
pub fn at_nov_2026(extra: &str) -> JsValue {
    let o = json(extra);
    js_sys::Reflect::set(
        &o,
        &"now".into(),
        &js_sys::Date::new_with_year_month_day(2026, 10, 24),
    )
    .unwrap();
    o
}

/// A page URL to come back to: this page's own in a browser (the dialog
/// needs its origin), any in Node (where only the redirect mode exists).
pub fn return_url() -> String {
    let href = js_sys::Reflect::get(&js_sys::global(), &"location".into())
        .ok()
        .filter(|l| l.is_object())
        .and_then(|l| js_sys::Reflect::get(&l, &"origin".into()).ok())
        .and_then(|o| o.as_string());
    format!(
        "{}/return",
        href.unwrap_or_else(|| "http://127.0.0.1:1".into())
    )
}
