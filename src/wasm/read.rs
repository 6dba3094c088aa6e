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
pub struct Reader<'a> {
    obj: &'a JsValue,
    what: &'static str,
}

impl<'a> Reader<'a> {
    /// A reader of `obj`, described as `what` in errors ("card details").
    pub fn new(obj: &'a JsValue, what: &'static str) -> Self {
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

    /// A string field.
    pub fn text(&self, key: &str) -> Result<Option<String>, JsValue> {
        self.field(key, false)
    }

    /// A string, or a whole number written out.
    pub fn text_or_number(&self, key: &str) -> Result<Option<String>, JsValue> {
        self.field(key, true)
    }

    /// A card number or code: a string or a whole number, kept secret.
    pub fn secret(&self, key: &str) -> Result<Option<SecretString>, JsValue> {
        Ok(self.field(key, true)?.map(SecretString::new))
    }
}

/// `{ number, month, year, expiry, verification_value, name, given_name,
/// family_name, email }`.
pub fn card_details(card: &JsValue) -> Result<CardDetails, JsValue> {
    let r = Reader::new(card, "card details");
    Ok(CardDetails {
        number: r.secret("number")?,
        month: r.text_or_number("month")?,
        year: r.text_or_number("year")?,
        expiry: r.text("expiry")?,
        verification_value: r.secret("verification_value")?,
        name: r.text("name")?,
        given_name: r.text("given_name")?,
        family_name: r.text("family_name")?,
        email: r.text("email")?,
    })
}

/// Any `payment_details` object of the tokens API.
pub fn raw_details(details: &JsValue) -> Result<RawDetails, JsValue> {
    let r = Reader::new(details, "payment details");
    Ok(RawDetails {
        kind: r.text_or_number("type")?,
        number: r.secret("number")?,
        month: r.text_or_number("month")?,
        year: r.text_or_number("year")?,
        expiry: r.text("expiry")?,
        verification_value: r.secret("verification_value")?,
        name: r.text("name")?,
        given_name: r.text("given_name")?,
        family_name: r.text("family_name")?,
        given_name_kana: r.text("given_name_kana")?,
        family_name_kana: r.text("family_name_kana")?,
        email: r.text("email")?,
        phone: r.text_or_number("phone")?,
        store: r.text("store")?,
        expiry_days: r.text_or_number("expiry_days")?,
        prepaid_number: r.secret("prepaid_number")?,
        culture_id: r.secret("culture_id")?,
        culture_password: r.secret("culture_password")?,
        happy_money_id: r.secret("happy_money_id")?,
        happy_money_password: r.secret("happy_money_password")?,
        user_no: r.secret("user_no")?,
        user_password: r.secret("user_password")?,
        return_url: r.text("return_url")?,
    })
}
