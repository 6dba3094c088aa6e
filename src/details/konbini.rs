//! Konbini stores and payment deadlines (`expiry_days`).

use crate::prelude::*;

use super::text::folded_trimmed;
use crate::error::ErrorCode;

/// A convenience store chain KOMOJU takes konbini payments at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Store {
    /// `seven-eleven`.
    SevenEleven,
    /// `lawson`.
    Lawson,
    /// `family-mart`.
    FamilyMart,
    /// `ministop`.
    Ministop,
    /// `daily-yamazaki`.
    DailyYamazaki,
    /// `seicomart`.
    Seicomart,
}

impl Store {
    /// Every store.
    pub const ALL: [Store; 6] = [
        Store::SevenEleven,
        Store::Lawson,
        Store::FamilyMart,
        Store::Ministop,
        Store::DailyYamazaki,
        Store::Seicomart,
    ];

    /// The wire name (`"seven-eleven"`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            Store::SevenEleven => "seven-eleven",
            Store::Lawson => "lawson",
            Store::FamilyMart => "family-mart",
            Store::Ministop => "ministop",
            Store::DailyYamazaki => "daily-yamazaki",
            Store::Seicomart => "seicomart",
        }
    }

    /// Parses a store name: trimmed, any case, full-width folded, and `_` or a
    /// space accepted for `-` (`"Family Mart"`, `"seven_eleven"`).
    ///
    /// ```
    /// use tessera::details::Store;
    /// assert_eq!(Store::parse(" Seven_Eleven "), Some(Store::SevenEleven));
    /// assert_eq!(Store::parse("7-11"), None);
    /// ```
    pub fn parse(value: &str) -> Option<Store> {
        let name: String = folded_trimmed(value)
            .chars()
            .map(|c| match c {
                '_' | ' ' => '-',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        Store::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// Validates `expiry_days`: a whole number of days from 1 to `max`, written
/// with ASCII or full-width digits and nothing else (no sign, no decimals).
/// Returned as the string the API takes, without leading zeros (`"03"` → `"3"`).
///
/// ```
/// use tessera::details::normalize_expiry_days;
/// assert_eq!(normalize_expiry_days(" 14 ", 60).unwrap(), "14");
/// assert!(normalize_expiry_days("0", 60).is_err());
/// ```
pub fn normalize_expiry_days(value: &str, max: u32) -> Result<String, ErrorCode> {
    let text = folded_trimmed(value);
    let mut days: u32 = 0;
    for c in text.chars() {
        let d = c.to_digit(10).filter(|_| c.is_ascii_digit());
        days = match d.and_then(|d| days.checked_mul(10)?.checked_add(d)) {
            Some(n) => n,
            None => return Err(ErrorCode::InvalidExpiryDays),
        };
    }
    if !text.is_empty() && (1..=max).contains(&days) {
        Ok(crate::serde_util::decimal(days.into()))
    } else {
        Err(ErrorCode::InvalidExpiryDays)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores() {
        for s in Store::ALL {
            assert_eq!(Store::parse(s.as_str()), Some(s));
            assert_eq!(Store::parse(&s.as_str().to_uppercase()), Some(s));
        }
        assert_eq!(Store::parse("Family Mart"), Some(Store::FamilyMart));
        assert_eq!(Store::parse("ｌａｗｓｏｎ"), Some(Store::Lawson));
        for bad in [
            "",
            "7-eleven",
            "familymart",
            "circle-k",
            "ローソン",
            "lawson!",
        ] {
            assert_eq!(Store::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn expiry_days() {
        assert_eq!(normalize_expiry_days("3", 60).as_deref(), Ok("3"));
        assert_eq!(normalize_expiry_days("060", 60).as_deref(), Ok("60"));
        assert_eq!(normalize_expiry_days("１４", 60).as_deref(), Ok("14"));
        for bad in [
            "",
            "0",
            "61",
            "-1",
            "+3",
            "3.0",
            "3 days",
            "99999999999999999999",
            "٣",
        ] {
            assert_eq!(
                normalize_expiry_days(bad, 60),
                Err(ErrorCode::InvalidExpiryDays),
                "{bad}"
            );
        }
    }
}
