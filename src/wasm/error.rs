//! Errors as JavaScript sees them: instances of `TesseraError`
//! (`js/bindings/error.js`), a real `Error` subclass with `type`, `code` and,
//! where they apply, `field`, `status`, `retryAfter`, `errors` and
//! `declineCode` (the
//! properties of [`crate::client::error::JS_FIELDS`]).

use crate::prelude::*;

use crate::client::TokenizeError;
use crate::error::{ClientCode, FieldError};
use crate::i18n::Locale;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/bindings/error.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(kind: &str, code: &str, message: &str, extra: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = fieldError)]
    fn field_error(field: &str, code: &str, message: &str) -> JsValue;
    /// `{ field?, status?, retryAfter?, errors?, declineCode? }` with only the given keys.
    #[wasm_bindgen(js_name = errorExtra)]
    fn error_extra(
        field: Option<String>,
        status: Option<u16>,
        retry_after: Option<u32>,
        errors: Option<js_sys::Array>,
        decline_code: Option<String>,
    ) -> JsValue;
}

/// A `TesseraError` for `code` (of its own type) with `message` and no
/// extra fields.
pub fn js_error(code: ClientCode, message: &str) -> JsValue {
    make_error(
        code.error_type().as_str(),
        code.as_str(),
        message,
        &JsValue::UNDEFINED,
    )
}

/// A `TokenizeError` as a `TesseraError`, its field errors' messages in `locale`.
pub fn error_to_js(e: &TokenizeError, locale: Locale) -> JsValue {
    let extra = error_extra(
        e.field.as_deref().map(str::to_owned),
        e.status,
        e.retry_after,
        (!e.errors.is_empty()).then(|| field_errors(&e.errors, locale)),
        e.decline_code.as_deref().map(str::to_owned),
    );
    make_error(e.kind.as_str(), e.code(), &e.message, &extra)
}

/// The `errors` array: one `{field, code, message}` per error, messages in `locale`.
pub fn field_errors(errors: &[FieldError], locale: Locale) -> js_sys::Array {
    errors
        .iter()
        .map(|e| field_error(e.field.as_str(), e.code.as_str(), e.message(locale)))
        .collect()
}
