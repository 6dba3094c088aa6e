//! The validators and formatters, as JavaScript functions.

use super::error::{field_errors, js_error};
use super::options::{self, get, text};
use super::results::{self, brand_js};
use crate::card::{self, Brand, CardDetails, CardOptions, ExpiryOptions, NumberOptions};
use crate::details::{validate_details as validate_any, DetailsOptions, RawDetails};
use crate::error::ClientCode;
use wasm_bindgen::prelude::*;

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

fn expiry_options(options: &JsValue) -> Result<ExpiryOptions, JsValue> {
    let mut o = ExpiryOptions::new(options::today(options)?);
    if let Some(years) = options::opt_uint(options, "maxYearsAhead", 1000)? {
        o.max_years_ahead = years as u16;
    }
    Ok(o)
}

/// Validates a card number as the shopper types it. Spaces, hyphens and
/// full-width digits are accepted.
///
/// ```js
/// validateCardNumber("4111 1111 1111 1111");
/// // → { brand: { type: "visa", ... }, isPotentiallyValid: true, isValid: true }
/// ```
#[wasm_bindgen(js_name = validateCardNumber, unchecked_return_type = "NumberValidation")]
pub fn validate_card_number(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
    #[wasm_bindgen(unchecked_param_type = "NumberValidationOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let opts = number_options(&options)?;
    let Some(value) = text(&value) else {
        return Ok(results::number_result(&JsValue::NULL, false, false));
    };
    let check = card::validate_number(&value, &opts);
    let brand = check.brand.map_or(JsValue::NULL, brand_js);
    Ok(results::number_result(
        &brand,
        check.is_potentially_valid,
        check.is_valid,
    ))
}

/// Every brand still possible for what has been typed, in table order.
///
/// ```js
/// cardBrands("4").map((b) => b.type); // → ["visa", "naranja", "maestro", "elo"]
/// ```
#[wasm_bindgen(js_name = cardBrands, unchecked_return_type = "Brand[]")]
pub fn card_brands(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
) -> js_sys::Array {
    let digits = text(&value).and_then(|v| card::digits::normalize(&v));
    let list = js_sys::Array::new();
    if let Some(d) = digits {
        for b in card::possible_brands(&d) {
            list.push(&brand_js(b));
        }
    }
    list
}

/// Validates an expiry: `"MM/YY"`, `"MM / YY"`, `"MMYY"`, `"YYYY-MM"`, ... or
/// `{ month, year }`. `month` comes back as `"MM"`, `year` as `"YYYY"`.
///
/// ```js
/// validateExpiry("12 / 29"); // → { isValid: true, isPotentiallyValid: true, month: "12", year: "2029" }
/// validateExpiry({ month: 1, year: 2029 }, { now: new Date(2026, 10, 24) });
/// ```
#[wasm_bindgen(js_name = validateExpiry, unchecked_return_type = "ExpiryValidation")]
pub fn validate_expiry(
    #[wasm_bindgen(
        unchecked_param_type = "string | { month: string | number; year: string | number }"
    )]
    value: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ExpiryValidationOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let opts = expiry_options(&options)?;
    let check = if let Some(s) = value.as_string() {
        card::validate_expiry(&s, &opts)
    } else if value.is_object() {
        let month = text(&get(&value, "month")).unwrap_or_default();
        let year = text(&get(&value, "year")).unwrap_or_default();
        card::validate_expiry_parts(&month, &year, &opts)
    } else {
        // Neither text nor { month, year }: not an expiry, and never will be.
        return Ok(results::expiry_result(false, false, 0, 0));
    };
    Ok(results::expiry_result(
        check.is_valid,
        check.is_potentially_valid,
        check.month.unwrap_or(0),
        check.year.unwrap_or(0),
    ))
}

/// Validates a security code for a brand (its `type` or KOMOJU name); with no
/// brand, 3 or 4 digits are valid.
///
/// ```js
/// validateCvc("1234", "american-express"); // → { isValid: true, isPotentiallyValid: true }
/// ```
#[wasm_bindgen(js_name = validateCvc, unchecked_return_type = "Validity")]
pub fn validate_cvc(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | undefined")] brand: JsValue,
) -> JsValue {
    // Anything but a string (a number, an object) is no brand, never a trap
    // in the glue's string passing.
    let brand = brand.as_string();
    let Some(value) = text(&value) else {
        // Not text: not a security code, and never will be.
        return results::check_result(false, false);
    };
    let check = card::validate_cvc(&value, brand.as_deref().and_then(Brand::find));
    results::check_result(check.is_valid, check.is_potentially_valid)
}

/// Validates a cardholder name: 1–255 characters once trimmed, and not only
/// digits, spaces and hyphens.
///
/// ```js
/// validateCardholderName("TARO YAMADA"); // → { isValid: true, isPotentiallyValid: true }
/// ```
#[wasm_bindgen(js_name = validateCardholderName, unchecked_return_type = "Validity")]
pub fn validate_cardholder_name(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
) -> JsValue {
    let Some(value) = value.as_string() else {
        return results::check_result(false, false);
    };
    let check = card::validate_name(&value);
    results::check_result(check.is_valid, check.is_potentially_valid)
}

fn caret(caret: Option<f64>) -> Option<usize> {
    caret
        .filter(|c| c.is_finite())
        .map(|c| c.clamp(0.0, 1e6) as usize)
}

/// Formats a card number as it is typed (`"4111 1111 1111 1111"`,
/// `"3782 822463 10005"`) and says where the caret goes. Pass the input's
/// `selectionStart` as `caret`.
///
/// ```js
/// const { value, caret } = formatCardNumber(input.value, input.selectionStart);
/// input.value = value;
/// input.setSelectionRange(caret, caret);
/// ```
#[wasm_bindgen(js_name = formatCardNumber, unchecked_return_type = "Formatted")]
pub fn format_card_number(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
    caret_at: Option<f64>,
) -> JsValue {
    let f = card::format_card_number(&text(&value).unwrap_or_default(), caret(caret_at));
    results::formatted(&f.value, f.caret as u32)
}

/// Formats an expiry as `MM / YY` as it is typed, and says where the caret goes.
///
/// ```js
/// formatExpiry("122"); // → { value: "12 / 2", caret: 6 }
/// ```
#[wasm_bindgen(js_name = formatExpiry, unchecked_return_type = "Formatted")]
pub fn format_expiry(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
    caret_at: Option<f64>,
) -> JsValue {
    let f = card::format_expiry(&text(&value).unwrap_or_default(), caret(caret_at));
    results::formatted(&f.value, f.caret as u32)
}

/// Reads a card object from JavaScript. Throws `integration_error` /
/// `invalid_argument` for something that is not a card object.
pub fn card_details(card: JsValue) -> Result<CardDetails, JsValue> {
    if !card.is_object() {
        return Err(js_error(
            ClientCode::InvalidArgument,
            "The card details must be an object.",
        ));
    }
    super::read::card_details(&card)
}

/// Reads any `payment_details` object from JavaScript. Throws
/// `integration_error` / `invalid_argument` for something that is not one.
pub fn raw_details(details: JsValue) -> Result<RawDetails, JsValue> {
    if !details.is_object() {
        return Err(js_error(
            ClientCode::InvalidArgument,
            "The payment details must be an object.",
        ));
    }
    super::read::raw_details(&details)
}

/// Card validation options read from JavaScript.
pub fn card_options(options: &JsValue) -> Result<CardOptions<'static>, JsValue> {
    let expiry = expiry_options(options)?;
    let mut o = CardOptions::new(expiry.today);
    o.max_years_ahead = expiry.max_years_ahead;
    o.number = number_options(options)?;
    Ok(o)
}

/// Validates a whole card (`number`, `month` + `year` or `expiry`,
/// `verification_value`, `name`) and reports every failing field with a stable
/// code and a message in `locale`.
///
/// ```js
/// const { isValid, errors } = validateCard(
///   { number: "4111 1111 1111 1111", expiry: "12 / 29", verification_value: "123", name: "TARO YAMADA" },
///   { locale: "ja" },
/// );
/// ```
#[wasm_bindgen(js_name = validateCard, unchecked_return_type = "CardValidation")]
pub fn validate_card(
    #[wasm_bindgen(unchecked_param_type = "CardDetails")] card: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CardValidationOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let locale = options::locale(&options)?;
    let opts = card_options(&options)?;
    let details = card_details(card)?;
    let errors = card::validate_card(&details, &opts);
    Ok(results::validation_result(
        errors.is_empty(),
        &field_errors(&errors, locale),
    ))
}

/// Validates `payment_details` of any type of the tokens API (`credit_card`
/// by default, `konbini`, `bank_transfer`, `pay_easy`, prepaid cards, ...) and
/// reports every failing field with a stable code and a message in `locale`.
///
/// ```js
/// validateDetails({ type: "konbini", store: "lawson", email: "taro@example" }, { locale: "ja" });
/// // → { isValid: false, errors: [{ field: "email", code: "invalid_email", message: "…" }] }
/// ```
#[wasm_bindgen(js_name = validateDetails, unchecked_return_type = "DetailsValidation")]
pub fn validate_details(
    #[wasm_bindgen(unchecked_param_type = "PaymentDetails")] details: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CardValidationOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let locale = options::locale(&options)?;
    let card = card_options(&options)?;
    let raw = raw_details(details)?;
    let errors = validate_any(
        &raw,
        &DetailsOptions {
            card,
            accepted_types: None,
        },
    );
    Ok(results::validation_result(
        errors.is_empty(),
        &field_errors(&errors, locale),
    ))
}
