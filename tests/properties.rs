//! Property tests (proptest) of every public validator, formatter and parser
//! of card input, over arbitrary strings and generated card input: none
//! panics, none is slower than linear on long input, and the invariants
//! between them hold (formatting keeps the digits and the caret, Luhn check
//! digits validate, text and part expiries agree, a whole card's errors are
//! its fields' errors). `normalize_details` never panicking on arbitrary
//! details is `src/details/tests/properties.rs`; here, generated cards of
//! every brand go through it. Native only: `cargo test`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/cards.rs"]
mod cards;

use cards::Rng;
use proptest::prelude::*;
use std::time::{Duration, Instant};
use tessera::card::{
    self, detect, digits, format_card_number, format_expiry, last4, luhn, mask, possible_brands,
    validate_card, validate_cvc, validate_expiry, validate_expiry_parts, validate_name,
    validate_number, Brand, CardDetails, CardOptions, ExpiryOptions, NumberOptions,
};
use tessera::date::YearMonth;
use tessera::details::{normalize_details, DetailsOptions, RawDetails};
use tessera::{ErrorCode, Field, FieldError, SecretString};

fn today() -> YearMonth {
    YearMonth::new(2026, 11).unwrap()
}

fn expiry_options() -> ExpiryOptions {
    ExpiryOptions::new(today())
}

/// Any string: arbitrary Unicode, or generated card-like input of every kind.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9０-９ /\\-\u{3000}]{0,30}",
        any::<u64>().prop_map(|s| cards::number_input(&mut Rng::new(s))),
        any::<u64>().prop_map(|s| cards::expiry_input(&mut Rng::new(s))),
        any::<u64>().prop_map(|s| cards::code_input(&mut Rng::new(s))),
        any::<u64>().prop_map(|s| cards::name_input(&mut Rng::new(s))),
    ]
}

/// The ASCII digits of `value` (full-width ones mapped), every other character dropped.
fn all_digits(value: &str) -> Vec<u8> {
    value.chars().filter_map(digits::ascii_digit).collect()
}

/// How many digits of `value` start before the UTF-16 offset `caret`.
fn digits_before(value: &str, caret: usize) -> usize {
    let mut units = 0;
    let mut n = 0;
    for c in value.chars() {
        if units >= caret {
            break;
        }
        if digits::ascii_digit(c).is_some() {
            n += 1;
        }
        units += c.len_utf16();
    }
    n
}

proptest! {
    #[test]
    fn number_checks_are_consistent(
        value in text(),
        max_length in proptest::option::of(0usize..25),
        luhn_validate_unionpay in any::<bool>(),
    ) {
        let options = NumberOptions { luhn_validate_unionpay, max_length };
        let check = validate_number(&value, &options);
        prop_assert_eq!(check.is_valid, check.problem.is_none());
        if check.is_valid {
            prop_assert!(check.is_potentially_valid && check.brand.is_some());
        }
        match digits::normalize(&value) {
            None => {
                prop_assert_eq!((check.brand, check.is_potentially_valid), (None, false));
                prop_assert_eq!(check.problem, Some(ErrorCode::InvalidNumber));
                prop_assert_eq!(last4(&value), None);
            }
            Some(d) => {
                prop_assert_eq!(check.brand, detect(&d).brand());
                if let Some(brand) = check.brand {
                    prop_assert_eq!(possible_brands(&d), vec![brand]);
                    if check.is_valid {
                        prop_assert!(brand.has_length(d.len()));
                    }
                }
                let tail = last4(&value).unwrap();
                prop_assert_eq!(tail.as_bytes(), &d[d.len().saturating_sub(4)..]);
                // The mask shows at most the first six and the last four digits.
                let shown = mask(&value).bytes().filter(u8::is_ascii_digit).count();
                let allowed = if d.len() >= 16 { 10 } else { 4 };
                prop_assert!(shown <= allowed, "{} digits shown of {}", shown, d.len());
            }
        }
    }

    #[test]
    fn expiry_checks_are_consistent(value in text()) {
        let check = validate_expiry(&value, &expiry_options());
        prop_assert_eq!(check.is_valid, check.problem.is_none());
        if let Some(m) = check.month {
            prop_assert!((1..=12).contains(&m));
        }
        if check.is_valid {
            let (m, y) = (check.month.unwrap(), check.year.unwrap());
            prop_assert!(check.is_potentially_valid);
            prop_assert!((y, m) >= (2026, 11) && y <= 2026 + 19);
        }
    }

    #[test]
    fn expiry_parts_agree_with_every_text_form(month in 0u8..=13, year in 2000u16..2060, four in any::<bool>()) {
        let y = if four { format!("{year}") } else { format!("{:02}", year % 100) };
        let parts = validate_expiry_parts(&month.to_string(), &y, &expiry_options());
        let mut forms = vec![
            format!("{month:02}/{y}"),
            format!("{month:02} / {y}"),
            format!("{month:02}-{y}"),
            format!("{month:02}{y}"),
            cards::full_width(&format!("{month:02}／{y}")),
        ];
        if four {
            forms.push(format!("{y}-{month:02}"));
        }
        for text in forms {
            prop_assert_eq!(validate_expiry(&text, &expiry_options()), parts, "{}", text);
        }
        if (1..=12).contains(&month) && (2026..=2045).contains(&year) && (year, month) >= (2026, 11) {
            prop_assert!(parts.is_valid);
            prop_assert_eq!((parts.month, parts.year), (Some(month), Some(year)));
        }
    }

    #[test]
    fn a_formatted_expiry_reads_back_as_the_same_month_and_year(month in 1u8..=12, year in 2026u16..2046) {
        for text in [format!("{month:02}/{:02}", year % 100), format!("{month:02}{year}"), format!("{year}-{month:02}")] {
            let formatted = format_expiry(&text, None).value.clone();
            let (a, b) = (validate_expiry(&text, &expiry_options()), validate_expiry(&formatted, &expiry_options()));
            prop_assert_eq!((a.is_valid, a.month, a.year), (b.is_valid, b.month, b.year), "{} -> {}", text, formatted);
        }
    }

    #[test]
    fn formatting_a_number_keeps_its_digits_up_to_the_brands_longest_length(value in text(), caret in proptest::option::of(0usize..40)) {
        let typed = all_digits(&value);
        let first = &typed[..typed.len().min(19)];
        let max = detect(first).brand().map_or(19, Brand::max_length);
        let f = format_card_number(&value, caret);
        let kept = digits::normalize(&f.value).expect("only digits and spaces");
        prop_assert_eq!(&kept[..], &typed[..typed.len().min(max)]);
        // Digits and single spaces, grouped at the gaps, no space at either end.
        prop_assert!(!f.value.starts_with(' ') && !f.value.ends_with(' ') && !f.value.contains("  "));
        prop_assert!(f.value.bytes().all(|b| b.is_ascii_digit() || b == b' '));
        // Formatting what was formatted changes nothing.
        prop_assert_eq!(&format_card_number(&f.value, None).value, &f.value);
    }

    #[test]
    fn the_number_caret_stays_after_the_same_digit(value in text(), caret in proptest::option::of(0usize..40)) {
        let f = format_card_number(&value, caret);
        prop_assert!(f.caret <= f.value.len());
        let kept = all_digits(&f.value).len();
        let before = match caret {
            None => kept,
            Some(k) => digits_before(&value, k).min(kept),
        };
        prop_assert_eq!(digits_before(&f.value, f.caret), before);
        // The caret sits right after a digit (or at the start).
        prop_assert!(f.caret == 0 || f.value.as_bytes()[f.caret - 1].is_ascii_digit());
    }

    #[test]
    fn expiry_formatting_stays_in_shape_and_bounds(value in text(), caret in proptest::option::of(0usize..40)) {
        let f = format_expiry(&value, caret);
        prop_assert!(f.caret <= f.value.len());
        // The caret sits at the start, right after a digit, or at the start
        // of the year (right after " / ", where the month and year are kept
        // apart once a year digit exists).
        prop_assert!(
            f.caret == 0
                || f.value.as_bytes()[f.caret - 1].is_ascii_digit()
                || f.value.get(..f.caret).is_some_and(|head| head.ends_with(" / ")),
            "{:?} caret {}", f.value, f.caret
        );
        // "", "M", "MM", or "MM / Y…" with up to four year digits; the month
        // may be shorter while it is being edited in place ("1 / 29", " / 29"),
        // and a lone 1 only while the caret is in it.
        let ok = match f.value.split_once(" / ") {
            None => f.value.len() <= 2 && f.value.bytes().all(|b| b.is_ascii_digit()),
            Some((m, y)) => m.len() <= 2 && (1..=4).contains(&y.len())
                && m.bytes().chain(y.bytes()).all(|b| b.is_ascii_digit())
                && (m != "1" || f.caret <= 1),
        };
        prop_assert!(ok, "{:?} -> {:?}", value, f.value);
        if caret.is_none() && !f.value.is_empty() {
            prop_assert_eq!(f.caret, f.value.len(), "{:?}", value);
        }
        // Formatting what was formatted, with its caret, changes nothing.
        prop_assert_eq!(&format_expiry(&f.value, Some(f.caret)).value, &f.value);
    }

    #[test]
    fn a_luhn_check_digit_always_validates_and_any_one_changed_digit_fails(payload in "[0-9]{0,30}", change in any::<u64>()) {
        let mut number = payload.clone().into_bytes();
        number.push(b'0' + luhn::check_digit(payload.as_bytes()));
        prop_assert!(luhn::is_valid(&number));
        let i = (change as usize) % number.len();
        let old = number[i];
        number[i] = b'0' + (old - b'0' + 1 + (change / 64 % 9) as u8) % 10;
        prop_assert!(!luhn::is_valid(&number), "{}", String::from_utf8_lossy(&number));
    }

    #[test]
    fn generated_numbers_of_every_brand_validate_in_every_typed_form(seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let (brand, number) = cards::any_valid_number(&mut rng);
        for form in [
            number.clone(),
            cards::typed_form(&mut rng, &number),
            cards::full_width(&number),
            format_card_number(&number, None).value.clone(),
        ] {
            let check = validate_number(&form, &NumberOptions::default());
            prop_assert!(check.is_valid, "{} ({})", mask(&form), brand.kind);
            prop_assert_eq!(check.brand.map(|b| b.kind), Some(brand.kind));
        }
        // The code of the brand's size is valid for it, one digit less is incomplete.
        let code = cards::digits(&mut rng, brand.code.size as usize);
        prop_assert!(validate_cvc(&code, Some(brand)).is_valid);
        let short = validate_cvc(&code[1..], Some(brand));
        prop_assert_eq!((short.is_potentially_valid, short.problem), (true, Some(ErrorCode::IncompleteCvc)));
    }

    #[test]
    fn code_and_name_checks_are_consistent(value in text(), b in 0usize..16) {
        let brand = Brand::all().get(b);
        let check = validate_cvc(&value, brand);
        prop_assert_eq!(check.is_valid, check.problem.is_none());
        if check.is_valid {
            let n = value.trim().chars().count();
            prop_assert!(check.is_potentially_valid && (3..=4).contains(&n));
            prop_assert!(value.trim().chars().all(|c| digits::ascii_digit(c).is_some()));
        }
        let name = validate_name(&value);
        prop_assert_eq!(name.is_valid, name.problem.is_none());
        if name.is_valid {
            prop_assert!(name.is_potentially_valid && !value.trim().is_empty());
        }
    }

    #[test]
    fn a_cards_errors_are_its_fields_errors_in_order(seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let card = CardDetails {
            number: Some(cards::number_input(&mut rng).as_str().into()),
            expiry: Some(cards::expiry_input(&mut rng)),
            verification_value: Some(cards::code_input(&mut rng).as_str().into()),
            name: Some(cards::name_input(&mut rng)),
            ..Default::default()
        };
        let options = CardOptions::new(today());
        let number = card.number.as_ref().map_or("", SecretString::expose);
        let code = card.verification_value.as_ref().map_or("", SecretString::expose);
        let n = validate_number(number, &options.number);
        let mut want = Vec::new();
        want.extend(n.problem.map(|p| FieldError::new(Field::Number, p)));
        let expiry_text = card.expiry.as_deref().unwrap_or("");
        let expiry = if expiry_text.trim().is_empty() {
            validate_expiry_parts("", "", &expiry_options())
        } else {
            validate_expiry(expiry_text, &expiry_options())
        };
        want.extend(expiry.problem.map(|p| FieldError::new(Field::Expiry, p)));
        want.extend(validate_cvc(code, n.brand).problem.map(|p| FieldError::new(Field::VerificationValue, p)));
        let name = card.holder_name().unwrap_or_default();
        want.extend(validate_name(&name).problem.map(|p| FieldError::new(Field::Name, p)));
        prop_assert_eq!(validate_card(&card, &options), want.clone());
        match card::normalize_card(&card, &options) {
            Ok(normal) => {
                prop_assert!(want.is_empty());
                prop_assert_eq!(normal.number.expose().as_bytes(), &all_digits(number)[..]);
                prop_assert_eq!(&normal.last4, &last4(number).unwrap());
                prop_assert_eq!(Some(normal.brand), n.brand);
            }
            Err(errors) => prop_assert_eq!(errors, want),
        }
    }

    #[test]
    fn generated_cards_of_every_brand_normalise_through_the_details_model(seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let (brand, number) = cards::any_valid_number(&mut rng);
        let code = cards::digits(&mut rng, brand.code.size as usize);
        let typed = cards::typed_form(&mut rng, &number);
        let raw = RawDetails {
            number: Some(typed.as_str().into()),
            month: Some(format!("{}", rng.between(1, 12))),
            year: Some("2031".into()),
            verification_value: Some(code.as_str().into()),
            given_name: Some("Taro".into()),
            family_name: Some("Yamada".into()),
            ..Default::default()
        };
        let details = normalize_details(&raw, &DetailsOptions::new(today()))
            .unwrap_or_else(|e| panic!("{} ({}): {e:?}", mask(&number), brand.kind));
        let wire: serde_json::Value = serde_json::to_value(&details).unwrap();
        prop_assert_eq!(wire["number"].as_str(), Some(number.as_str()));
        prop_assert_eq!(wire["verification_value"].as_str(), Some(code.as_str()));
        prop_assert_eq!(wire["name"].as_str(), Some("Taro Yamada"));
        let card = details.card().unwrap();
        prop_assert_eq!((card.brand.kind, card.last4.as_str()), (brand.kind, &number[number.len() - 4..]));
        let echo = serde_json::to_string(&details.echo()).unwrap();
        prop_assert!(!echo.contains(&number) && !echo.contains("verification_value"), "{}", echo);
    }
}

#[test]
fn every_brand_and_length_has_valid_numbers() {
    let mut rng = Rng::new(7);
    for brand in Brand::all() {
        for &len in brand.lengths {
            let n = cards::valid_number(&mut rng, brand, len as usize)
                .unwrap_or_else(|| panic!("no valid {} number of {len} digits", brand.kind));
            assert_eq!(n.len(), len as usize);
        }
    }
}

/// Runs `f` on `input` and fails if it takes longer than a linear pass over
/// 100 KB could. A debug build takes well under 200 ms for the slowest (a
/// `Debug` of every field); a quadratic validator would need some 10^10 steps
/// here, minutes. Over 2 s, which a loaded two-core CI machine can reach, the
/// time is compared with an eighth of the input: linear work takes about 8
/// times as long on the whole, quadratic work 64 times.
fn finishes_fast(what: &str, input: &str, f: impl Fn(&str)) {
    let timed = |v: &str| {
        let started = Instant::now();
        f(v);
        started.elapsed()
    };
    let took = timed(input);
    if took < Duration::from_secs(2) {
        return;
    }
    let mut cut = input.len() / 8;
    while !input.is_char_boundary(cut) {
        cut -= 1;
    }
    let eighth = timed(&input[..cut]);
    assert!(
        took < eighth * 24,
        "{what} took {took:?} on {} bytes and {eighth:?} on {cut}: not linear",
        input.len()
    );
}

#[test]
fn long_input_is_handled_in_linear_time() {
    const LEN: usize = 100 * 1024;
    let inputs = [
        "4".repeat(LEN),
        "4 ".repeat(LEN / 2),
        "４".repeat(LEN / 3),
        "1/".repeat(LEN / 2),
        "a".repeat(LEN),
        " ".repeat(LEN),
        "ｶﾞ".repeat(LEN / 6),
        "4111 1111 1111 1111 ".repeat(LEN / 20),
        "😀".repeat(LEN / 4),
    ];
    let options = CardOptions::new(today());
    for input in &inputs {
        finishes_fast("validate_number", input, |v| {
            validate_number(v, &NumberOptions::default());
        });
        finishes_fast("possible_brands", input, |v| {
            possible_brands(&all_digits(v));
        });
        finishes_fast("validate_expiry", input, |v| {
            validate_expiry(v, &expiry_options());
        });
        finishes_fast("validate_expiry_parts", input, |v| {
            validate_expiry_parts(v, v, &expiry_options());
        });
        finishes_fast("validate_cvc", input, |v| {
            validate_cvc(v, None);
        });
        finishes_fast("validate_name", input, |v| {
            validate_name(v);
        });
        finishes_fast("format_card_number", input, |v| {
            format_card_number(v, Some(v.len() / 2));
        });
        finishes_fast("format_expiry", input, |v| {
            format_expiry(v, Some(v.len() / 2));
        });
        finishes_fast("last4 and mask", input, |v| {
            last4(v);
            mask(v);
        });
        finishes_fast("redact_digits", input, |v| {
            tessera::secret::redact_digits(v);
        });
        finishes_fast("validate_card", input, |v| {
            let card = CardDetails {
                number: Some(v.into()),
                expiry: Some(v.to_owned()),
                verification_value: Some(v.into()),
                name: Some(v.to_owned()),
                email: Some(v.to_owned()),
                ..Default::default()
            };
            validate_card(&card, &options);
            let _ = format!("{card:?}");
        });
        for kind in [
            "credit_card",
            "konbini",
            "bank_transfer",
            "web_money",
            "zgold",
            "dospara",
        ] {
            finishes_fast(kind, input, |v| {
                let s = Some(v.to_owned());
                let raw = RawDetails {
                    kind: Some(kind.into()),
                    number: Some(v.into()),
                    name: s.clone(),
                    email: s.clone(),
                    phone: s.clone(),
                    store: s.clone(),
                    expiry_days: s.clone(),
                    given_name: s.clone(),
                    family_name: s.clone(),
                    given_name_kana: s.clone(),
                    family_name_kana: s.clone(),
                    prepaid_number: Some(v.into()),
                    user_no: Some(v.into()),
                    user_password: Some(v.into()),
                    return_url: s,
                    ..Default::default()
                };
                let _ = normalize_details(&raw, &DetailsOptions::new(today()));
                let _ = format!("{raw:?}");
            });
        }
    }
}
