//! The as-you-type fields, as JavaScript functions: one call per keystroke
//! formats the value, keeps the caret and validates (see `card::typing`).

use crate::prelude::*;

use super::options::{self, text};
use super::results::brand_js;
use crate::card::{self, Brand, Edit, ExpiryOptions, NumberOptions};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/bindings/typing.js")]
extern "C" {
    #[wasm_bindgen(js_name = numberInput)]
    fn number_result(
        value: &str,
        caret: u32,
        brand: &JsValue,
        is_valid: bool,
        is_potentially_valid: bool,
    ) -> JsValue;
    #[wasm_bindgen(js_name = expiryInput)]
    fn expiry_result(
        value: &str,
        caret: u32,
        month: u8,
        year: u16,
        is_valid: bool,
        is_potentially_valid: bool,
    ) -> JsValue;
    #[wasm_bindgen(js_name = cvcInput)]
    fn cvc_result(value: &str, caret: u32, is_valid: bool, is_potentially_valid: bool) -> JsValue;
}

fn caret(caret: Option<f64>) -> Option<usize> {
    caret
        .filter(|c| c.is_finite())
        .map(|c| c.clamp(0.0, 1e6) as usize)
}

fn edit(input_type: Option<String>) -> Edit {
    input_type.map_or(Edit::Other, |t| Edit::from_input_type(&t))
}

fn number_options(options: &JsValue) -> Result<NumberOptions, JsValue> {
    if options.is_undefined() {
        return Ok(NumberOptions::default());
    }
    Ok(NumberOptions {
        luhn_validate_unionpay: options::opt_bool(options, "luhnValidateUnionPay")?
            .unwrap_or(false),
        max_length: options::opt_uint(options, "maxLength", 64)?.map(|n| n as usize),
    })
}

/// The card number field, once per `input` event: formats the value (grouped
/// by the brand, the caret kept after its digit; deleting across a space
/// deletes the digit beyond it) and validates it, in one call. Pass the
/// input's value, its `selectionStart` and the event's `inputType`.
///
/// ```js
/// number.addEventListener("input", (event) => {
///   const r = cardNumberInput(number.value, number.selectionStart, event.inputType);
///   number.value = r.value;
///   number.setSelectionRange(r.caret, r.caret);
///   badge.textContent = r.brand ? r.brand.niceType : "";
/// });
/// ```
#[wasm_bindgen(js_name = cardNumberInput, unchecked_return_type = "NumberInput")]
pub fn card_number_input(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
    caret_at: Option<f64>,
    #[wasm_bindgen(unchecked_param_type = "string | undefined")] input_type: JsValue,
    #[wasm_bindgen(unchecked_param_type = "NumberValidationOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let opts = number_options(&options)?;
    let value = text(&value).unwrap_or_default();
    let r = card::card_number_input(&value, caret(caret_at), edit(input_type.as_string()), &opts);
    let brand = r.check.brand.map_or(JsValue::NULL, brand_js);
    Ok(number_result(
        &r.formatted.value,
        r.formatted.caret as u32,
        &brand,
        r.check.is_valid,
        r.check.is_potentially_valid,
    ))
}

/// The expiry field, once per `input` event: formats `MM / YY` (editing the
/// month never touches the year; deleting across the ` / ` deletes the digit
/// beyond it) and validates it, in one call.
///
/// ```js
/// expiry.addEventListener("input", (event) => {
///   const r = expiryInput(expiry.value, expiry.selectionStart, event.inputType);
///   expiry.value = r.value;
///   expiry.setSelectionRange(r.caret, r.caret);
/// });
/// ```
#[wasm_bindgen(js_name = expiryInput, unchecked_return_type = "ExpiryInput")]
pub fn expiry_input(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
    caret_at: Option<f64>,
    #[wasm_bindgen(unchecked_param_type = "string | undefined")] input_type: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ExpiryValidationOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let mut opts = ExpiryOptions::new(options::today(&options)?);
    if let Some(years) = options::opt_uint(&options, "maxYearsAhead", 1000)? {
        opts.max_years_ahead = years as u16;
    }
    let value = text(&value).unwrap_or_default();
    let r = card::expiry_input(&value, caret(caret_at), edit(input_type.as_string()), &opts);
    Ok(expiry_result(
        &r.formatted.value,
        r.formatted.caret as u32,
        r.check.month.unwrap_or(0),
        r.check.year.unwrap_or(0),
        r.check.is_valid,
        r.check.is_potentially_valid,
    ))
}

/// The security code field, once per `input` event: keeps digits only (the
/// caret after its digit), at most the brand's code size (4 with no brand),
/// and validates them. `brand` is a type or a KOMOJU name.
///
/// ```js
/// const r = cvcInput(cvc.value, cvc.selectionStart, brand?.type);
/// ```
#[wasm_bindgen(js_name = cvcInput, unchecked_return_type = "CvcInput")]
pub fn cvc_input(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
    caret_at: Option<f64>,
    #[wasm_bindgen(unchecked_param_type = "string | undefined")] brand: JsValue,
) -> JsValue {
    let value = text(&value).unwrap_or_default();
    // Anything but a string (a number, an object) is no brand, never a trap
    // in the glue's string passing.
    let brand = brand.as_string();
    let brand = brand.as_deref().and_then(Brand::find);
    let r = card::cvc_input(&value, caret(caret_at), brand);
    cvc_result(
        &r.formatted.value,
        r.formatted.caret as u32,
        r.check.is_valid,
        r.check.is_potentially_valid,
    )
}
