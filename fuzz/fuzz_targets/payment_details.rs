//! `payment_details` from arbitrary JSON bytes, as a page or a merchant's
//! server could send them: `serde_json::from_slice::<RawDetails>`, then
//! `normalize_details` for every type. Nothing panics, what validates
//! serialises, and no `Debug` (of the input, the result, its echo or the
//! errors) ever contains the card number.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tessera::card::digits;
use tessera::date::YearMonth;
use tessera::details::{is_echoed, normalize_details, DetailsOptions, RawDetails};
use tessera::secret::REDACT_MIN_DIGITS;
use tessera::{Field, SecretString};

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = serde_json::from_slice::<RawDetails>(data) else {
        return;
    };
    let options = DetailsOptions::new(YearMonth::new(2026, 11).unwrap());
    let mut shown = vec![format!("{raw:?}")];
    match normalize_details(&raw, &options) {
        Ok(details) => {
            let wire = serde_json::to_string(&details).expect("a request body");
            assert!(wire.starts_with("{\"type\":"));
            let echo = details.echo();
            assert!(echo.fields().all(|(f, _)| is_echoed(f)));
            serde_json::to_string(&echo).expect("an echo");
            // Credentials are never readable as text.
            for field in [
                Field::Number,
                Field::VerificationValue,
                Field::PrepaidNumber,
            ] {
                assert!(details.get(field).is_none());
            }
            shown.push(format!("{details:?}"));
            shown.push(format!("{echo:?}"));
            if let Some(card) = details.card() {
                shown.push(format!("{card:?}"));
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in &errors {
                shown.push(format!("{e:?} {e}"));
            }
        }
    }
    // The number, when it has enough digits to be masked at all, never shows
    // whole: neither its digits nor the text as typed.
    let number = raw.number.as_ref().map_or("", SecretString::expose);
    if let Some(d) = digits::normalize(number).filter(|d| d.len() >= REDACT_MIN_DIGITS) {
        let d = std::str::from_utf8(&d).unwrap();
        let typed = number.trim_matches(digits::is_separator);
        for text in &shown {
            assert!(!text.contains(d), "{d} in {text}");
            assert!(!text.contains(typed), "{typed} in {text}");
        }
    }
});
