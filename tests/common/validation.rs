// Validation API tests, shared by the browser and Node suites (included by
// tests/browser.rs and tests/node.rs). They call the exported functions with
// JavaScript values and read the JavaScript objects they return.

use super::common::*;
use tessera::wasm::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn number(v: &str) -> (Option<String>, bool, bool) {
    let r = validate_card_number(JsValue::from_str(v), JsValue::UNDEFINED).unwrap();
    (s(&r, "brand.type"), b(&r, "isPotentiallyValid"), b(&r, "isValid"))
}

#[wasm_bindgen_test]
fn every_issue_example_holds_through_the_js_api() {
    let cases: &[(&str, Option<&str>, bool, bool)] = &[
        ("", None, true, false),
        ("4", None, true, false),
        ("41", Some("visa"), true, false),
        ("2720", Some("mastercard"), true, false),
        ("2721", None, false, false),
        ("4111 1111 1111 1111", Some("visa"), true, true),
        ("4111111111111112", Some("visa"), true, false),
        ("378282246310005", Some("american-express"), true, true),
        ("6212345000000001", Some("unionpay"), true, true),
        ("3530111333300000", Some("jcb"), true, true),
        ("5555555555554446", Some("mastercard"), false, false),
        ("411111y", None, false, false),
    ];
    for &(input, brand, potential, valid) in cases {
        assert_eq!(number(input), (brand.map(str::to_owned), potential, valid), "input {input:?}");
    }
}

#[wasm_bindgen_test]
fn brand_objects_carry_the_table_facts() {
    let r = validate_card_number(JsValue::from_str("3782"), JsValue::UNDEFINED).unwrap();
    let brand = prop(&r, "brand");
    assert_eq!(s(&brand, "niceType").as_deref(), Some("American Express"));
    assert_eq!(s(&brand, "komoju").as_deref(), Some("american_express"));
    assert_eq!(s(&brand, "code.name").as_deref(), Some("CID"));
    assert_eq!(n(&prop(&brand, "code"), "size"), 4.0);
    let gaps: Vec<f64> = js_sys::Array::from(&prop(&brand, "gaps")).iter().filter_map(|v| v.as_f64()).collect();
    assert_eq!(gaps, [4.0, 10.0]);
    assert!(js_sys::Object::is_frozen(brand.unchecked_ref::<js_sys::Object>()));
    let troy = validate_card_number(JsValue::from_str("9792"), JsValue::UNDEFINED).unwrap();
    assert!(prop(&prop(&troy, "brand"), "komoju").is_null());
}

#[wasm_bindgen_test]
fn number_options_apply() {
    let opts = json(r#"{"luhnValidateUnionPay": true}"#);
    let r = validate_card_number(JsValue::from_str("6212345000000001"), opts).unwrap();
    assert!(!b(&r, "isValid"));
    let opts = json(r#"{"maxLength": 16}"#);
    let r = validate_card_number(JsValue::from_str("41111111111111111"), opts).unwrap();
    assert!(!b(&r, "isPotentiallyValid"));
    let bad = validate_card_number(JsValue::from_str("4"), json(r#"{"maxLength": "x"}"#)).unwrap_err();
    assert_eq!(s(&bad, "type").as_deref(), Some("integration_error"));
    assert_eq!(s(&bad, "code").as_deref(), Some("invalid_option"));
    assert!(bad.is_instance_of::<js_sys::Error>());
}

#[wasm_bindgen_test]
fn non_strings_never_throw() {
    for v in [JsValue::UNDEFINED, JsValue::NULL, JsValue::TRUE, json("{}"), JsValue::from_f64(f64::NAN)] {
        let r = validate_card_number(v.clone(), JsValue::UNDEFINED).unwrap();
        assert!(!b(&r, "isValid"));
        assert!(!b(&validate_cvc(v.clone(), JsValue::UNDEFINED), "isValid"));
        assert!(!b(&validate_cardholder_name(v.clone()), "isValid"));
        assert_eq!(s(&format_card_number(v.clone(), None), "value").as_deref(), Some(""));
    }
    // A number is read as its digits, as card-validator does.
    let r = validate_card_number(JsValue::from_f64(4111111111111111.0), JsValue::UNDEFINED).unwrap();
    assert!(b(&r, "isValid"));
}

#[wasm_bindgen_test]
fn card_brands_lists_what_is_still_possible() {
    let kinds = |v: &str| -> Vec<String> {
        card_brands(JsValue::from_str(v)).iter().filter_map(|b| s(&b, "type")).collect()
    };
    assert_eq!(kinds("4"), ["visa", "naranja", "maestro", "elo"]);
    assert_eq!(kinds("41"), ["visa"]);
    assert_eq!(kinds("").len(), 15);
    assert!(kinds("2721").is_empty());
    assert!(kinds("x").is_empty());
}

#[wasm_bindgen_test]
fn a_brand_is_reported_when_exactly_one_remains_by_both_functions() {
    // Issue 15: cardBrands and validateCardNumber give one answer.
    for (v, kind) in [("9", "troy"), ("30", "diners-club"), ("979", "troy"), ("5018", "maestro")] {
        assert_eq!(number(v).0.as_deref(), Some(kind), "{v}");
        let list: Vec<String> = card_brands(JsValue::from_str(v)).iter().filter_map(|b| s(&b, "type")).collect();
        assert_eq!(list, [kind], "{v}");
    }
}

fn typed(r: &JsValue) -> (String, f64) {
    (s(r, "value").unwrap_or_default(), n(r, "caret"))
}

#[wasm_bindgen_test]
fn card_number_input_formats_and_validates_in_one_call() {
    let r = card_number_input("41111111".into(), Some(4.0), JsValue::from_str("deleteContentForward"), JsValue::UNDEFINED).unwrap();
    assert_eq!(typed(&r), ("4111 111".into(), 4.0));
    assert_eq!(s(&r, "brand.type").as_deref(), Some("visa"));
    assert_eq!((b(&r, "isValid"), b(&r, "isPotentiallyValid")), (false, true));
    let r = card_number_input("41111111".into(), Some(4.0), JsValue::from_str("deleteContentBackward"), JsValue::UNDEFINED).unwrap();
    assert_eq!(typed(&r), ("4111 111".into(), 3.0));
    let r = card_number_input("4111111111111111111".into(), None, JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
    assert_eq!(typed(&r), ("4111 1111 1111 1111 111".into(), 23.0));
    let r = card_number_input("4111 1111 1111 1111".into(), Some(19.0), JsValue::from_str("insertText"), JsValue::UNDEFINED).unwrap();
    assert!(b(&r, "isValid"));
    for v in [JsValue::UNDEFINED, JsValue::NULL, JsValue::TRUE, json("{}")] {
        let r = card_number_input(v, Some(f64::NAN), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
        assert_eq!(typed(&r), (String::new(), 0.0));
        assert!(prop(&r, "brand").is_null());
    }
    let bad = card_number_input("4".into(), None, JsValue::UNDEFINED, json(r#"{"maxLength": "x"}"#)).unwrap_err();
    assert_eq!(s(&bad, "code").as_deref(), Some("invalid_option"));
}

#[wasm_bindgen_test]
fn expiry_input_keeps_the_year_while_the_month_is_edited() {
    let at = |v: &str, caret: f64, input_type: &str| {
        expiry_input(v.into(), Some(caret), JsValue::from_str(input_type), at_nov_2026("{}")).unwrap()
    };
    // "12 / 29": Home, →, →, Backspace; then "1".
    let r = at("1 / 29", 1.0, "deleteContentBackward");
    assert_eq!(typed(&r), ("1 / 29".into(), 1.0));
    let r = at("11 / 29", 2.0, "insertText");
    assert_eq!(typed(&r), ("11 / 29".into(), 2.0));
    assert_eq!((s(&r, "month"), s(&r, "year"), b(&r, "isValid")), (Some("11".into()), Some("2029".into()), true));
    // Backspace just after " / ", Delete just before it.
    assert_eq!(typed(&at("12 /29", 4.0, "deleteContentBackward")), ("1 / 29".into(), 1.0));
    assert_eq!(typed(&at("12/ 29", 2.0, "deleteContentForward")), ("12 / 9".into(), 2.0));
    let r = at("10/26", 5.0, "insertText");
    assert_eq!((b(&r, "isValid"), b(&r, "isPotentiallyValid")), (false, false));
}

#[wasm_bindgen_test]
fn cvc_input_keeps_digits_up_to_the_code_size() {
    let r = cvc_input("1a234".into(), Some(5.0), JsValue::from_str("visa"));
    assert_eq!(typed(&r), ("123".into(), 3.0));
    assert!(b(&r, "isValid"));
    let r = cvc_input("１２３４５".into(), Some(2.0), JsValue::from_str("american_express"));
    assert_eq!(typed(&r), ("1234".into(), 2.0));
    let r = cvc_input(JsValue::NULL, None, JsValue::UNDEFINED);
    assert_eq!((typed(&r), b(&r, "isPotentiallyValid")), ((String::new(), 0.0), true));
}

#[wasm_bindgen_test]
fn the_packed_paths_answer_as_the_general_ones() {
    // What js/tessera.js passes: UTF-16 units, two per word, low half first.
    let pack = |v: &str| -> (u32, [u32; 6]) {
        let units: Vec<u16> = v.encode_utf16().collect();
        let mut w = [0u32; 6];
        for (i, u) in units.iter().take(12).enumerate() {
            w[i / 2] |= u32::from(*u) << (16 * (i % 2));
        }
        (units.len() as u32, w)
    };
    // Security codes that are not plain ASCII digits: validateCvc's and
    // cvcInput's answers in one word.
    for code in ["", "12", "123", "12345", "12a", "１２３", " 123", "1 2", "１２３４５", "\u{1F600}1", "a1b2c3"] {
        for brand in [None, Some("visa"), Some("american-express"), Some("american_express"), Some("nope")] {
            for caret in [None, Some(0.0), Some(2.0)] {
                let (len, w) = pack(code);
                let index = brand.map_or(-1, brand_index);
                let bits = cvc_bits(len, w[0], w[1], w[2], w[3], caret.map_or(-1, |c| c as i32), index);
                let check = validate_cvc(code.into(), brand.map_or(JsValue::UNDEFINED, JsValue::from_str));
                let typed_in = cvc_input(code.into(), caret, brand.map_or(JsValue::UNDEFINED, JsValue::from_str));
                if bits == u32::MAX {
                    assert!(len > 8 || !code.is_ascii(), "{code:?}: only what does not fit takes the general path");
                    continue;
                }
                assert_eq!((bits & 1 == 1, bits & 2 == 2), (b(&check, "isValid"), b(&check, "isPotentiallyValid")), "{code:?} {brand:?}");
                assert_eq!(cvc_bits(len, w[0], w[1], w[2], w[3], -2, index), bits & 3, "validateCvc only");
                assert_eq!((bits & 4 == 4, bits & 8 == 8), (b(&typed_in, "isValid"), b(&typed_in, "isPotentiallyValid")), "{code:?} {brand:?}");
                let kept: String = (0..(bits >> 20) & 7).map(|i| char::from(b'0' + ((bits >> (4 + 4 * i)) & 15) as u8)).collect();
                assert_eq!((kept, f64::from((bits >> 23) & 7)), typed(&typed_in), "{code:?} {brand:?} {caret:?}");
            }
        }
    }
    for v in ["", "1", "12/", "12/29", "12 / 29", "1229", "2029-12", "13/29", "10/26", "１２／２９", "12/29999"] {
        let (len, w) = pack(v);
        let bits = expiry_bits(len, w[0], w[1], w[2], w[3], w[4], w[5], -1, VALIDATE_ONLY, 2026, 11);
        let general = validate_expiry(v.into(), at_nov_2026("{}")).unwrap();
        if !v.is_ascii() {
            assert_eq!(bits, u32::MAX, "{v}: not ASCII, the general path");
            continue;
        }
        let month = (bits >> 2) & 15;
        let year = (bits >> 6) & 0x3FFF;
        assert_eq!(bits & 1 == 1, b(&general, "isValid"), "{v}");
        assert_eq!(bits & 2 == 2, b(&general, "isPotentiallyValid"), "{v}");
        assert_eq!(s(&general, "month"), (month > 0).then(|| format!("{month:02}")), "{v}");
        assert_eq!(s(&general, "year"), (year > 0).then(|| format!("{year:04}")), "{v}");
    }
    assert_eq!(expiry_bits(0, 0, 0, 0, 0, 0, 0, -1, VALIDATE_ONLY, 2026, 13), u32::MAX, "not a month: the general path");
    assert_eq!(expiry_bits(13, 0, 0, 0, 0, 0, 0, -1, VALIDATE_ONLY, 2026, 11), u32::MAX, "too long for the words");
    // expiryInput: the formatted value left in wasm memory, the caret and
    // its length in the bits, as the general path answers.
    let edits = [("insertText", None), ("deleteContentBackward", Some(1.0)), ("deleteContentForward", Some(1.0))];
    for v in ["", "1", "12", "123", "12/29", "12 / 29", "12 /29", "1229", "2029-12", "13/29", "１２／２９", "12 / 2029", "1 2 3 4 5 6 7"] {
        for (input_type, caret) in edits {
            let caret = caret.or(Some(v.encode_utf16().count() as f64));
            let (len, w) = pack(v);
            let bits = expiry_bits(len, w[0], w[1], w[2], w[3], w[4], w[5], caret.unwrap() as i32, edit_code(input_type), 2026, 11);
            let general = expiry_input(v.into(), caret, JsValue::from_str(input_type), at_nov_2026("{}")).unwrap();
            if v.encode_utf16().count() > 12 || !v.is_ascii() {
                assert_eq!(bits, u32::MAX, "{v}: the general path");
                continue;
            }
            let length = (bits >> 24) as usize;
            // The text is where __textOut says, as the entry reads it.
            #[allow(unsafe_code)]
            let out = unsafe { core::slice::from_raw_parts(text_out() as usize as *const u16, length) };
            assert_eq!(Some(String::from_utf16(out).unwrap()), s(&general, "value"), "{v} {input_type}");
            assert_eq!(f64::from((bits >> 20) & 15), n(&general, "caret"), "{v} {input_type}");
            assert_eq!((bits & 1 == 1, bits & 2 == 2), (b(&general, "isValid"), b(&general, "isPotentiallyValid")), "{v}");
            let month = (bits >> 2) & 15;
            assert_eq!(s(&general, "month"), (month > 0).then(|| format!("{month:02}")), "{v}");
        }
    }
    assert_eq!(edit_code("deleteContentBackward"), 1);
    assert_eq!(edit_code("deleteContentForward"), 2);
    assert_eq!(edit_code("insertFromPaste"), 0);
    assert_eq!(expiry_bits(0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 1), u32::MAX, "not a date: the general path");
}

#[wasm_bindgen_test]
fn expiry_through_the_js_api() {
    let opts = || at_nov_2026("{}");
    let r = validate_expiry(JsValue::from_str("12 / 29"), opts()).unwrap();
    assert!(b(&r, "isValid"));
    assert_eq!((s(&r, "month"), s(&r, "year")), (Some("12".into()), Some("2029".into())));
    let r = validate_expiry(json(r#"{"month": 1, "year": 29}"#), opts()).unwrap();
    assert_eq!((b(&r, "isValid"), s(&r, "month"), s(&r, "year")), (true, Some("01".into()), Some("2029".into())));
    let r = validate_expiry(json(r#"{"month": "11", "year": "2026"}"#), opts()).unwrap();
    assert!(b(&r, "isValid"), "the current month is valid");
    let r = validate_expiry(JsValue::from_str("10/26"), opts()).unwrap();
    assert_eq!((b(&r, "isValid"), b(&r, "isPotentiallyValid")), (false, false));
    let r = validate_expiry(JsValue::from_str("12/"), opts()).unwrap();
    assert_eq!((b(&r, "isValid"), b(&r, "isPotentiallyValid")), (false, true));
    assert!(prop(&r, "year").is_null());
    let wide = at_nov_2026(r#"{"maxYearsAhead": 40}"#);
    assert!(b(&validate_expiry(JsValue::from_str("01/2060"), wide).unwrap(), "isValid"));
    assert!(!b(&validate_expiry(JsValue::from_str("01/2060"), opts()).unwrap(), "isValid"));
    let bad = validate_expiry(JsValue::from_str("1/29"), json(r#"{"now": "yesterday"}"#)).unwrap_err();
    assert_eq!(s(&bad, "code").as_deref(), Some("invalid_option"));
}

#[wasm_bindgen_test]
fn cvc_and_name_through_the_js_api() {
    let v = |code: &str, brand: Option<&str>| b(&validate_cvc(code.into(), brand.map_or(JsValue::UNDEFINED, JsValue::from_str)), "isValid");
    assert!(v("1234", Some("american-express")));
    assert!(v("1234", Some("american_express")));
    assert!(!v("123", Some("american-express")));
    assert!(v("123", Some("visa")));
    assert!(v("1234", None));
    assert!(!v("12a", None));
    assert!(b(&validate_cardholder_name("TARO YAMADA".into()), "isValid"));
    let digits = validate_cardholder_name("4111 1111".into());
    assert_eq!((b(&digits, "isValid"), b(&digits, "isPotentiallyValid")), (false, true));
}

#[wasm_bindgen_test]
fn formatting_through_the_js_api() {
    let f = format_card_number("378282246310005".into(), None);
    assert_eq!(s(&f, "value").as_deref(), Some("3782 822463 10005"));
    assert_eq!(n(&f, "caret"), 17.0);
    let f = format_card_number("41111".into(), Some(5.0));
    assert_eq!((s(&f, "value").as_deref(), n(&f, "caret")), (Some("4111 1"), 6.0));
    let f = format_expiry("122".into(), None);
    assert_eq!((s(&f, "value").as_deref(), n(&f, "caret")), (Some("12 / 2"), 6.0));
    let f = format_card_number("30569309025904".into(), Some(-3.0));
    assert_eq!((s(&f, "value").as_deref(), n(&f, "caret")), (Some("3056 930902 5904"), 0.0));
}

#[wasm_bindgen_test]
fn validate_card_reports_every_field_in_both_languages() {
    let card = json(r#"{"number": "4111111111111112", "expiry": "10 / 26", "verification_value": "12", "name": "4111"}"#);
    let r = validate_card(card.clone(), at_nov_2026("{}")).unwrap();
    assert!(!b(&r, "isValid"));
    let errors = js_sys::Array::from(&prop(&r, "errors"));
    let got: Vec<(String, String)> =
        errors.iter().map(|e| (s(&e, "field").unwrap(), s(&e, "code").unwrap())).collect();
    let want = [
        ("number", "invalid_number"),
        ("expiry", "expired_card"),
        ("verification_value", "incomplete_cvc"),
        ("name", "invalid_name"),
    ];
    assert_eq!(got, want.map(|(f, c)| (f.to_owned(), c.to_owned())));
    assert_eq!(s(&errors.get(0), "message").as_deref(), Some("Your card number is invalid."));
    let ja = validate_card(card, at_nov_2026(r#"{"locale": "ja"}"#)).unwrap();
    let first = js_sys::Array::from(&prop(&ja, "errors")).get(0);
    assert_eq!(s(&first, "message").as_deref(), Some("カード番号が正しくありません。"));

    let good = json(r#"{"number": "4111 1111 1111 1111", "month": 12, "year": "2029", "verification_value": "123", "name": "TARO YAMADA"}"#);
    let r = validate_card(good, at_nov_2026("{}")).unwrap();
    assert!(b(&r, "isValid"));
    assert_eq!(js_sys::Array::from(&prop(&r, "errors")).length(), 0);

    let bad = validate_card(JsValue::from_str("4111"), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(s(&bad, "code").as_deref(), Some("invalid_argument"));
    let bad = validate_card(json("{}"), json(r#"{"locale": "fr"}"#)).unwrap_err();
    assert_eq!(s(&bad, "code").as_deref(), Some("invalid_option"));
}
