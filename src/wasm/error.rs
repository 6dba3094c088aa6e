//! Errors as JavaScript sees them: instances of `TesseraError` (`js/error.js`),
//! a real `Error` subclass with `type`, `code` and, where they apply, `field`,
//! `status` and `errors`.

use crate::prelude::*;

use crate::error::FieldError;
use crate::i18n::Locale;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/error.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(kind: &str, code: &str, message: &str, extra: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = fieldError)]
    fn field_error(field: &str, code: &str, message: &str) -> JsValue;
    /// `{ field?, status?, retryAfter?, errors? }` with only the given keys.
    #[wasm_bindgen(js_name = errorExtra)]
    pub fn error_extra(
        field: Option<String>,
        status: Option<u16>,
        retry_after: Option<u32>,
        errors: Option<js_sys::Array>,
    ) -> JsValue;
}

/// The kinds of failure (`TesseraError.type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorType {
    /// The page used the API wrongly (bad options, secret key, before init).
    Integration,
    /// The shopper's input failed validation; no request was made.
    Validation,
}

impl ErrorType {
    fn as_str(self) -> &'static str {
        match self {
            ErrorType::Integration => "integration_error",
            ErrorType::Validation => "validation_error",
        }
    }
}

/// A `TesseraError` with no extra fields.
pub fn js_error(kind: ErrorType, code: &str, message: &str) -> JsValue {
    make_error(kind.as_str(), code, message, &JsValue::UNDEFINED)
}

/// A `TesseraError` with extra fields (`field`, `status`, `errors`, ...) from `extra`.
pub fn js_error_with(kind: &str, code: &str, message: &str, extra: &JsValue) -> JsValue {
    make_error(kind, code, message, extra)
}

/// The `errors` array: one `{field, code, message}` per error, messages in `locale`.
pub fn field_errors(errors: &[FieldError], locale: Locale) -> js_sys::Array {
    errors
        .iter()
        .map(|e| field_error(e.field.as_str(), e.code.as_str(), e.message(locale)))
        .collect()
}
