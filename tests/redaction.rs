//! Redaction properties (proptest, native): for generated valid card numbers
//! of every brand and length, typed in any form, and security codes, the
//! `Debug` and `Display` of every public type that can hold them, and every
//! error message, show at most the number's first six and last four digits
//! and never the code — even when the number is typed into the name field or
//! echoed by the server. The JS-side counterpart (`Prepared`, `TesseraError`)
//! is `tests/common/redaction.rs` in the wasm suites.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/cards.rs"]
mod cards;

use cards::Rng;
use proptest::prelude::*;
use tessera::card::{
    format_card_number, normalize_card, validate_card, validate_cvc, validate_number, Brand,
    CardDetails, CardOptions, NumberOptions,
};
use tessera::client::response::{error_from_status, token_from_response, ApiError, TokenResponse};
use tessera::client::{request::check_currency, Config, TokenCard, TokenRequest};
use tessera::date::YearMonth;
use tessera::details::{normalize_details, DetailsOptions, RawDetails};
use tessera::{Locale, SecretString};

fn options() -> CardOptions<'static> {
    CardOptions::new(YearMonth::new(2026, 11).unwrap())
}

/// A valid card: the number as typed (any form), its digits, its brand, and a
/// code of the brand's size.
#[derive(Debug)]
struct Card {
    typed: String,
    digits: String,
    brand: &'static Brand,
    code: String,
}

fn card(seed: u64) -> Card {
    let mut rng = Rng::new(seed);
    let (brand, digits) = cards::any_valid_number(&mut rng);
    finish(rng, brand, digits)
}

/// Another card of the same brand and length as `like`.
fn card_like(seed: u64, like: &Card) -> Card {
    let mut rng = Rng::new(seed);
    loop {
        if let Some(digits) = cards::valid_number(&mut rng, like.brand, like.digits.len()) {
            return finish(rng, like.brand, digits);
        }
    }
}

fn finish(mut rng: Rng, brand: &'static Brand, digits: String) -> Card {
    let typed = cards::typed_form(&mut rng, &digits);
    let code = cards::digits(&mut rng, brand.code.size as usize);
    Card {
        typed,
        digits,
        brand,
        code,
    }
}

fn details(number: &str, expiry: &str, code: &str, name: &str) -> CardDetails {
    CardDetails {
        number: Some(number.into()),
        expiry: Some(expiry.into()),
        verification_value: Some(code.into()),
        name: Some(name.into()),
        ..Default::default()
    }
}

fn raw(number: &str, expiry: &str, code: &str, name: &str) -> RawDetails {
    RawDetails {
        number: Some(number.into()),
        expiry: Some(expiry.into()),
        verification_value: Some(code.into()),
        name: Some(name.into()),
        email: Some("taro@example.com".into()),
        ..Default::default()
    }
}

/// Everything a merchant's code could print or log about a card with
/// `number` (as typed) and `code`: the `Debug` and `Display` of each type
/// that holds them, valid and invalid, and each error and its messages.
fn everything_shown(number: &str, code: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let o = options();
    out.push(format!("{:?}", SecretString::from(number)));
    out.push(format!("{:?}", SecretString::from(code)));

    let good = details(number, "12 / 34", code, "TARO YAMADA");
    // The number typed into the name fields, and into the email.
    let misplaced = CardDetails {
        given_name: Some(number.to_owned()),
        family_name: Some(number.to_owned()),
        email: Some(format!("{number}@example.com")),
        ..details(number, "12 / 34", code, number)
    };
    let expired = details(number, "10 / 26", code, "TARO YAMADA");
    let long_code = details(number, "12 / 34", &format!("{code}0"), "TARO YAMADA");
    for card in [&good, &misplaced, &expired, &long_code] {
        out.push(format!("{card:?}"));
        for e in validate_card(card, &o) {
            out.push(format!(
                "{e:?} {e} {} {}",
                e.message(Locale::En),
                e.message(Locale::Ja)
            ));
        }
        match normalize_card(card, &o) {
            Ok(n) => {
                out.push(format!("{n:?}"));
                let token_card = TokenCard::of(&n);
                out.push(format!("{token_card:?}"));
            }
            Err(errors) => out.push(format!("{errors:?}")),
        }
    }

    for r in [
        raw(number, "12 / 34", code, "TARO YAMADA"),
        raw(number, "12 / 34", code, number),
        raw(number, "10 / 26", code, "TARO YAMADA"),
    ] {
        out.push(format!("{r:?}"));
        match normalize_details(&r, &DetailsOptions::from(o)) {
            Ok(d) => {
                out.push(format!("{d:?}"));
                out.push(format!("{:?}", d.echo()));
                let request = TokenRequest {
                    payment_details: &d,
                    currency: Some("JPY"),
                };
                out.push(format!("{request:?}"));
            }
            Err(errors) => out.push(format!("{errors:?}")),
        }
    }

    out.push(format!("{:?}", format_card_number(number, Some(3))));
    out.push(format!("{:?}", format_card_number(number, None)));
    let check = validate_number(number, &NumberOptions::default());
    out.push(format!("{check:?}"));
    out.push(format!("{:?}", validate_cvc(code, check.brand)));

    // Errors: a server that echoes the number in its message, code and
    // param; a token response whose id is the number; a key or a currency
    // that is card data typed in the wrong place.
    let echoed = ApiError {
        code: Some(number.chars().filter(|c| !c.is_whitespace()).collect()),
        message: Some(format!("The card {number} was declined.")),
        param: Some(format!("payment_details[{number}]")),
        decline_code: Some(number.chars().filter(|c| !c.is_whitespace()).collect()),
    };
    for status in [402, 422, 500] {
        let e = error_from_status(status, Some(echoed.clone()), None, Locale::En);
        out.push(format!("{e:?} {e}"));
    }
    let bad_token = TokenResponse {
        id: number.to_owned(),
        created_at: None,
        resource: None,
    };
    if let Err(e) = token_from_response(200, bad_token, "credit_card", None) {
        out.push(format!("{e:?} {e}"));
    }
    for key in [number.to_owned(), format!("sk_{number}"), code.to_owned()] {
        if let Err(e) = Config::new(&key) {
            out.push(format!("{e:?} {e}"));
        }
    }
    if let Err(e) = check_currency(code) {
        out.push(format!("{e:?} {e}"));
    }
    let config = Config::new("pk_test_sandbox")
        .unwrap()
        .with_api_base("https://komoju.com")
        .unwrap();
    out.push(format!("{config:?}"));
    out.join("\n")
}

/// What `text` shows of `card` beyond its first six and last four digits, or
/// of its code. `baseline` is the same output for another card of the same
/// brand and length: digits that also appear there are not the card's (a
/// brand's prefix patterns in a `Brand`'s `Debug`, a year, a status).
fn leaks(text: &str, card: &Card, baseline: &str) -> Vec<String> {
    let d = card.digits.as_bytes();
    let mut found = Vec::new();
    // No seven consecutive digits of the number (so neither the whole number
    // nor more than its first six), and not its last five.
    for window in d.windows(7).chain(std::iter::once(&d[d.len() - 5..])) {
        let w = std::str::from_utf8(window).unwrap();
        if text.contains(w) && !baseline.contains(w) {
            found.push(format!("digits {w}"));
        }
    }
    for form in [
        cards::grouped(&card.digits, card.brand.gaps, ' '),
        card.typed.clone(),
    ] {
        if text.contains(&form) {
            found.push(format!("the number as {form:?}"));
        }
    }
    if text.contains(&card.code) && !baseline.contains(&card.code) {
        found.push(format!("the code {}", card.code));
    }
    found
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn no_debug_display_or_error_shows_more_than_six_and_four_digits_or_the_code(seed in any::<u64>(), other in any::<u64>()) {
        let c = card(seed);
        let o = card_like(other, &c);
        // A code that is part of the number would be "shown" by its first six
        // or last four digits.
        prop_assume!(!c.digits.contains(&c.code));
        let text = everything_shown(&c.typed, &c.code);
        let baseline = everything_shown(&o.typed, &o.code);
        let found = leaks(&text, &c, &baseline);
        prop_assert!(found.is_empty(), "{} ({}) shows {:?}:\n{}", tessera::card::mask(&c.digits), c.brand.kind, found, text);
    }

    #[test]
    fn secret_strings_show_only_a_mask_whatever_they_hold(value in any::<String>()) {
        let shown = format!("{:?}", SecretString::from(value.as_str()));
        let digits = shown.bytes().filter(u8::is_ascii_digit).count();
        // "SecretString(<N chars>)" or a card mask: never more than 10 digits of the value.
        prop_assert!(digits <= 10 + 2, "{}", shown);
        if value.chars().count() > 3 {
            prop_assert!(!shown.contains(&value), "{}", shown);
        }
    }
}

#[test]
fn the_leak_check_catches_a_leak() {
    // The checker itself must see a number or a code shown in full.
    let c = card(1);
    assert!(!leaks(&c.digits, &c, "").is_empty());
    assert!(!leaks(&format!("cvc {}", c.code), &c, "").is_empty());
    let grouped = format_card_number(&c.digits, None);
    assert!(!leaks(&grouped.value, &c, "").is_empty());
    assert!(leaks(&tessera::card::mask(&c.digits), &c, "").is_empty());
}
