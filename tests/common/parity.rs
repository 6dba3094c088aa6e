// The JS API gives the very results of the Rust core: a deterministic set of
// generated inputs (tests/common/cards.rs, seeded) goes through each core
// function and through its exported JS-facing twin in `tessera::wasm`, and
// the results must be equal. Full and partial numbers of every brand, junk,
// full-width digits, expiries as text and as parts, codes, names, carets,
// whole cards and payment details of every type. Shared by tests/browser.rs
// and tests/node.rs.

use super::common::cards::{self, Rng};
use super::common::*;
use tessera::card::{self as core, Brand, CardDetails, CardOptions, ExpiryOptions, NumberOptions};
use tessera::date::YearMonth;
use tessera::details::{self, DetailsOptions, PaymentKind, RawDetails};
use tessera::wasm;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// Inputs per test.
const CASES: usize = 1500;

fn today() -> YearMonth {
    YearMonth::new(2026, 11).unwrap()
}

fn js(value: &str) -> JsValue {
    JsValue::from_str(value)
}

/// A JS object with these string properties.
fn object(fields: &[(&str, Option<&str>)]) -> JsValue {
    let o = js_sys::Object::new();
    for (key, value) in fields {
        if let Some(v) = value {
            js_sys::Reflect::set(&o, &js(key), &js(v)).unwrap();
        }
    }
    o.into()
}

/// A caret as a page passes it (sometimes none, negative or fractional) and
/// as the binding hands it to the core.
fn caret(rng: &mut Rng) -> (Option<f64>, Option<usize>) {
    let c = match rng.below(6) {
        0 => return (None, None),
        1 => -(rng.below(3) as f64),
        2 => rng.below(40) as f64 + 0.5,
        _ => rng.below(40) as f64,
    };
    (Some(c), Some(c.clamp(0.0, 1e6) as usize))
}

fn errors_of(result: &JsValue) -> Vec<(String, String)> {
    js_sys::Array::from(&prop(result, "errors"))
        .iter()
        .map(|e| (s(&e, "field").unwrap(), s(&e, "code").unwrap()))
        .collect()
}

fn core_errors(errors: &[tessera::FieldError]) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|e| (e.field.as_str().to_owned(), e.code.as_str().to_owned()))
        .collect()
}

#[wasm_bindgen_test]
fn numbers_brands_and_number_formatting_agree() {
    let mut rng = Rng::new(0x5eed_0001);
    for i in 0..CASES {
        let value = cards::number_input(&mut rng);
        let (options_js, options) = match rng.below(4) {
            0 => (
                json(r#"{"luhnValidateUnionPay": true}"#),
                NumberOptions { luhn_validate_unionpay: true, max_length: None },
            ),
            1 => {
                let max = rng.between(12, 19);
                (
                    json(&format!(r#"{{"maxLength": {max}}}"#)),
                    NumberOptions { luhn_validate_unionpay: false, max_length: Some(max) },
                )
            }
            _ => (JsValue::UNDEFINED, NumberOptions::default()),
        };
        let r = wasm::validate_card_number(js(&value), options_js).unwrap();
        let c = core::validate_number(&value, &options);
        assert_eq!(
            (s(&r, "brand.type"), b(&r, "isPotentiallyValid"), b(&r, "isValid")),
            (c.brand.map(|b| b.kind.to_owned()), c.is_potentially_valid, c.is_valid),
            "validateCardNumber, case {i}: {value:?}"
        );

        let brands: Vec<String> = wasm::card_brands(js(&value)).iter().filter_map(|b| s(&b, "type")).collect();
        let want: Vec<String> = core::digits::normalize(&value)
            .map(|d| core::possible_brands(&d).iter().map(|b| b.kind.to_owned()).collect())
            .unwrap_or_default();
        assert_eq!(brands, want, "cardBrands, case {i}: {value:?}");

        let (caret_js, caret_core) = caret(&mut rng);
        let f = wasm::format_card_number(js(&value), caret_js);
        let g = core::format_card_number(&value, caret_core);
        assert_eq!(
            (s(&f, "value"), n(&f, "caret")),
            (Some(g.value.clone()), g.caret as f64),
            "formatCardNumber, case {i}: {value:?} at {caret_js:?}"
        );
    }
}

#[wasm_bindgen_test]
fn expiries_as_text_and_as_parts_and_their_formatting_agree() {
    let mut rng = Rng::new(0x5eed_0002);
    for i in 0..CASES {
        let years = rng.between(0, 40);
        let options_js = at_nov_2026(&format!(r#"{{"maxYearsAhead": {years}}}"#));
        let options = ExpiryOptions { today: today(), max_years_ahead: years as u16 };
        let same = |r: &JsValue, c: core::ExpiryCheck| {
            (
                (b(r, "isValid"), b(r, "isPotentiallyValid"), s(r, "month"), s(r, "year")),
                (c.is_valid, c.is_potentially_valid, c.month.map(|m| format!("{m:02}")), c.year.map(|y| format!("{y:04}"))),
            )
        };

        let text = cards::expiry_input(&mut rng);
        let r = wasm::validate_expiry(js(&text), options_js.clone()).unwrap();
        let (got, want) = same(&r, core::validate_expiry(&text, &options));
        assert_eq!(got, want, "validateExpiry, case {i}: {text:?}");

        // Parts as strings, or (when they are whole numbers) as JS numbers.
        let (month, year) = cards::expiry_parts(&mut rng);
        let as_number = rng.one_in(3);
        let part = |v: &str| match v.parse::<u32>() {
            Ok(n) if as_number => (JsValue::from_f64(f64::from(n)), n.to_string()),
            _ => (js(v), v.to_owned()),
        };
        let ((mj, mc), (yj, yc)) = (part(&month), part(&year));
        let parts = js_sys::Object::new();
        js_sys::Reflect::set(&parts, &js("month"), &mj).unwrap();
        js_sys::Reflect::set(&parts, &js("year"), &yj).unwrap();
        let r = wasm::validate_expiry(parts.into(), options_js).unwrap();
        let (got, want) = same(&r, core::validate_expiry_parts(&mc, &yc, &options));
        assert_eq!(got, want, "validateExpiry(parts), case {i}: {month:?} {year:?}");

        let (caret_js, caret_core) = caret(&mut rng);
        let f = wasm::format_expiry(js(&text), caret_js);
        let g = core::format_expiry(&text, caret_core);
        assert_eq!(
            (s(&f, "value"), n(&f, "caret")),
            (Some(g.value.clone()), g.caret as f64),
            "formatExpiry, case {i}: {text:?} at {caret_js:?}"
        );
    }
}

#[wasm_bindgen_test]
fn codes_and_names_agree() {
    let mut rng = Rng::new(0x5eed_0003);
    for i in 0..CASES {
        let code = cards::code_input(&mut rng);
        let brand = cards::brand_name(&mut rng);
        let r = wasm::validate_cvc(js(&code), brand.as_deref().map_or(JsValue::UNDEFINED, JsValue::from_str));
        let c = core::validate_cvc(&code, brand.as_deref().and_then(Brand::find));
        assert_eq!(
            (b(&r, "isValid"), b(&r, "isPotentiallyValid")),
            (c.is_valid, c.is_potentially_valid),
            "validateCvc, case {i}: {code:?} for {brand:?}"
        );

        let name = cards::name_input(&mut rng);
        let r = wasm::validate_cardholder_name(js(&name));
        let c = core::validate_name(&name);
        assert_eq!(
            (b(&r, "isValid"), b(&r, "isPotentiallyValid")),
            (c.is_valid, c.is_potentially_valid),
            "validateCardholderName, case {i}: {name:?}"
        );
    }
}

#[wasm_bindgen_test]
fn whole_cards_agree() {
    let mut rng = Rng::new(0x5eed_0004);
    let options = CardOptions::new(today());
    for i in 0..CASES {
        let number = cards::number_input(&mut rng);
        let code = cards::code_input(&mut rng);
        let name = cards::name_input(&mut rng);
        let (expiry, month, year) = if rng.one_in(2) {
            (Some(cards::expiry_input(&mut rng)), None, None)
        } else {
            let (m, y) = cards::expiry_parts(&mut rng);
            (None, Some(m), Some(y))
        };
        let (given, family) = if rng.one_in(4) {
            (Some(cards::name_input(&mut rng)), Some(cards::name_input(&mut rng)))
        } else {
            (None, None)
        };
        let name = (!rng.one_in(5)).then_some(name);
        let card = object(&[
            ("number", Some(&number)),
            ("expiry", expiry.as_deref()),
            ("month", month.as_deref()),
            ("year", year.as_deref()),
            ("verification_value", Some(&code)),
            ("name", name.as_deref()),
            ("given_name", given.as_deref()),
            ("family_name", family.as_deref()),
        ]);
        let r = wasm::validate_card(card, at_nov_2026("{}")).unwrap();
        let core_card = CardDetails {
            number: Some(number.as_str().into()),
            month,
            year,
            expiry,
            verification_value: Some(code.as_str().into()),
            name,
            given_name: given,
            family_name: family,
            email: None,
            ..Default::default()
        };
        let want = core_errors(&core::validate_card(&core_card, &options));
        assert_eq!(b(&r, "isValid"), want.is_empty(), "validateCard, case {i}");
        assert_eq!(errors_of(&r), want, "validateCard, case {i}: {core_card:?}");
    }
}

#[wasm_bindgen_test]
fn payment_details_of_every_type_agree() {
    let mut rng = Rng::new(0x5eed_0005);
    let options = DetailsOptions::new(today());
    let emails = ["taro@example.com", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "taro@", ""];
    let phones = ["090-1111-2222", "０３１２３４５６７８", "12", ""];
    let kana = ["タロウ", "ﾀﾛｳ", "やまだ", "Taro", ""];
    let stores = ["lawson", " Family_Mart ", "amazon", ""];
    for i in 0..CASES / 3 {
        let kind = rng.pick(&PaymentKind::ALL).as_str();
        let kind = if rng.one_in(10) { "paypal" } else { kind };
        let pick = |rng: &mut Rng, from: &[&str]| Some(rng.pick(from).to_string()).filter(|_| !rng.one_in(4));
        let number = cards::number_input(&mut rng);
        let code = cards::code_input(&mut rng);
        let expiry = cards::expiry_input(&mut rng);
        let name = cards::name_input(&mut rng);
        let prepaid = cards::typed_form(&mut rng, &cards::digits(&mut Rng::new(i as u64), 16));
        let fields: Vec<(&str, Option<String>)> = vec![
            ("type", Some(kind.to_owned())),
            ("number", Some(number)),
            ("expiry", Some(expiry)),
            ("verification_value", Some(code)),
            ("name", Some(name)),
            ("email", pick(&mut rng, &emails)),
            ("phone", pick(&mut rng, &phones)),
            ("store", pick(&mut rng, &stores)),
            ("expiry_days", pick(&mut rng, &["3", "61", "x"])),
            ("given_name", pick(&mut rng, &["太郎", "4111 1111"])),
            ("family_name", pick(&mut rng, &["山田", ""])),
            ("given_name_kana", pick(&mut rng, &kana)),
            ("family_name_kana", pick(&mut rng, &kana)),
            ("prepaid_number", Some(prepaid).filter(|_| !rng.one_in(3))),
            ("culture_id", pick(&mut rng, &["11111111", ""])),
            ("culture_password", pick(&mut rng, &["pw", ""])),
            ("return_url", pick(&mut rng, &["https://shop.example/done", "javascript:x"])),
        ];
        let borrowed: Vec<(&str, Option<&str>)> = fields.iter().map(|(k, v)| (*k, v.as_deref())).collect();
        let r = wasm::validate_details(object(&borrowed), at_nov_2026("{}")).unwrap();
        let get = |key: &str| fields.iter().find(|(k, _)| *k == key).and_then(|(_, v)| v.clone());
        let secret = |key: &str| get(key).map(|v| v.as_str().into());
        let raw = RawDetails {
            kind: get("type"),
            number: secret("number"),
            expiry: get("expiry"),
            verification_value: secret("verification_value"),
            name: get("name"),
            email: get("email"),
            phone: get("phone"),
            store: get("store"),
            expiry_days: get("expiry_days"),
            given_name: get("given_name"),
            family_name: get("family_name"),
            given_name_kana: get("given_name_kana"),
            family_name_kana: get("family_name_kana"),
            prepaid_number: secret("prepaid_number"),
            culture_id: secret("culture_id"),
            culture_password: secret("culture_password"),
            return_url: get("return_url"),
            ..Default::default()
        };
        let want = core_errors(&details::validate_details(&raw, &options));
        assert_eq!(errors_of(&r), want, "validateDetails, case {i}: {raw:?}");
    }
}
