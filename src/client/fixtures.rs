//! What the client's tests start from: a card as a shopper types it and a
//! fixed "today" (tests only).

use crate::date::YearMonth;
use crate::details::RawDetails;

/// A card with `number`, as typed: spaced expiry, a name with stray spaces.
pub fn card(number: &str) -> RawDetails {
    RawDetails {
        number: Some(number.into()),
        expiry: Some("12 / 29".into()),
        verification_value: Some("987".into()),
        name: Some("  TARO YAMADA ".into()),
        ..Default::default()
    }
}

/// November 2026: the cards above are in date.
pub fn today() -> YearMonth {
    YearMonth::new(2026, 11).unwrap()
}
