//! Calendar months, for expiry dates. The core never reads a clock: "today" is
//! always passed in, so every result is reproducible.

/// A calendar month of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// Four-digit year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
}

impl YearMonth {
    /// A year and month; `None` unless `month` is 1–12 and `year` is 1–9999.
    pub const fn new(year: u16, month: u8) -> Option<YearMonth> {
        if month >= 1 && month <= 12 && year >= 1 && year <= 9999 {
            Some(YearMonth { year, month })
        } else {
            None
        }
    }

    /// The first two digits of the year, as a number of years (2000 for 2026).
    pub const fn century(self) -> u16 {
        self.year / 100 * 100
    }
}
